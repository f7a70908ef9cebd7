import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { findCycle } from '../src/services/task-dependency-service.ts';
import { codes, createBoard, createTask, MOVE_TASK, makeOrg, nonHumans, SET_DEPENDENCIES } from './fixtures.ts';

const GRAPH = `query($id: ID!) { task(id: $id) {
  id version blocked blockedBy { id } dependencies { id } dependents { id } } }`;

describe('findCycle', () => {
  const edge = (taskId: string, dependsOnTaskId: string) => ({ taskId, dependsOnTaskId });
  it('returns the path that would close a cycle, or null', () => {
    expect(findCycle([edge('b', 'c')], 'a', ['b'])).toBeNull();
    expect(findCycle([edge('b', 'c'), edge('c', 'a')], 'a', ['b'])).toEqual(['a', 'b', 'c']);
    expect(findCycle([edge('b', 'a')], 'a', ['x', 'b'])).toEqual(['a', 'b']);
    // A diamond is not a cycle.
    expect(findCycle([edge('b', 'd'), edge('c', 'd')], 'a', ['b', 'c'])).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('task dependencies on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  async function setup(count: number) {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    const tasks = [];
    for (let i = 0; i < count; i += 1) tasks.push(await createTask(subgraph.instance, org.owner, board.id));
    const set = async (id: string, deps: string[], v?: number) =>
      (await run(org.owner, SET_DEPENDENCIES, { id, deps, v })).data?.setTaskDependencies;
    const graph = async (id: string) => (await run(org.owner, GRAPH, { id })).data?.task;
    return { org, board, ids: tasks.map((task) => task.id), set, graph };
  }

  it('keeps the given order, drops duplicates, and computes blocked from the dependencies', async () => {
    const { org, ids, set, graph } = await setup(4);
    const [a, b, c, d] = ids;
    expect(await set(a, [c, b, c, d.toUpperCase(), b])).toMatchObject({ __typename: 'Task', version: 2 });
    expect(await graph(a)).toEqual({
      id: a,
      version: 2,
      blocked: true,
      blockedBy: [{ id: c }, { id: b }, { id: d }],
      dependencies: [{ id: c }, { id: b }, { id: d }],
      dependents: [],
    });
    expect((await graph(b)).dependents).toEqual([{ id: a }]);
    await run(org.owner, MOVE_TASK, { id: b, status: 'DONE' });
    expect(await graph(a)).toMatchObject({ blocked: true, blockedBy: [{ id: c }, { id: d }] });
    // Replacing keeps only the new list; an empty list clears.
    expect(await set(a, [b])).toMatchObject({ version: 3 });
    expect(await graph(a)).toMatchObject({ blocked: false, blockedBy: [], dependencies: [{ id: b }] });
    expect(await set(a, [])).toMatchObject({ version: 4 });
    expect((await graph(a)).dependencies).toEqual([]);
  });

  it('refuses itself, unknown tasks, other boards and other tenants with the ids at fault', async () => {
    const { org, ids, set } = await setup(2);
    const [a, b] = ids;
    expect(await set(a, [b, a])).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dependsOn', ids: [a] });
    const missing = randomUUID();
    expect(await set(a, [b, missing])).toMatchObject({ code: 'BAD_USER_INPUT', ids: [missing] });
    const otherBoard = await createBoard(subgraph.instance, org.owner);
    const elsewhere = await createTask(subgraph.instance, org.owner, otherBoard.id);
    expect(await set(a, [elsewhere.id])).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/same board/),
      ids: [elsewhere.id],
    });
    const tenant = makeOrg();
    const theirs = await createTask(
      subgraph.instance,
      tenant.owner,
      (await createBoard(subgraph.instance, tenant.owner)).id,
    );
    // Another tenant's task is reported exactly like a missing one.
    expect(await set(a, [theirs.id])).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Unknown tasks in dependsOn',
      ids: [theirs.id],
    });
    expect(await set(a, ['nope'])).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dependsOn.0' });
    // The other tenant cannot touch this task at all.
    const foreign = await run(tenant.owner, SET_DEPENDENCIES, { id: a, deps: [] });
    expect(foreign.data?.setTaskDependencies).toMatchObject({ code: 'NOT_FOUND' });
    for (const caller of nonHumans(org.id)) {
      expect(codes(await run(caller, SET_DEPENDENCIES, { id: a, deps: [] }))).toEqual(['FORBIDDEN']);
    }
    // Nothing was stored by the refused calls.
    expect((await run(org.owner, GRAPH, { id: a })).data?.task).toMatchObject({ version: 1, dependencies: [] });
  });

  it('refuses cycles with the tasks along the cycle', async () => {
    const { ids, set, graph } = await setup(4);
    const [a, b, c, d] = ids;
    await set(b, [c]);
    await set(c, [d]);
    const result = await set(d, [a, b]);
    expect(result).toMatchObject({ code: 'CYCLE', field: 'dependsOn', ids: [d, b, c] });
    expect((await graph(d)).dependencies).toEqual([]);
    expect(await set(a, [b, d])).toMatchObject({ __typename: 'Task' }); // a diamond-free chain is fine
  });

  it('concurrent changes cannot close a cycle together', async () => {
    const { ids, set, graph } = await setup(16);
    const pairs = Array.from({ length: 8 }, (_, i) => [ids[2 * i], ids[2 * i + 1]]);
    const results = await Promise.all(pairs.flatMap(([a, b]) => [set(a, [b]), set(b, [a])]));
    for (let i = 0; i < pairs.length; i += 1) {
      const [first, second] = [results[2 * i], results[2 * i + 1]];
      expect([first.__typename === 'Task', second.__typename === 'Task'].sort()).toEqual([false, true]);
      expect([first.code, second.code].filter(Boolean)).toEqual(['CYCLE']);
      const [a, b] = pairs[i];
      const edges = [(await graph(a)).dependencies, (await graph(b)).dependencies];
      expect(edges.filter((list) => list.length > 0)).toHaveLength(1);
    }
  });

  it('a stale expectedVersion gives TaskConflict with the current task', async () => {
    const { ids, set } = await setup(2);
    const [a, b] = ids;
    expect(await set(a, [b], 1)).toMatchObject({ version: 2 });
    expect(await set(a, [], 1)).toMatchObject({ __typename: 'TaskConflict', current: { id: a, version: 2 } });
  });

  it('a blocked task cannot leave the inbox; reopening a done dependency blocks again (back to INBOX only)', async () => {
    const { org, ids, set, graph } = await setup(3);
    const [a, b, c] = ids;
    await set(a, [b, c]);
    const blocked = await run(org.owner, MOVE_TASK, { id: a, status: 'IN_PROGRESS' });
    expect(blocked.data?.moveTask).toMatchObject({ code: 'TASK_BLOCKED', ids: [b, c] });
    await run(org.owner, MOVE_TASK, { id: b, status: 'DONE' });
    expect((await run(org.owner, MOVE_TASK, { id: a, status: 'IN_PROGRESS' })).data?.moveTask).toMatchObject({
      code: 'TASK_BLOCKED',
      ids: [c],
    });
    await run(org.owner, MOVE_TASK, { id: c, status: 'DONE' });
    expect(await graph(a)).toMatchObject({ blocked: false });
    // Reopening c blocks a again: a cannot leave the inbox.
    expect((await run(org.owner, MOVE_TASK, { id: c, status: 'REVIEW' })).data?.moveTask.status).toBe('REVIEW');
    expect(await graph(a)).toMatchObject({ blocked: true, blockedBy: [{ id: c }] });
    expect((await run(org.owner, MOVE_TASK, { id: a, status: 'IN_PROGRESS' })).data?.moveTask.code).toBe(
      'TASK_BLOCKED',
    );
    // A dependent that already left the inbox stays where it is when its dependency reopens.
    await run(org.owner, MOVE_TASK, { id: c, status: 'DONE' });
    expect((await run(org.owner, MOVE_TASK, { id: a, status: 'IN_PROGRESS' })).data?.moveTask.status).toBe(
      'IN_PROGRESS',
    );
    await run(org.owner, MOVE_TASK, { id: b, status: 'INBOX' });
    expect(await graph(a)).toMatchObject({ blocked: true, blockedBy: [{ id: b }] });
    // Re-blocked after leaving the inbox: any status change but back to INBOX is TASK_BLOCKED.
    for (const status of ['REVIEW', 'DONE']) {
      expect((await run(org.owner, MOVE_TASK, { id: a, status })).data?.moveTask).toMatchObject({
        code: 'TASK_BLOCKED',
        ids: [b],
      });
    }
    expect((await run(org.owner, MOVE_TASK, { id: a, status: 'INBOX' })).data?.moveTask.status).toBe('INBOX');
    await run(org.owner, MOVE_TASK, { id: b, status: 'DONE' });
    expect((await run(org.owner, MOVE_TASK, { id: a, status: 'REVIEW' })).data?.moveTask.status).toBe('REVIEW');
  });
});
