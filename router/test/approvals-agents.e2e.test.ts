/**
 * Approvals and agents, and approvals of deleted work, through the router with real processes on
 * PostgreSQL + Redis: the board's lead requests for any task of its board, the assignee for its
 * task (the approval and the timeline name the agent), another worker of the organization is
 * FORBIDDEN with the task ids, another organization's agent NOT_FOUND, agents never decide; a
 * deleted task's pending approval is CANCELLED with a timeline entry, a multi-task approval keeps
 * gating the tasks left (dropping the deleted one is its own entry, live on the activity stream),
 * and a deleted board cancels all of its pending approvals. The lead and agents assigned on a board
 * read its approvals (by id, in its list, on its tasks) and its pending count; other agents are refused.
 */
import { describe, expect, it } from 'vitest';
import { MOVE, useSharedWorkStack } from './support/work-fixtures.ts';

const CREATE = `mutation($input: CreateApprovalInput!) { createApproval(input: $input) {
  __typename ... on Approval { id status requestedBy { kind id } tasks { id } } ... on DomainError { code ids } } }`;
const GET = `query($id: ID!) { approval(id: $id) { id status resolvedAt resolutionNote resolvedBy { kind id } tasks { id } } }`;
const TIMELINE = `query($filter: ActivityFilter) { activity(filter: $filter) { edges { node { type actor { kind id } } } } }`;

const input = (boardId: string, taskIds: string[]) => ({
  boardId,
  taskIds,
  actionType: 'task.done',
  confidence: 70,
  reasoning: 'Ready for a decision',
});

