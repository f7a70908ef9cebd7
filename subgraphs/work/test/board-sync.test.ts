/**
 * Board sync: `Board.sequence` + `Subscription.boardEvents` over the real schema and database.
 * A snapshot then the stream gives every reader the same board; resuming with `after` has no gap
 * and no duplicate; a Redis restart loses nothing; slow readers are told to resync; access follows
 * the Board queries.
 */
import { randomUUID } from 'node:crypto';
import { type Identity, RedisEventBus } from '@mc/kit';
import {
  DATABASE_KINDS,
  type DedicatedRedis,
  executeAs,
  startDedicatedRedis,
  startTestSubgraph,
  subscribeAs,
  type TestSubgraph,
  type TestSubscription,
} from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import {
  CREATE_TASK,
  codes,
  createBoard,
  createTask,
  MOVE_TASK,
  makeOrg,
  SET_DEPENDENCIES,
  UPDATE_BOARD,
  UPDATE_TASK,
} from './fixtures.ts';

const BOARD_EVENTS = `subscription($boardId: ID!, $after: Int) { boardEvents(boardId: $boardId, after: $after) {
  sequence type boardId actor { kind id } occurredAt taskId task { id title status version } before after } }`;
const SNAPSHOT = `query($id: ID!) { board(id: $id) { sequence tasks(first: 100) { nodes { id title status version } } } }`;
const DELETE_TASK = `mutation($id: ID!) { deleteTask(id: $id) { __typename } }`;
const COMMENT = `mutation($id: ID!, $body: String!) { addTaskComment(taskId: $id, body: $body) { __typename } }`;
const CREATE_TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id } } }`;
const ATTACH = `mutation($task: ID!, $tags: [ID!]!) { attachTaskTags(taskId: $task, tagIds: $tags) { __typename } }`;

interface BoardEvent {
  sequence: number;
  type: string;
  boardId: string;
  actor: { kind: string; id: string } | null;
  taskId: string | null;
  task: { id: string; title: string; status: string; version: number } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The next `count` board events (fails on an error, the end of the stream, or a timeout). */
async function events(subscription: TestSubscription<{ boardEvents: BoardEvent }>, count: number, ms = 5000) {
  const seen: BoardEvent[] = [];
  while (seen.length < count) {
    const next = await subscription.next(ms);
    if (next === 'done' || next === 'timeout') throw new Error(`${next} after ${seen.length} of ${count} events`);
    expect(next.errors, JSON.stringify(next.errors)).toBeUndefined();
    seen.push((next.data as { boardEvents: BoardEvent }).boardEvents);
  }
  return seen;
}

const agentOf = (orgId: string): Extract<Identity, { kind: 'agent' }> => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

const consecutive = (list: BoardEvent[], from: number) =>
  expect(list.map((event) => event.sequence)).toEqual(list.map((_, index) => from + index));

describe.each(DATABASE_KINDS)('board sync on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind, {
      envSource: { STREAM_BUFFER_SIZE: '20', STREAM_POLL_MS: '200' },
    });
  });
  afterAll(() => subgraph.close());

  const run = (identity: Identity, query: string, variables?: Record<string, unknown>) =>
    executeAs(subgraph.instance, identity, query, variables);
  const subscribe = (identity: Identity, variables: Record<string, unknown>) =>
    subscribeAs<{ boardEvents: BoardEvent }>(subgraph.instance, identity, BOARD_EVENTS, variables);

  it('snapshot then subscribe: every change of the board, in order, with the actor and the current task', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    const first = await createTask(subgraph.instance, org.owner, board.id);
    const snapshot = (await run(org.member, SNAPSHOT, { id: board.id })).data;
    expect(snapshot).toBeNull(); // a member without access reads nothing…
    const reader = org.as('MEMBER', { boards: { [board.id]: 'read' } });
    const { board: state } = (await run(reader, SNAPSHOT, { id: board.id })).data as {
      board: { sequence: number; tasks: { nodes: { id: string }[] } };
    };
    expect(state.sequence).toBe(1);
    expect(state.tasks.nodes.map((task) => task.id)).toEqual([first.id]);

    const subscription = await subscribe(reader, { boardId: board.id, after: state.sequence });
    expect(subscription.errors).toBeUndefined();
    const second = await createTask(subgraph.instance, org.admin, board.id, { title: 'Second' });
    await run(org.owner, UPDATE_TASK, { id: first.id, input: { title: 'Renamed' } });
    await run(org.owner, MOVE_TASK, { id: first.id, status: 'IN_PROGRESS' });
    await run(org.owner, SET_DEPENDENCIES, { id: second.id, deps: [first.id] });
    const tag = (
      await run(org.owner, CREATE_TAG, { input: { name: `tag-${randomUUID().slice(0, 6)}`, color: '#aabbcc' } })
    ).data?.createTag;
    await run(org.owner, ATTACH, { task: first.id, tags: [tag.id] });
    await run(org.owner, COMMENT, { id: first.id, body: 'Looks good' });
    await run(org.owner, DELETE_TASK, { id: second.id });
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { name: 'Renamed board' } });

    const seen = await events(subscription, 8);
    consecutive(seen, 2);
    expect(seen.map((event) => [event.type, event.taskId])).toEqual([
      ['TASK_CREATED', second.id],
      ['TASK_UPDATED', first.id],
      ['TASK_MOVED', first.id],
      ['DEPENDENCIES_CHANGED', second.id],
      ['TAGS_CHANGED', first.id],
      ['TASK_COMMENTED', first.id],
      ['TASK_DELETED', second.id],
      ['BOARD_UPDATED', null],
    ]);
    const admin = org.admin as Extract<Identity, { kind: 'user' }>;
    const owner = org.owner as Extract<Identity, { kind: 'user' }>;
    expect(seen[0].actor).toEqual({ kind: 'USER', id: admin.userId });
    expect(seen[1]).toMatchObject({ actor: { kind: 'USER', id: owner.userId }, before: { title: first.title } });
    expect(seen[2]).toMatchObject({ before: { status: 'INBOX' }, after: { status: 'IN_PROGRESS' } });
    expect(seen[4].after).toEqual({ tagIds: [tag.id] });
    // The task as it is when delivered; a deleted one is null.
    expect(seen[1].task).toMatchObject({ id: first.id, title: 'Renamed', status: 'IN_PROGRESS' });
    expect(seen[6].task).toBeNull();
    expect(seen.every((event) => event.boardId === board.id)).toBe(true);
    const after = (await run(reader, SNAPSHOT, { id: board.id })).data?.board;
    expect(after.sequence).toBe(9);
    await subscription.close();
  });

  it('two admins moving the same task: one CONFLICT, and the stream shows one move', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const subscription = await subscribe(org.admin, { boardId: board.id });
    const other = org.as('ADMIN', { allBoardsWrite: true });
    const results = await Promise.all(
      [org.admin, other].map(
        async (who, index) =>
          (await run(who, MOVE_TASK, { id: task.id, status: index === 0 ? 'IN_PROGRESS' : 'REVIEW', v: task.version }))
            .data?.moveTask,
      ),
    );
    expect(results.map((result) => result.__typename).sort()).toEqual(['Task', 'TaskConflict']);
    await run(org.owner, UPDATE_TASK, { id: task.id, input: { title: 'after the race' } });
    const seen = await events(subscription, 2);
    const winner = results.find((result) => result.__typename === 'Task');
    expect(seen.map((event) => event.type)).toEqual(['TASK_MOVED', 'TASK_UPDATED']);
    expect(seen[0].after).toEqual({ status: winner.status });
    consecutive(seen, 2);
    await subscription.close();
  });

  it('a tag deleted shows as TAGS_CHANGED on the boards of the tasks that carried it; (un)binding a field as BOARD_UPDATED', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const tag = (
      await run(org.owner, CREATE_TAG, { input: { name: `tag-${randomUUID().slice(0, 6)}`, color: '#aabbcc' } })
    ).data?.createTag;
    await run(org.owner, ATTACH, { task: task.id, tags: [tag.id] });
    const field = (
      await run(
        org.owner,
        'mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { ... on CustomField { id } } }',
        { input: { key: `k${randomUUID().slice(0, 6)}`, label: 'Note', type: 'TEXT' } },
      )
    ).data?.createCustomField;
    const { board: state } = (await run(org.owner, SNAPSHOT, { id: board.id })).data as { board: { sequence: number } };
    const subscription = await subscribe(org.owner, { boardId: board.id, after: state.sequence });
    expect(subscription.errors).toBeUndefined();
    await run(org.owner, 'mutation($id: ID!) { deleteTag(id: $id) { __typename } }', { id: tag.id });
    const bind = (verb: string) =>
      run(org.owner, `mutation($f: ID!, $b: ID!) { ${verb}(fieldId: $f, boardId: $b) { __typename } }`, {
        f: field.id,
        b: board.id,
      });
    await bind('bindCustomField');
    await bind('unbindCustomField');
    const seen = await events(subscription, 3);
    expect(seen.map((event) => [event.type, event.taskId])).toEqual([
      ['TAGS_CHANGED', task.id],
      ['BOARD_UPDATED', null],
      ['BOARD_UPDATED', null],
    ]);
    expect(seen[0]).toMatchObject({ before: { tagIds: [tag.id] }, after: { tagIds: [] }, task: { version: 3 } });
    expect(seen[1].after).toMatchObject({ label: 'Note' });
    expect(seen[2].before).toMatchObject({ label: 'Note' });
    await subscription.close();
  });

  it('resumes with after: no gap, no duplicate', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    const first = await subscribe(org.owner, { boardId: board.id, after: 0 });
    const tasks = [];
    for (let n = 0; n < 3; n++) tasks.push(await createTask(subgraph.instance, org.owner, board.id));
    const before = await events(first, 2);
    await first.close();
    // While disconnected, the board goes on.
    for (const task of tasks) await run(org.owner, MOVE_TASK, { id: task.id, status: 'IN_PROGRESS' });
    const resumed = await subscribe(org.owner, { boardId: board.id, after: before[1].sequence });
    await run(org.owner, MOVE_TASK, { id: tasks[0].id, status: 'REVIEW' });
    const rest = await events(resumed, 5);
    consecutive([...before, ...rest], 1);
    expect(rest.map((event) => event.type)).toEqual([
      'TASK_CREATED',
      'TASK_MOVED',
      'TASK_MOVED',
      'TASK_MOVED',
      'TASK_MOVED',
    ]);
    expect(await resumed.next(300)).toBe('timeout');
    await resumed.close();
  });

  it('a slow reader gets RESYNC_REQUIRED once, then the stream ends', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const subscription = await subscribe(org.owner, { boardId: board.id });
    // More changes than the reader's buffer (STREAM_BUFFER_SIZE=20) while it reads nothing.
    for (let n = 0; n < 25; n++) {
      await run(org.owner, CREATE_TASK, { input: { boardId: board.id, title: `t${n}` } });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await subscription.next();
    expect(next).not.toBe('timeout');
    expect(next).not.toBe('done');
    const result = next as Exclude<typeof next, 'done' | 'timeout'>;
    expect(result.data).toBeNull();
    expect(codes(result)).toEqual(['RESYNC_REQUIRED']);
    expect(await subscription.next()).toBe('done');
  });

  it('another organization, a board without access, an unknown board: NOT_FOUND; bad cursors: BAD_USER_INPUT', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const tenant = makeOrg();
    for (const caller of [tenant.owner, agentOf(tenant.id), org.member]) {
      const refused = await subscribe(caller, { boardId: board.id });
      expect(codes({ errors: refused.errors })).toEqual(['NOT_FOUND']);
    }
    expect(codes({ errors: (await subscribe(org.owner, { boardId: randomUUID() })).errors })).toEqual(['NOT_FOUND']);
    expect(codes({ errors: (await subscribe(org.owner, { boardId: board.id, after: 5 })).errors })).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes({ errors: (await subscribe(org.owner, { boardId: board.id, after: -1 })).errors })).toEqual([
      'BAD_USER_INPUT',
    ]);
    const anonymous = await subscribe({ kind: 'anonymous' }, { boardId: board.id });
    expect(codes({ errors: anonymous.errors })).toEqual(['UNAUTHENTICATED']);
    const h5 = await subscribe({ kind: 'h5', h5UserId: randomUUID(), orgId: org.id }, { boardId: board.id });
    expect(codes({ errors: h5.errors })).toEqual(['FORBIDDEN']);
  });

  it('agents: the lead sees every task, a worker its own and unassigned tasks (and deletions, without content)', async () => {
    const org = makeOrg();
    const lead = agentOf(org.id);
    const worker = agentOf(org.id);
    const board = await createBoard(subgraph.instance, org.owner);
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead.agentId } });
    const leadStream = await subscribe(lead, { boardId: board.id });
    const workerStream = await subscribe(worker, { boardId: board.id });
    const theirs = await createTask(subgraph.instance, org.owner, board.id, { assigneeAgentId: randomUUID() });
    const open = await createTask(subgraph.instance, org.owner, board.id);
    await run(org.owner, DELETE_TASK, { id: theirs.id });
    const all = await events(leadStream, 3);
    expect(all.map((event) => [event.type, event.taskId])).toEqual([
      ['TASK_CREATED', theirs.id],
      ['TASK_CREATED', open.id],
      ['TASK_DELETED', theirs.id],
    ]);
    const own = await events(workerStream, 2);
    expect(own.map((event) => [event.sequence, event.type, event.taskId])).toEqual([
      [all[1].sequence, 'TASK_CREATED', open.id],
      [all[2].sequence, 'TASK_DELETED', theirs.id],
    ]);
    expect(own[1]).toMatchObject({ before: null, after: null, task: null });
    await leadStream.close();
    await workerStream.close();
  });

  it('Board.sequence for a list of boards is one statement', async () => {
    const org = makeOrg();
    const boards = [];
    for (let n = 0; n < 3; n++) boards.push(await createBoard(subgraph.instance, org.owner));
    await createTask(subgraph.instance, org.owner, boards[1].id);
    await createTask(subgraph.instance, org.owner, boards[1].id);
    const seen: string[] = [];
    const stop = subgraph.runtime.database.onQuery((statement) => seen.push(statement));
    const result = await run(org.owner, `query { boards(first: 10) { nodes { id sequence } } }`);
    stop();
    const sequences = new Map(
      ((result.data?.boards.nodes ?? []) as { id: string; sequence: number }[]).map((board) => [
        board.id,
        board.sequence,
      ]),
    );
    expect(boards.map((board) => sequences.get(board.id))).toEqual([0, 2, 0]);
    expect(seen.filter((statement) => statement.includes('mc_stream_heads'))).toHaveLength(1);
  });

  it('a deleted board ends its stream after BOARD_DELETED', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const subscription = await subscribe(org.owner, { boardId: board.id });
    await run(org.owner, `mutation($id: ID!) { deleteBoard(id: $id) { __typename } }`, { id: board.id });
    expect((await events(subscription, 1)).map((event) => event.type)).toEqual(['BOARD_DELETED']);
    expect(await subscription.next()).toBe('done');
  });
});

describe('board sync across a Redis restart', () => {
  let redis: DedicatedRedis;
  let subgraph: TestSubgraph<WorkContext>;

  beforeAll(async () => {
    redis = await startDedicatedRedis();
    subgraph = await startTestSubgraph(workModule, 'postgres', {
      bus: new RedisEventBus(redis.url),
      envSource: { STREAM_POLL_MS: '300' },
    });
  });
  afterAll(async () => {
    await subgraph?.close();
    await redis?.stop();
  });

  it('loses nothing: what was committed while Redis was down arrives, in order, once', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const subscription = await subscribeAs<{ boardEvents: BoardEvent }>(subgraph.instance, org.owner, BOARD_EVENTS, {
      boardId: board.id,
    });
    const create = () => createTask(subgraph.instance, org.owner, board.id);
    await create();
    const seen = await events(subscription, 1);
    await redis.stop();
    for (let n = 0; n < 3; n++) await create();
    await redis.start();
    await create();
    seen.push(...(await events(subscription, 4, 15_000)));
    consecutive(seen, 1);
    expect(await subscription.next(500)).toBe('timeout');
    await subscription.close();
  });
});
