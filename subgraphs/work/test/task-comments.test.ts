import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { type TaskCommentEvent, taskCommentAdded } from '../src/events.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createTask, makeOrg, nonHumans } from './fixtures.ts';

const ADD = `mutation($task: ID!, $body: String!) { addTaskComment(taskId: $task, body: $body) {
  __typename ... on TaskComment { id body mentions author { kind id } task { id } createdAt }
  ... on DomainError { code field ids } } }`;
const PAGE = `query($id: ID!, $first: Int, $after: String) { task(id: $id) {
  comments(first: $first, after: $after) { nodes { body } pageInfo { hasNextPage endCursor } } } }`;

describe.each(DATABASE_KINDS)('task comments on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  it('adds comments with the caller as author and raw mentions, pages through them, publishes each', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const writer = org.as('MEMBER', { boards: { [board.id]: 'write' } });
    const writerId = writer.kind === 'user' ? writer.userId : '';
    const events: TaskCommentEvent[] = [];
    const stop = await subgraph.runtime.bus.subscribe(taskCommentAdded, (event) => events.push(event));

    const first = await run(writer, ADD, { task: task.id, body: '  @lead can @Ada take this? mail ada@example.com ' });
    expect(first.data?.addTaskComment).toMatchObject({
      __typename: 'TaskComment',
      body: '@lead can @Ada take this? mail ada@example.com',
      mentions: ['lead', 'Ada'],
      author: { kind: 'USER', id: writerId },
      task: { id: task.id },
    });
    await run(writer, ADD, { task: task.id, body: 'second' });
    await run(org.owner, ADD, { task: task.id, body: 'third' });
    const page = await run(org.owner, PAGE, { id: task.id, first: 2 });
    expect(page.data?.task.comments.nodes.map((n: { body: string }) => n.body)).toEqual([
      '@lead can @Ada take this? mail ada@example.com',
      'second',
    ]);
    expect(page.data?.task.comments.pageInfo.hasNextPage).toBe(true);
    const rest = await run(org.owner, PAGE, { id: task.id, after: page.data?.task.comments.pageInfo.endCursor });
    expect(rest.data?.task.comments.nodes).toEqual([{ body: 'third' }]);

    await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();
    const mine = events.filter((event) => event.taskId === task.id);
    expect(mine).toHaveLength(3);
    expect(mine[0]).toMatchObject({
      boardId: board.id,
      mentions: ['lead', 'Ada'],
      actor: { kind: 'user', id: writerId },
    });
  });

  it('validates the body and enforces access; other tenants get NOT_FOUND', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const add = async (caller: typeof org.owner, body: string, id = task.id) => run(caller, ADD, { task: id, body });
    expect((await add(org.owner, '   ')).data?.addTaskComment).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect((await add(org.owner, 'x'.repeat(10_001))).data?.addTaskComment).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'body',
    });
    expect((await add(org.owner, 'x'.repeat(10_000))).data?.addTaskComment.__typename).toBe('TaskComment');
    expect((await add(org.owner, 'hi', 'nope')).data?.addTaskComment).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'taskId',
    });
    expect((await add(org.owner, 'hi', randomUUID())).data?.addTaskComment).toMatchObject({ code: 'NOT_FOUND' });
    const reader = org.as('MEMBER', { boards: { [board.id]: 'read' } });
    expect(codes(await add(reader, 'hi'))).toEqual(['FORBIDDEN']);
    expect((await run(reader, PAGE, { id: task.id })).data?.task.comments.nodes).toHaveLength(1);
    const tenant = makeOrg();
    expect((await add(tenant.owner, 'hi')).data?.addTaskComment).toMatchObject({ code: 'NOT_FOUND', ids: [task.id] });
    expect(codes(await run(tenant.owner, PAGE, { id: task.id }))).toEqual(['NOT_FOUND']);
    for (const caller of nonHumans(org.id)) expect(codes(await add(caller, 'hi'))).toEqual(['FORBIDDEN']);
  });
});