describe('approvals and agents through the router', () => {
  const work = useSharedWorkStack();

  it('the lead and the assignee request approvals; another worker is FORBIDDEN, another organization NOT_FOUND', async () => {
    const orgId = await work.organization('Agent approvals');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { blockStatusChangesWithPendingApproval: true });
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    const bystander = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const unassigned = await work.task(orgId, boardId);
    const assigned = await work.task(orgId, boardId, { assigneeAgentId: worker.agentId });
    const foreignOrg = await work.organization('Other approvals');
    const foreigner = await work.agent(foreignOrg);

    const byLead = await lead.call(CREATE, { input: input(boardId, [unassigned]) });
    expect(byLead.data?.createApproval, JSON.stringify(byLead)).toMatchObject({
      __typename: 'Approval',
      status: 'PENDING',
      requestedBy: { kind: 'AGENT', id: lead.agentId },
    });
    const byWorker = await worker.call(CREATE, { input: input(boardId, [assigned]) });
    expect(byWorker.data?.createApproval).toMatchObject({
      __typename: 'Approval',
      requestedBy: { kind: 'AGENT', id: worker.agentId },
      tasks: [{ id: assigned }],
    });

    const refused = await bystander.call(CREATE, { input: input(boardId, [assigned, unassigned]) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', ids: [assigned, unassigned] });
    const stranger = await foreigner.call(CREATE, { input: input(boardId, [assigned]) });
    expect(stranger.data?.createApproval).toMatchObject({ code: 'NOT_FOUND', ids: [boardId] });

    // The board's approvals as seen from its tasks and the board: the lead and agents assigned on the
    // board read them; an agent of the organization without a task there, and another organization's, do not.
    const SEEN = `query($task: ID!, $board: ID!) { task(id: $task) { id approvals { id status } }
      board(id: $board) { id pendingApprovalCount } }`;
    for (const reader of [lead, worker]) {
      const seen = await reader.call(SEEN, { task: unassigned, board: boardId });
      expect(seen.errors, JSON.stringify(seen.errors)).toBeUndefined();
      expect(seen.data).toEqual({
        task: { id: unassigned, approvals: [{ id: byLead.data.createApproval.id, status: 'PENDING' }] },
        board: { id: boardId, pendingApprovalCount: 2 },
      });
    }
    // (Work lets any agent of the organization read an unassigned task; its approvals are governance's.)
    const notOnBoard = await bystander.call(SEEN, { task: unassigned, board: boardId });
    expect(notOnBoard.errors?.map((error: any) => error.extensions?.code)).toEqual(
      expect.arrayContaining(['FORBIDDEN']),
    );
    expect(JSON.stringify(notOnBoard.data ?? null)).not.toContain(byLead.data.createApproval.id);
    expect(notOnBoard.data?.board?.pendingApprovalCount ?? null).toBeNull();
    const outsider = await foreigner.call(SEEN, { task: unassigned, board: boardId });
    expect(outsider.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(outsider.data ?? null)).not.toContain(byLead.data.createApproval.id);
    expect(outsider.data?.board?.pendingApprovalCount ?? null).toBeNull();
    // The same rule by id and in the board's list; without a task there, an agent sees its own requests only.
    const BY_ID = `query($id: ID!) { approval(id: $id) { id } }`;
    const LIST = `query($boardId: ID!) { approvals(filter: { boardId: $boardId }) { nodes { id } } }`;
    expect((await worker.call(BY_ID, { id: byLead.data.createApproval.id })).data?.approval).toEqual({
      id: byLead.data.createApproval.id,
    });
    expect((await worker.call(LIST, { boardId })).data?.approvals.nodes).toHaveLength(2);
    expect((await bystander.call(BY_ID, { id: byLead.data.createApproval.id })).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await bystander.call(LIST, { boardId })).data?.approvals.nodes).toEqual([]);

    // Agents never decide; the timeline shows the agents as the requesters.
    const approve = 'mutation($id: ID!) { approveApproval(id: $id) { __typename } }';
    const byAgent = await lead.call(approve, { id: byWorker.data.createApproval.id });
    expect(byAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const requests = await admin(TIMELINE, { filter: { boardId, types: ['governance.approvalRequested'] } });
    expect(requests.data.activity.edges.map((edge: any) => edge.node.actor)).toEqual(
      expect.arrayContaining([
        { kind: 'AGENT', id: lead.agentId },
        { kind: 'AGENT', id: worker.agentId },
      ]),
    );

    // The done gate counts an agent's request like anyone's.
    await expect
      .poll(async () => (await admin(MOVE, { id: assigned, status: 'IN_PROGRESS' })).data?.moveTask.code, {
        timeout: 10_000,
      })
      .toBe('APPROVAL_PENDING');
  });

  it('cancels the pending approval of a deleted task; a multi-task approval keeps gating the tasks left', async () => {
    const orgId = await work.organization('Deleted tasks');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { blockStatusChangesWithPendingApproval: true });
    const [solo, left, right] = [
      await work.task(orgId, boardId),
      await work.task(orgId, boardId),
      await work.task(orgId, boardId),
    ];
    const single = (await admin(CREATE, { input: input(boardId, [solo]) })).data.createApproval;
    const pair = (await admin(CREATE, { input: input(boardId, [left, right]) })).data.createApproval;
    expect([single.status, pair.status]).toEqual(['PENDING', 'PENDING']);

    const remove = 'mutation($id: ID!) { deleteTask(id: $id) { __typename } }';
    await admin(remove, { id: solo });
    await expect
      .poll(async () => (await admin(GET, { id: single.id })).data?.approval.status, { timeout: 10_000 })
      .toBe('CANCELLED');
    const cancelled = (await admin(GET, { id: single.id })).data.approval;
    expect(cancelled).toMatchObject({
      resolvedBy: { kind: 'SYSTEM', id: 'governance' },
      resolutionNote: 'Every task of this approval was deleted',
    });
    expect(cancelled.resolvedAt).toEqual(expect.any(String));
    const entries = await admin(TIMELINE, { filter: { taskId: solo, types: ['governance.approvalCancelled'] } });
    expect(entries.data.activity.edges.map((edge: any) => edge.node)).toEqual([
      { type: 'governance.approvalCancelled', actor: { kind: 'SYSTEM', id: 'governance' } },
    ]);

    // Dropping a deleted task from the pair is its own timeline entry, live on the activity stream.
    const after: number = (await admin('{ activitySequence }')).data.activitySequence;
    const dropped = work.subscribeOnce(
      { token: work.env.stack.env.LOCAL_AUTH_TOKEN, orgId },
      `subscription($filter: ActivityStreamFilter, $after: Int) { activityEvents(filter: $filter, after: $after) {
        type actor { kind id } before after } }`,
      { filter: { boardId, types: ['governance.approvalTasksDropped'] }, after },
    );
    await admin(remove, { id: left });
    await expect
      .poll(async () => (await admin(GET, { id: pair.id })).data?.approval.tasks, { timeout: 10_000 })
      .toEqual([{ id: right }]);
    expect((await admin(GET, { id: pair.id })).data.approval.status).toBe('PENDING');
    const droppedEntry = {
      type: 'governance.approvalTasksDropped',
      actor: { kind: 'SYSTEM', id: 'governance' },
      before: { taskIds: [left, right] },
      after: { status: 'PENDING', actionType: 'task.done', taskIds: [right], droppedTaskIds: [left] },
    };
    expect(await dropped).toEqual({ kind: 'next', data: { activityEvents: droppedEntry }, errors: undefined });
    const filed = await admin(
      'query($filter: ActivityFilter) { activity(filter: $filter) { edges { node { type actor { kind id } before after } } } }',
      { filter: { taskId: left, types: ['governance.approvalTasksDropped'] } },
    );
    expect(filed.data.activity.edges.map((edge: any) => edge.node)).toEqual([droppedEntry]);
    // The task left still waits for the decision.
    await expect
      .poll(async () => (await admin(MOVE, { id: right, status: 'IN_PROGRESS' })).data?.moveTask.code, {
        timeout: 10_000,
      })
      .toBe('APPROVAL_PENDING');
  });

  it('cancels every pending approval of a deleted board', async () => {
    const orgId = await work.organization('Deleted board');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const ids: string[] = [];
    for (const taskIds of [[await work.task(orgId, boardId)], [await work.task(orgId, boardId)]]) {
      ids.push((await admin(CREATE, { input: input(boardId, taskIds) })).data.createApproval.id);
    }
    const deleted = await admin('mutation($id: ID!) { deleteBoard(id: $id) { __typename } }', { id: boardId });
    expect(deleted.data.deleteBoard.__typename).toBe('DeleteBoardPayload');
    const statuses = async () =>
      (await admin('{ approvals(first: 100) { nodes { id status resolutionNote } } }')).data.approvals.nodes;
    await expect
      .poll(async () => (await statuses()).map((node: any) => node.status), { timeout: 10_000 })
      .toEqual(['CANCELLED', 'CANCELLED']);
    expect((await statuses()).map((node: any) => node.resolutionNote)).toEqual([
      'The board was deleted',
      'The board was deleted',
    ]);
  });
});
