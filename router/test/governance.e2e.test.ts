/**
 * Governance through the router with real processes: an approval requested and granted by a person
 * on a real board and task, read back with the board and task resolved by work, the board's
 * pending count, the timeline entries, and another organization seeing none of it.
 */
import { describe, expect, it } from 'vitest';
import { useSharedAdminStack } from './support/shared-stack.ts';

const APPROVAL = `__typename ... on Approval { id status board { id name } tasks { id title } resolvedBy { kind id }
  resolvedAt } ... on DomainError { code ids field }`;

describe('governance through the router', () => {
  const admin = useSharedAdminStack();
  const { call } = admin;

  const organization = (name: string) => admin.organization(name);

  it('requests and grants an approval, and shows it in approvals and the timeline', async () => {
    const orgId = await organization('Approvals');
    const board = await call(
      'mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }',
      { input: { name: 'Launch', description: 'Ship it' } },
      orgId,
    );
    const boardId = board.data.createBoard.id;
    const task = await call(
      'mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on Task { id } } }',
      { input: { boardId, title: 'Write the release notes' } },
      orgId,
    );
    const taskId = task.data.createTask.id;

    const input = {
      boardId,
      taskIds: [taskId],
      actionType: 'task.done',
      payload: { summary: 'notes written' },
      confidence: 90,
      rubricScores: [{ criterion: 'complete', score: 95 }],
      reasoning: 'Reviewed by two people',
    };
    const created = await call(
      `mutation($input: CreateApprovalInput!) { createApproval(input: $input) { ${APPROVAL} } }`,
      { input },
      orgId,
    );
    expect(created.errors).toBeUndefined();
    const approval = created.data.createApproval;
    expect(approval).toMatchObject({
      __typename: 'Approval',
      status: 'PENDING',
      board: { id: boardId, name: 'Launch' },
      tasks: [{ id: taskId, title: 'Write the release notes' }],
    });
    const pending = await call('query($id: ID!) { board(id: $id) { pendingApprovalCount } }', { id: boardId }, orgId);
    expect(pending.data.board.pendingApprovalCount).toBe(1);
    const again = await call(
      `mutation($input: CreateApprovalInput!) { createApproval(input: $input) { ${APPROVAL} } }`,
      { input },
      orgId,
    );
    expect(again.data.createApproval).toMatchObject({ __typename: 'DomainError', code: 'CONFLICT', ids: [taskId] });

    const approved = await call(
      `mutation($id: ID!) { approveApproval(id: $id, note: "go") { ${APPROVAL} } }`,
      { id: approval.id },
      orgId,
    );
    expect(approved.data.approveApproval).toMatchObject({ status: 'APPROVED', resolvedBy: { kind: 'USER' } });
    expect(approved.data.approveApproval.resolvedAt).toEqual(expect.any(String));

    const listed = await call(
      'query($boardId: ID!) { approvals(filter: { boardId: $boardId }) { nodes { id status } } board(id: $boardId) { pendingApprovalCount } }',
      { boardId },
      orgId,
    );
    expect(listed.data).toEqual({
      approvals: { nodes: [{ id: approval.id, status: 'APPROVED' }] },
      board: { pendingApprovalCount: 0 },
    });
    const onTask = await call('query($id: ID!) { task(id: $id) { approvals { id status } } }', { id: taskId }, orgId);
    expect(onTask.data?.task.approvals).toEqual([{ id: approval.id, status: 'APPROVED' }]);

    const timeline = async () =>
      (
        await call(
          'query($boardId: ID!) { activity(filter: { boardId: $boardId, types: ["governance.approvalRequested", "governance.approvalResolved"] }) { nodes { type actor { kind } board { name } } } }',
          { boardId },
          orgId,
        )
      ).data?.activity.nodes;
    await expect.poll(timeline, { timeout: 10_000 }).toEqual([
      { type: 'governance.approvalResolved', actor: { kind: 'USER' }, board: { name: 'Launch' } },
      { type: 'governance.approvalRequested', actor: { kind: 'USER' }, board: { name: 'Launch' } },
    ]);

    // Another organization: nothing to see, nothing to change.
    const otherId = await organization('Outsiders');
    const foreign = await call('query($id: ID!) { approval(id: $id) { id } }', { id: approval.id }, otherId);
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const rejected = await call(
      'mutation($id: ID!) { rejectApproval(id: $id, reason: "no") { __typename ... on DomainError { code } } }',
      { id: approval.id },
      otherId,
    );
    expect(rejected.data.rejectApproval).toEqual({ __typename: 'DomainError', code: 'NOT_FOUND' });
    const theirs = await call('{ approvals { nodes { id } } activity { nodes { type } } }', {}, otherId);
    expect(theirs.data.approvals.nodes).toEqual([]);
    expect(theirs.data.activity.nodes.filter((node: { type: string }) => node.type.startsWith('governance.'))).toEqual(
      [],
    );
  });
});
