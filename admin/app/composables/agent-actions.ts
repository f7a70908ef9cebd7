/**
 * What an admin does to one agent, from the agents list and the agent's page alike: a new token
 * (shown once; the older ones are revoked) and deletion, each after a confirmation; rename, move to
 * another board (or none) and change of role (updateAgent: the gateway is brought up to date, so the
 * agent provisions again). Failures become an inline problem.
 */

import { useMutation } from '@urql/vue';
import { graphql } from '~/graphql/generated';
import type { AgentKind } from '~/graphql/generated/graphql';
import { type Problem, requestProblem, resultProblem } from '~/lib/errors';

const DeleteAgentDocument = graphql(`
  mutation ConsoleDeleteAgent($id: ID!) {
    deleteAgent(id: $id) {
      __typename
      ... on DeleteAgentPayload {
        deletedAgentId
      }
      ...DomainErrorFields
    }
  }
`);

const RotateTokenDocument = graphql(`
  mutation ConsoleRotateAgentToken($agentId: ID!) {
    rotateAgentToken(agentId: $agentId) {
      __typename
      ... on AgentToken {
        token
        agent {
          name
        }
      }
      ...DomainErrorFields
    }
  }
`);

const UpdateAgentDocument = graphql(`
  mutation ConsoleUpdateAgent($id: ID!, $input: UpdateAgentInput!) {
    updateAgent(id: $id, input: $input) {
      __typename
      ... on Agent {
        id
      }
      ...DomainErrorFields
    }
  }
`);

export function useAgentActions() {
  const { t } = useI18n();
  const problem = ref<Problem | null>(null);
  /** A new agent token, shown once. */
  const issued = ref<{ name: string; token: string } | null>(null);
  const remove = useMutation(DeleteAgentDocument);
  const rotate = useMutation(RotateTokenDocument);
  const change = useMutation(UpdateAgentDocument);

  async function rotateToken(agent: { id: string; name: string }) {
    if (!window.confirm(t('fleet.confirmRotate', { name: agent.name }))) return;
    issued.value = null;
    const result = await rotate.executeMutation({ agentId: agent.id });
    const payload = result.data?.rotateAgentToken;
    problem.value = result.error ? requestProblem(result.error) : resultProblem(payload, 'AgentToken');
    if (!problem.value && payload?.__typename === 'AgentToken')
      issued.value = { name: payload.agent.name, token: payload.token };
  }

  /** Whether the agent was deleted (false when the operator cancelled or the API refused). */
  async function destroy(agent: { id: string; name: string }): Promise<boolean> {
    if (!window.confirm(t('fleet.confirmDeleteAgent', { name: agent.name }))) return false;
    const result = await remove.executeMutation({ id: agent.id });
    problem.value = result.error
      ? requestProblem(result.error)
      : resultProblem(result.data?.deleteAgent, 'DeleteAgentPayload');
    return !problem.value;
  }

  /** Whether the change was saved; `boardId` null takes the agent off its board. */
  async function update(
    id: string,
    input: { name: string; boardId: string | null; kind: AgentKind },
  ): Promise<boolean> {
    const result = await change.executeMutation({ id, input });
    problem.value = result.error ? requestProblem(result.error) : resultProblem(result.data?.updateAgent, 'Agent');
    return !problem.value;
  }

  return {
    problem,
    issued,
    rotateToken,
    destroy,
    update,
    busy: computed(() => remove.fetching.value || rotate.fetching.value || change.fetching.value),
  };
}
