/**
 * The done gate across subgraphs, with real processes on PostgreSQL + Redis: work refuses DONE
 * without an approval, blocks moves while governance has one pending, and allows DONE once
 * governance's approval event reached it; the timeline shows work's changes with the user as actor.
 */
import { describe, expect, it } from 'vitest';
import { useSharedAdminStack } from './support/shared-stack.ts';

const MOVE = `mutation($id: ID!, $status: TaskStatus!) { moveTask(id: $id, status: $status) {
  __typename ... on Task { status version } ... on DomainError { code ids } } }`;

describe('approval gate through the router', () => {
  const admin = useSharedAdminStack();
  const { call } = admin;

  it('gates DONE on governance approvals and records the moves with the user as actor', async () => {
    const orgId = await admin.organization('Gate');
    const me = await call('{ me { id } }', {}, orgId);
    const userId = me.data.me.id;
    const board = await call(
      `mutation($input: CreateBoardInput!) { createBoard(input: $input) {
        ... on Board { id requireApprovalForDone blockStatusChangesWithPendingApproval } } }`,
      { input: { name: 'Release', description: 'Ship safely', blockStatusChangesWithPendingApproval: true } },
      orgId,
    );
    expect(board.data.createBoard).toMatchObject({
      requireApprovalForDone: true,
      blockStatusChangesWithPendingApproval: true,
    });
    const boardId = board.data.createBoard.id;
    const task = await call(
      'mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on Task { id } } }',
      { input: { boardId, title: 'Tag the release' } },
      orgId,
    );
    const taskId = task.data.createTask.id;
    const move = async (status: string) => (await call(MOVE, { id: taskId, status }, orgId)).data?.moveTask;

    expect(await move('IN_PROGRESS')).toMatchObject({ __typename: 'Task', status: 'IN_PROGRESS' });
    expect(await move('DONE')).toMatchObject({ __typename: 'DomainError', code: 'APPROVAL_REQUIRED' });

    const created = await call(
      `mutation($input: CreateApprovalInput!) { createApproval(input: $input) {
        __typename ... on Approval { id status } ... on DomainError { code } } }`,
      {
        input: {
          boardId,
          taskIds: [taskId],
          actionType: 'task.done',
          confidence: 80,
          reasoning: 'Checklist complete',
        },
      },
      orgId,
    );
    expect(created.data.createApproval).toMatchObject({ __typename: 'Approval', status: 'PENDING' });
    const approvalId = created.data.createApproval.id;

    // Events are asynchronous: DONE stays refused (APPROVAL_REQUIRED) until work saw the request.
    await expect.poll(async () => (await move('DONE'))?.code, { timeout: 10_000 }).toBe('APPROVAL_PENDING');
    expect(await move('REVIEW')).toMatchObject({ code: 'APPROVAL_PENDING', ids: [taskId] });

    const approved = await call(
      'mutation($id: ID!) { approveApproval(id: $id) { __typename ... on Approval { status } } }',
      { id: approvalId },
      orgId,
    );
    expect(approved.data.approveApproval).toEqual({ __typename: 'Approval', status: 'APPROVED' });
    await expect.poll(async () => (await move('DONE'))?.status, { timeout: 10_000 }).toBe('DONE');

    const timeline = async () =>
      (
        await call(
          `query($taskId: ID!) { activity(filter: { taskId: $taskId, types: ["work.taskCreated", "work.taskMoved"] }) {
            nodes { type actor { kind id } task { id } before after } } }`,
          { taskId },
          orgId,
        )
      ).data?.activity.nodes;
    const actor = { kind: 'USER', id: userId };
    const entry = { actor, task: { id: taskId } };
    await expect.poll(timeline, { timeout: 10_000 }).toEqual([
      { ...entry, type: 'work.taskMoved', before: { status: 'IN_PROGRESS' }, after: { status: 'DONE' } },
      { ...entry, type: 'work.taskMoved', before: { status: 'INBOX' }, after: { status: 'IN_PROGRESS' } },
      { ...entry, type: 'work.taskCreated', before: null, after: expect.objectContaining({ status: 'INBOX' }) },
    ]);
  });
});
