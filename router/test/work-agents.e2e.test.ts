/**
 * Agents on boards through the router with a real agent token: the owner creates an agent token
 * (identity), the token becomes `{kind: 'agent', …}` at the router, and the work subgraph lets the
 * worker move its own task — taking and handing off ownership — while refusing another agent's
 * task (ASSIGNEE_MISMATCH) and title edits (FIELD_FORBIDDEN); the timeline shows the agent as actor.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql, type ProductionStack } from './support/processes.ts';
import { sharedProductionStack } from './support/shared-stack.ts';

const RESULT = `__typename ... on Task { id status assigneeAgentId lastWorkerAgentId }
  ... on DomainError { code ids field }`;

describe('agents on boards through the router', () => {
  let stack: ProductionStack;

  beforeAll(async () => {
    stack = await sharedProductionStack();
  }, 180_000);

  it('a worker agent moves its own task and is refused another agent’s', async () => {
    const admin = (orgId?: string) => bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
    const asAdmin = async (query: string, variables: Record<string, unknown>, orgId?: string) =>
      (await gql(stack.routerUrl, query, variables, admin(orgId))).body;
    const org = await asAdmin(
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
      { input: { name: 'Agents', slug: `agents-${Date.now()}` } },
    );
    const orgId: string = org.data.createOrganization.id;
    const workerId = randomUUID();
    const otherId = randomUUID();
    const leadId = randomUUID();
    const token = await asAdmin(
      `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
        __typename ... on CreatedMachineCredential { token } ... on DomainError { code } } }`,
      { input: { organizationId: orgId, agentId: workerId, name: 'worker' } },
      orgId,
    );
    const agentToken: string = token.data.createAgentToken.token;
    expect(agentToken).toMatch(/^mca_/);

    const board = await asAdmin(
      `mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`,
      { input: { name: 'Fleet', description: 'Agent work', requireApprovalForDone: false } },
      orgId,
    );
    const boardId: string = board.data.createBoard.id;
    const lead = await asAdmin(
      `mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) {
        ... on Board { leadAgentId } } }`,
      { id: boardId, input: { leadAgentId: leadId } },
      orgId,
    );
    expect(lead.data.updateBoard.leadAgentId).toBe(leadId);
    const create = async (assigneeAgentId: string | null) =>
      (
        await asAdmin(
          'mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on Task { id } } }',
          { input: { boardId, title: 'Task', assigneeAgentId } },
          orgId,
        )
      ).data.createTask.id as string;
    const mine = await create(null);
    const theirs = await create(otherId);

    const asAgent = async (query: string, variables: Record<string, unknown>) =>
      (await gql(stack.routerUrl, query, variables, bearer(agentToken))).body;
    const MOVE = `mutation($id: ID!, $status: TaskStatus!) { moveTask(id: $id, status: $status) { ${RESULT} } }`;

    const listed = await asAgent('query($id: ID!) { board(id: $id) { tasks { nodes { id } } } }', { id: boardId });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.board.tasks.nodes.map((node: { id: string }) => node.id)).toEqual([mine]);

    const taken = await asAgent(MOVE, { id: mine, status: 'IN_PROGRESS' });
    expect(taken.data.moveTask).toMatchObject({ status: 'IN_PROGRESS', assigneeAgentId: workerId });
    const reviewed = await asAgent(MOVE, { id: mine, status: 'REVIEW' });
    expect(reviewed.data.moveTask).toMatchObject({
      status: 'REVIEW',
      assigneeAgentId: leadId,
      lastWorkerAgentId: workerId,
    });

    const refused = await asAgent(MOVE, { id: theirs, status: 'IN_PROGRESS' });
    expect(refused.data.moveTask).toMatchObject({ code: 'ASSIGNEE_MISMATCH', ids: [theirs] });
    const renamed = await asAgent(
      `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${RESULT} } }`,
      { id: mine, input: { title: 'Mine now' } },
    );
    expect(renamed.data.updateTask).toMatchObject({ code: 'FIELD_FORBIDDEN', field: 'input.title' });

    const task = await asAdmin('query($id: ID!) { task(id: $id) { status assigneeAgentId } }', { id: theirs }, orgId);
    expect(task.data.task).toMatchObject({ status: 'INBOX', assigneeAgentId: otherId });

    // The timeline shows the agent as the actor of its moves, with the hand-offs.
    const timeline = async () =>
      (
        await asAdmin(
          `query($taskId: ID!) { activity(filter: { taskId: $taskId, types: ["work.taskMoved"] }) {
            nodes { actor { kind id } before after } } }`,
          { taskId: mine },
          orgId,
        )
      ).data?.activity.nodes;
    const actor = { kind: 'AGENT', id: workerId };
    await expect.poll(timeline, { timeout: 10_000 }).toEqual([
      {
        actor,
        before: { status: 'IN_PROGRESS', assigneeAgentId: workerId },
        after: { status: 'REVIEW', assigneeAgentId: leadId },
      },
      {
        actor,
        before: { status: 'INBOX', assigneeAgentId: null },
        after: { status: 'IN_PROGRESS', assigneeAgentId: workerId },
      },
    ]);
  }, 60_000);
});
