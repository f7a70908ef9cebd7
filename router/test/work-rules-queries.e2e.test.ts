/**
 * The admin-facing reads through the router, with each identity: task filters (status, assignee,
 * tag, due before, text) with cursor pages, counts per status, a worker's narrower view, and flow
 * metrics per board and group (throughput, cycle time, WIP, bucket bounds) built from work's events.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ATTACH_TAGS, CREATE_TAG, EVENTUALLY, errorCode, MOVE, useSharedWorkStack } from './support/work-fixtures.ts';

const TASKS = `query($id: ID!, $filter: TaskFilter, $first: Int, $after: String) { board(id: $id) {
  tasks(filter: $filter, first: $first, after: $after) { nodes { title } pageInfo { hasNextPage endCursor } } } }`;

describe('work reads and flow metrics through the router', { timeout: 90_000 }, () => {
  const work = useSharedWorkStack();

  it('filters tasks by status, assignee, tag, due date and text, a page at a time; a worker sees its share', async () => {
    const orgId = await work.organization('Filters');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId, { requireApprovalForDone: false });
    const worker = await work.agent(orgId);
    const other = randomUUID();
    const tag = (await admin(CREATE_TAG, { input: { name: 'Urgent', color: '#ff0000' } })).data.createTag.id;
    const alpha = await work.task(orgId, boardId, { title: 'Alpha report', dueAt: '2030-01-01T00:00:00Z' });
    const beta = await work.task(orgId, boardId, { title: 'Beta launch', assigneeAgentId: worker.agentId });
    await work.task(orgId, boardId, { title: 'Gamma report', assigneeAgentId: other, dueAt: '2031-01-01T00:00:00Z' });
    await admin(ATTACH_TAGS, { id: alpha, tags: [tag] });
    await admin(MOVE, { id: beta, status: 'IN_PROGRESS' });

    const titles = async (filter: Record<string, unknown>, call = admin) =>
      (await call(TASKS, { id: boardId, filter })).data?.board.tasks.nodes.map((node: { title: string }) => node.title);
    expect(await titles({})).toEqual(['Alpha report', 'Beta launch', 'Gamma report']);
    expect(await titles({ status: ['IN_PROGRESS'] })).toEqual(['Beta launch']);
    expect(await titles({ status: ['INBOX', 'DONE'] })).toEqual(['Alpha report', 'Gamma report']);
    expect(await titles({ assigneeAgentId: other })).toEqual(['Gamma report']);
    expect(await titles({ tagId: tag })).toEqual(['Alpha report']);
    expect(await titles({ dueBefore: '2030-06-01T00:00:00Z' })).toEqual(['Alpha report']);
    expect(await titles({ text: 'report' })).toEqual(['Alpha report', 'Gamma report']);
    expect(await titles({ text: 'report', status: ['INBOX'], tagId: tag })).toEqual(['Alpha report']);
    // A worker sees its own and the unassigned tasks, filtered the same way.
    expect(await titles({}, worker.call)).toEqual(['Alpha report', 'Beta launch']);
    expect(await titles({ text: 'report' }, worker.call)).toEqual(['Alpha report']);
    const bad = await admin(TASKS, { id: boardId, filter: { text: 'x'.repeat(201) } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');

    const first = (await admin(TASKS, { id: boardId, first: 2 })).data.board.tasks;
    expect(first.nodes.map((node: { title: string }) => node.title)).toEqual(['Alpha report', 'Beta launch']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await admin(TASKS, { id: boardId, first: 2, after: first.pageInfo.endCursor })).data.board.tasks;
    expect(second).toEqual({
      nodes: [{ title: 'Gamma report' }],
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
    expect(errorCode(await admin(TASKS, { id: boardId, first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await admin(TASKS, { id: boardId, after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');

    const counts = await admin(
      'query($id: ID!) { board(id: $id) { taskCounts { inbox inProgress review done total } } }',
      {
        id: boardId,
      },
    );
    expect(counts.data.board.taskCounts).toEqual({ inbox: 2, inProgress: 1, review: 0, done: 0, total: 3 });
  });

  it('flow metrics per board and group: throughput, cycle time and WIP, for readers of the board only', async () => {
    const orgId = await work.organization('Metrics');
    const admin = work.admin(orgId);
    const group = (await admin('mutation { createBoardGroup(input: { name: "Flow" }) { ... on BoardGroup { id } } }'))
      .data.createBoardGroup.id;
    const first = await work.board(orgId, { requireApprovalForDone: false, groupId: group });
    const second = await work.board(orgId, { requireApprovalForDone: false, groupId: group });
    const move = async (id: string, ...statuses: string[]) => {
      for (const status of statuses) {
        expect((await admin(MOVE, { id, status })).data.moveTask.status).toBe(status);
      }
    };
    await move(await work.task(orgId, first), 'IN_PROGRESS', 'DONE');
    await move(await work.task(orgId, first), 'IN_PROGRESS');
    await move(await work.task(orgId, second), 'IN_PROGRESS', 'REVIEW');
    await move(await work.task(orgId, second), 'IN_PROGRESS', 'REVIEW', 'DONE');
    await work.task(orgId, second);

    const METRICS = `query($b: ID!, $g: ID!, $n: Int) {
      board: boardMetrics(boardId: $b, window: DAY, buckets: $n) { window boards { id } buckets { throughput wip }
        current { throughput wip meanCycleTimeSeconds } previous { throughput wip } }
      group: groupMetrics(boardGroupId: $g, window: WEEK, buckets: $n) { boards { id } current { throughput wip } } }`;
    const read = async (call = admin, n = 3) => (await call(METRICS, { b: first, g: group, n })).data;
    await expect.poll(async () => (await read())?.group.current, EVENTUALLY).toEqual({ throughput: 2, wip: 2 });
    const metrics = await read();
    expect(metrics.board).toMatchObject({
      window: 'DAY',
      boards: [{ id: first }],
      current: { throughput: 1, wip: 1 },
      previous: { throughput: 0, wip: 0 },
    });
    expect(metrics.board.buckets).toHaveLength(3);
    expect(metrics.board.buckets[2]).toEqual({ throughput: 1, wip: 1 });
    expect(metrics.board.current.meanCycleTimeSeconds).toBeGreaterThanOrEqual(0);
    expect(metrics.group.boards.map((board: { id: string }) => board.id).sort()).toEqual([first, second].sort());

    for (const buckets of [0, 91]) {
      expect(errorCode(await admin(METRICS, { b: first, g: group, n: buckets }))).toBe('BAD_USER_INPUT');
    }
    // A member who reads only the first board sees its metrics, and the group's over that board alone.
    const reader = await work.member(orgId, 'MEMBER', { boards: [{ boardId: first, permission: 'READ' }] });
    const scoped = await read(reader);
    expect(scoped.board.current).toMatchObject({ throughput: 1, wip: 1 });
    expect(scoped.group).toEqual({ boards: [{ id: first }], current: { throughput: 1, wip: 1 } });
    const unseen = await reader('query($b: ID!) { boardMetrics(boardId: $b, window: DAY) { current { wip } } }', {
      b: second,
    });
    expect(errorCode(unseen)).toBe('NOT_FOUND');
  });
});
