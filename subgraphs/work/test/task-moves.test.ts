import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { type TaskMovedEvent, taskMoved } from '../src/events.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createTask, MOVE_TASK, makeOrg, nonHumans } from './fixtures.ts';

const COMMENTS = `query($id: ID!) { task(id: $id) { comments { nodes { body mentions author { kind id } } } } }`;

describe.each(DATABASE_KINDS)('task moves on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  async function setup(rules: Record<string, boolean>) {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, {
      requireApprovalForDone: false,
      ...rules,
    });
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const move = async (status: string, extra: Record<string, unknown> = {}) =>
      (await run(org.owner, MOVE_TASK, { id: task.id, status, ...extra })).data?.moveTask;
    const approvals = subgraph.instance.createContext({} as never).services.taskApprovals;
    return { org, board, task, move, approvals };
  }

  it('moves freely without rules, bumps the version and publishes taskMoved', async () => {
    const { org, task, move } = await setup({});
    const events: TaskMovedEvent[] = [];
    const stop = await subgraph.runtime.bus.subscribe(taskMoved, (event) => events.push(event));
    expect(await move('IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(await move('DONE')).toMatchObject({ status: 'DONE', version: 3 });
    expect(await move('INBOX')).toMatchObject({ status: 'INBOX', version: 4 });
    expect(await move('INBOX')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(await move('REVIEW', { v: 2 })).toMatchObject({
      __typename: 'TaskConflict',
      current: { id: task.id, version: 4, status: 'INBOX' },
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();
    expect(events.filter((e) => e.taskId === task.id).map((e) => [e.from, e.to])).toEqual([
      ['INBOX', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'DONE'],
      ['DONE', 'INBOX'],
    ]);
    const reader = org.as('MEMBER', { allBoardsRead: true });
    expect(codes(await run(reader, MOVE_TASK, { id: task.id, status: 'REVIEW' }))).toEqual(['FORBIDDEN']);
    const tenant = makeOrg();
    expect((await run(tenant.owner, MOVE_TASK, { id: task.id, status: 'REVIEW' })).data?.moveTask).toMatchObject({
      code: 'NOT_FOUND',
    });
    for (const caller of nonHumans(org.id)) {
      expect(codes(await run(caller, MOVE_TASK, { id: task.id, status: 'REVIEW' }))).toEqual(['FORBIDDEN']);
    }
  });

  it('requireReviewBeforeDone: DONE only from REVIEW (REVIEW_REQUIRED)', async () => {
    const { task, move } = await setup({ requireReviewBeforeDone: true });
    expect(await move('DONE')).toMatchObject({ code: 'REVIEW_REQUIRED', ids: [task.id] });
    await move('IN_PROGRESS');
    expect(await move('DONE')).toMatchObject({ code: 'REVIEW_REQUIRED' });
    await move('REVIEW');
    expect(await move('DONE')).toMatchObject({ status: 'DONE' });
  });

  it('commentRequiredForReview: REVIEW needs a comment (COMMENT_REQUIRED), stored as a task comment', async () => {
    const { org, task, move } = await setup({ commentRequiredForReview: true });
    expect(await move('REVIEW')).toMatchObject({ code: 'COMMENT_REQUIRED', field: 'comment' });
    expect(await move('REVIEW', { comment: '   ' })).toMatchObject({ code: 'COMMENT_REQUIRED' });
    expect(await move('REVIEW', { comment: 'x'.repeat(10_001) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'comment',
    });
    expect((await run(org.owner, COMMENTS, { id: task.id })).data?.task.comments.nodes).toEqual([]);
    expect(await move('REVIEW', { comment: ' Ready, @lead please check with @"Ada Lovelace" ' })).toMatchObject({
      status: 'REVIEW',
      version: 2,
    });
    const ownerId = org.owner.kind === 'user' ? org.owner.userId : '';
    expect((await run(org.owner, COMMENTS, { id: task.id })).data?.task.comments.nodes).toEqual([
      {
        body: 'Ready, @lead please check with @"Ada Lovelace"',
        mentions: ['lead', 'Ada Lovelace'],
        author: { kind: 'USER', id: ownerId },
      },
    ]);
    // Other moves need no comment.
    expect(await move('IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it('requireApprovalForDone: DONE needs a granted approval (APPROVAL_REQUIRED)', async () => {
    const { task, move, approvals } = await setup({ requireApprovalForDone: true });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [task.id] });
    const approvalId = randomUUID();
    await approvals.applyApprovalEvent({ approvalId, taskIds: [task.id], status: 'PENDING' });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED' });
    await approvals.applyApprovalEvent({ approvalId, taskIds: [task.id], status: 'REJECTED' });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED' });
    await approvals.applyApprovalEvent({ approvalId: randomUUID(), taskIds: [task.id], status: 'APPROVED' });
    expect(await move('DONE')).toMatchObject({ status: 'DONE' });
  });

  it('the done gate opens only for a done action, and only for the task’s current cycle', async () => {
    const { task, move, approvals } = await setup({ requireApprovalForDone: true });
    // An approval of another action never lets the task finish.
    await approvals.applyApprovalEvent({
      approvalId: randomUUID(),
      taskIds: [task.id],
      status: 'APPROVED',
      actionType: 'deploy',
    });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [task.id] });
    const done = randomUUID();
    await approvals.applyApprovalEvent({
      approvalId: done,
      taskIds: [task.id],
      status: 'PENDING',
      actionType: 'Task.Done',
    });
    await approvals.applyApprovalEvent({ approvalId: done, taskIds: [task.id], status: 'APPROVED' });
    expect(await move('DONE')).toMatchObject({ status: 'DONE' });
    // Reopened: the approval was spent when the task finished; a new one is needed.
    expect(await move('IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED', ids: [task.id] });
    // Redelivering the spent grant does not open the gate again.
    await approvals.applyApprovalEvent({ approvalId: done, taskIds: [task.id], status: 'APPROVED' });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_REQUIRED' });
    await approvals.applyApprovalEvent({
      approvalId: randomUUID(),
      taskIds: [task.id],
      status: 'APPROVED',
      actionType: 'mark_done',
    });
    expect(await move('DONE')).toMatchObject({ status: 'DONE' });
  });

  it('blockStatusChangesWithPendingApproval: no status change while pending (APPROVAL_PENDING)', async () => {
    const { task, move, approvals } = await setup({ blockStatusChangesWithPendingApproval: true });
    const approvalId = randomUUID();
    await approvals.applyApprovalEvent({ approvalId, taskIds: [task.id], status: 'PENDING' });
    expect(await move('IN_PROGRESS')).toMatchObject({ code: 'APPROVAL_PENDING', ids: [task.id] });
    await approvals.applyApprovalEvent({ approvalId, taskIds: [task.id], status: 'APPROVED' });
    expect(await move('IN_PROGRESS')).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it('applyApprovalEvent is idempotent, skips unknown tasks, and never reopens a resolved approval', async () => {
    const { org, board, task, approvals } = await setup({});
    const second = await createTask(subgraph.instance, org.owner, board.id);
    const approvalId = randomUUID();
    const unknown = randomUUID();
    const pending = { approvalId, taskIds: [task.id, second.id, unknown], status: 'PENDING' as const };
    expect((await approvals.applyApprovalEvent(pending)).changedTaskIds.sort()).toEqual([task.id, second.id].sort());
    expect(await approvals.applyApprovalEvent(pending)).toEqual({ changedTaskIds: [] });
    const approved = { ...pending, status: 'APPROVED' as const };
    expect((await approvals.applyApprovalEvent(approved)).changedTaskIds).toHaveLength(2);
    expect(await approvals.applyApprovalEvent(approved)).toEqual({ changedTaskIds: [] });
    // A late redelivery of PENDING, or a contradicting resolution, changes nothing.
    expect(await approvals.applyApprovalEvent(pending)).toEqual({ changedTaskIds: [] });
    expect(await approvals.applyApprovalEvent({ ...pending, status: 'REJECTED' })).toEqual({ changedTaskIds: [] });
    await expect(approvals.applyApprovalEvent({ ...pending, approvalId: 'x' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    // The projection is what the rule reads: the approval still counts as granted.
    await run(
      org.owner,
      'mutation($id: ID!) { updateBoard(id: $id, input: { requireApprovalForDone: true }) { __typename } }',
      {
        id: board.id,
      },
    );
    const done = await run(org.owner, MOVE_TASK, { id: task.id, status: 'DONE' });
    expect(done.data?.moveTask).toMatchObject({ status: 'DONE' });
  });

  it('checks rules in a fixed order: pending approval, blocked, comment, review, approval', async () => {
    const { task, move, approvals } = await setup({
      blockStatusChangesWithPendingApproval: true,
      requireReviewBeforeDone: true,
      requireApprovalForDone: true,
    });
    await approvals.applyApprovalEvent({ approvalId: randomUUID(), taskIds: [task.id], status: 'PENDING' });
    expect(await move('DONE')).toMatchObject({ code: 'APPROVAL_PENDING' });
  });
});
