import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createTask, MOVE_TASK, makeOrg, SET_DEPENDENCIES } from './fixtures.ts';

/** Marks the async context of the request being measured. */
const scope = new AsyncLocalStorage<symbol>();

const TASKS = `query($board: ID!, $filter: TaskFilter, $first: Int, $after: String) {
  board(id: $board) { tasks(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`;

describe.each(DATABASE_KINDS)('task lists and counts on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  /**
   * The statements `fn` itself issues: only those logged inside its async context count, so the
   * kit's background loops on the same pool (outbox relay, inbox consumers, stream publishers)
   * never do, whatever they happen to run meanwhile.
   */
  async function statements(fn: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const measured = Symbol('measured');
    const stop = subgraph.runtime.database.onQuery((sql) => {
      if (scope.getStore() === measured) seen.push(sql);
    });
    try {
      await scope.run(measured, fn);
    } finally {
      stop();
    }
    return seen;
  }

  async function ids(board: string, variables: Record<string, unknown>): Promise<string[]> {
    const result = await run(owner, TASKS, { board, ...variables });
    expect(result.errors, String(result.internal)).toBeUndefined();
    return result.data?.board.tasks.edges.map((edge: { node: { id: string } }) => edge.node.id);
  }
  let owner: Identity;

  it('pages through tasks in creation order and filters by status, assignee, due date and text', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    owner = org.owner;
    const agent = randomUUID();
    const a = await createTask(subgraph.instance, org.owner, board.id, {
      title: 'Fix the 100% CPU bug',
      assigneeAgentId: agent,
      dueAt: '2030-01-01T00:00:00.000Z',
    });
    const b = await createTask(subgraph.instance, org.owner, board.id, {
      title: 'Write docs',
      description: 'Explain the CPU_LIMIT setting',
    });
    const c = await createTask(subgraph.instance, org.owner, board.id, {
      title: 'Release',
      dueAt: '2030-06-01T00:00:00.000Z',
      assigneeAgentId: agent,
    });
    const other = makeOrg(); // another tenant's task never shows up
    await createTask(subgraph.instance, other.owner, (await createBoard(subgraph.instance, other.owner)).id);
    await run(org.owner, MOVE_TASK, { id: b.id, status: 'IN_PROGRESS' });

    expect(await ids(board.id, {})).toEqual([a.id, b.id, c.id]);
    const first = await run(org.owner, TASKS, { board: board.id, first: 2 });
    expect(first.data?.board.tasks.pageInfo.hasNextPage).toBe(true);
    expect(await ids(board.id, { first: 2, after: first.data?.board.tasks.pageInfo.endCursor })).toEqual([c.id]);

    expect(await ids(board.id, { filter: { status: ['IN_PROGRESS'] } })).toEqual([b.id]);
    expect(await ids(board.id, { filter: { status: ['INBOX', 'DONE'] } })).toEqual([a.id, c.id]);
    expect(await ids(board.id, { filter: { assigneeAgentId: agent } })).toEqual([a.id, c.id]);
    expect(await ids(board.id, { filter: { dueBefore: '2030-03-01T00:00:00.000Z' } })).toEqual([a.id]);
    expect(await ids(board.id, { filter: { text: 'cpu' } })).toEqual([a.id, b.id]);
    // LIKE wildcards in the search text are literal characters.
    expect(await ids(board.id, { filter: { text: '100%' } })).toEqual([a.id]);
    expect(await ids(board.id, { filter: { text: 'CPU_' } })).toEqual([b.id]);
    expect(await ids(board.id, { filter: { text: '%' } })).toEqual([a.id]);
    expect(await ids(board.id, { filter: { text: 'cpu', assigneeAgentId: agent, status: ['INBOX'] } })).toEqual([a.id]);
    expect(codes(await run(org.owner, TASKS, { board: board.id, first: 101 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run(org.owner, TASKS, { board: board.id, after: 'junk' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run(org.owner, TASKS, { board: board.id, filter: { assigneeAgentId: 'x' } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('counts tasks per status for many boards with one grouped statement', async () => {
    const org = makeOrg();
    const query = '{ boards(first: 100) { nodes { id taskCounts { inbox inProgress review done total } } } }';
    const seed = async (boards: number) => {
      for (let i = 0; i < boards; i += 1) {
        const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
        for (let j = 0; j <= i % 3; j += 1) {
          const task = await createTask(subgraph.instance, org.owner, board.id);
          if (j === 1) await run(org.owner, MOVE_TASK, { id: task.id, status: 'DONE' });
        }
      }
    };
    await seed(2);
    const small = await statements(async () => {
      const result = await run(org.owner, query);
      expect(result.data?.boards.nodes).toHaveLength(2);
    });
    await seed(10);
    let nodes: { taskCounts: Record<string, number> }[] = [];
    const large = await statements(async () => {
      const result = await run(org.owner, query);
      nodes = result.data?.boards.nodes;
    });
    expect(small).toHaveLength(2); // boards page, one grouped count
    expect(large).toHaveLength(2);
    expect(nodes).toHaveLength(12);
    expect(nodes[0].taskCounts).toEqual({ inbox: 1, inProgress: 0, review: 0, done: 0, total: 1 });
    expect(nodes[1].taskCounts).toEqual({ inbox: 1, inProgress: 0, review: 0, done: 1, total: 2 });
    const empty = await createBoard(subgraph.instance, org.owner);
    const counts = await run(org.owner, 'query($id: ID!) { board(id: $id) { taskCounts { total } } }', {
      id: empty.id,
    });
    expect(counts.data?.board.taskCounts).toEqual({ total: 0 });
  });

  it('lists tasks with their board, dependencies and blockers in a constant number of statements', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    owner = org.owner;
    const seed = async (count: number) => {
      let previous: string | null = null;
      for (let i = 0; i < count; i += 1) {
        const task = await createTask(subgraph.instance, org.owner, board.id);
        if (previous) await run(org.owner, SET_DEPENDENCIES, { id: task.id, deps: [previous] });
        previous = task.id;
      }
    };
    const query = `query($board: ID!) { board(id: $board) { tasks(first: 100) { nodes {
      id board { name } blocked blockedBy { id } dependencies { id status } dependents { id } createdBy { kind } } } } }`;
    await seed(3);
    const small = await statements(async () => {
      const result = await run(org.owner, query, { board: board.id });
      expect(result.errors, String(result.internal)).toBeUndefined();
      expect(result.data?.board.tasks.nodes).toHaveLength(3);
    });
    await seed(20);
    const large = await statements(async () => {
      const result = await run(org.owner, query, { board: board.id });
      expect(result.data?.board.tasks.nodes).toHaveLength(23);
    });
    // board lookup, task page, then one statement each for dependencies, dependents and blockers
    // (twice: `blocked` and `blockedBy`); the board of every task comes from the dataloader cache.
    expect(small).toHaveLength(6);
    expect(large).toHaveLength(small.length);
  });

  it('pages the comments of every task of a list with one statement', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const add = 'mutation($t: ID!, $b: String!) { addTaskComment(taskId: $t, body: $b) { __typename } }';
    const seed = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const task = await createTask(subgraph.instance, org.owner, board.id);
        for (let j = 0; j < 3; j += 1) await run(org.owner, add, { t: task.id, b: `c${j}` });
      }
    };
    const query = `query($board: ID!) { board(id: $board) { tasks(first: 100) { nodes {
      id comments(first: 2) { nodes { body } pageInfo { hasNextPage endCursor } } } } } }`;
    await seed(2);
    const small = await statements(async () => {
      const result = await run(org.owner, query, { board: board.id });
      expect(result.errors, String(result.internal)).toBeUndefined();
    });
    await seed(10);
    let nodes: { comments: { nodes: { body: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }[] =
      [];
    const large = await statements(async () => {
      nodes = (await run(org.owner, query, { board: board.id })).data?.board.tasks.nodes;
    });
    expect(small).toHaveLength(3); // board, tasks page, one windowed comments statement
    expect(large).toHaveLength(3);
    expect(nodes).toHaveLength(12);
    for (const node of nodes) {
      expect(node.comments.nodes).toEqual([{ body: 'c0' }, { body: 'c1' }]);
      expect(node.comments.pageInfo.hasNextPage).toBe(true);
    }
    const next = await run(
      org.owner,
      'query($id: ID!, $after: String) { task(id: $id) { comments(after: $after) { nodes { body } } } }',
      {
        id: (nodes[0] as unknown as { id: string }).id,
        after: nodes[0].comments.pageInfo.endCursor,
      },
    );
    expect(next.data?.task.comments.nodes).toEqual([{ body: 'c2' }]);
  });
});
