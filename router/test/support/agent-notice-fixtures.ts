/**
 * Set-up of the scenarios in which fleet tells an agent something on its gateway (@mentions, webhook
 * payloads): for one `describe` block the gateway simulator as a process and the shared stack; then a
 * gateway on the simulator, an agent that fleet provisions there and that checks in (ONLINE), and what
 * the agent's main session on the simulator received. Every scenario makes its own organization.
 */
import { type ChatMessage, sessionKeyFor } from '@mc/gateway-link';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AdminStack } from './admin-stack.ts';
import { checkInAgent, simulatorLink } from './chat-fixtures.ts';
import { bearer } from './processes.ts';
import { sharedAdminStack } from './shared-stack.ts';
import { type SimulatorFixture, useSimulator } from './simulator.ts';

export interface NoticeStack {
  /** The shared stack, driven as the local admin; read it inside a hook or test. */
  readonly admin: AdminStack;
  readonly simulator: SimulatorFixture;
}

/** The simulator (accepting `gatewayToken`) and the shared stack, started before the block's tests. */
export function useNoticeStack(gatewayToken: string): NoticeStack {
  const simulator = useSimulator(gatewayToken);
  let admin: AdminStack | undefined;
  // Five subgraphs and the router start one after another: minutes on a loaded 2-core machine.
  beforeAll(async () => {
    admin = await sharedAdminStack();
  }, 360_000);
  afterAll(async () => {
    await admin?.stop();
  });
  return {
    get admin() {
      if (!admin) throw new Error('the stack is not running: read it in a hook or a test');
      return admin;
    },
    simulator,
  };
}

/** A gateway of `orgId` that fleet dials out to: the simulator. Its id. */
export async function simulatorGateway(admin: AdminStack, orgId: string, simulator: SimulatorFixture): Promise<string> {
  const created = await admin.call(
    `mutation($input: CreateGatewayInput!) { createGateway(input: $input) {
      __typename ... on Gateway { id } ... on DomainError { code field } } }`,
    { input: { name: 'sim', url: simulator.url, token: simulator.token, workspaceRoot: '/srv/agents' } },
    orgId,
  );
  expect(created.data.createGateway, JSON.stringify(created)).toMatchObject({ __typename: 'Gateway' });
  return created.data.createGateway.id;
}

/** An agent of `orgId` created on `gatewayId` (fleet starts provisioning it). Its id. */
export async function createAgent(admin: AdminStack, orgId: string, gatewayId: string, name: string): Promise<string> {
  const created = await admin.call(
    `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
      __typename ... on Agent { id } ... on DomainError { code field } } }`,
    { input: { name, gatewayId } },
    orgId,
  );
  expect(created.data.createAgent, JSON.stringify(created)).toMatchObject({ __typename: 'Agent' });
  return created.data.createAgent.id;
}

/** Waits until fleet provisioned the agent on the simulator and woke it; it checks in with its token: ONLINE. */
export async function checkInWhenWoken(admin: AdminStack, orgId: string, agentId: string): Promise<void> {
  await expect
    .poll(
      async () =>
        (await admin.call(`query($id: ID!) { agent(id: $id) { wakeAttempts } }`, { id: agentId }, orgId)).data.agent
          .wakeAttempts,
      { timeout: 60_000 },
    )
    .toBeGreaterThanOrEqual(1);
  const headers = bearer(admin.stack.env.LOCAL_AUTH_TOKEN, orgId);
  expect(await checkInAgent(admin.stack.routerUrl, headers, agentId)).toEqual({
    __typename: 'Agent',
    status: 'ONLINE',
  });
}

/**
 * The agent's main session on the simulator, as the operator UI reads it: `told()` lists the messages
 * fleet sent it (role `user`) whose text contains `marker`. Close it when done.
 */
export function mainSession(simulator: SimulatorFixture, agentId: string, marker: string) {
  const link = simulatorLink(simulator.url, simulator.token);
  return {
    told: async (): Promise<ChatMessage[]> =>
      (await link.chatHistory(sessionKeyFor(`mc-${agentId}`), { limit: 50 })).filter(
        (message) => message.role === 'user' && message.text.includes(marker),
      ),
    close: () => link.close(),
  };
}
