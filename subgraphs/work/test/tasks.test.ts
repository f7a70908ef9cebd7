import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { type TaskEvent, taskCreated, taskDeleted, taskUpdated } from '../src/events.ts';
import { workModule } from '../src/index.ts';
import {
  CREATE_TASK,
  codes,
  createBoard,
  createTask,
  DELETE_BOARD,
  makeOrg,
  nonHumans,
  TASK_FIELDS,
  UPDATE_TASK,
} from './fixtures.ts';

const TASK = `query($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
const DELETE_TASK = `mutation($id: ID!) { deleteTask(id: $id) {
  __typename ... on DeleteTaskPayload { deletedTaskId } ... on DomainError { code ids } } }`;

describe.each(DATABASE_KINDS)('tasks on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  it('creates a task in the inbox, reads, updates and deletes it, publishing each change', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const seen: [string, TaskEvent][] = [];
    const stops = await Promise.all(
      [taskCreated, taskUpdated, taskDeleted].map((topic) =>
        subgraph.runtime.bus.subscribe(topic, (event) => seen.push([topic.channel, event])),
      ),
    );
    const agentId = randomUUID();
    const created = await run(org.owner, CREATE_TASK, {
      input: {
        boardId: board.id,
        title: '  Write the launch post  ',
        description: ' Draft first ',
        priority: 'HIGH',
        dueAt: '2030-01-02T03:04:05.000Z',
        assigneeAgentId: agentId,
      },
    });
    expect(created.errors).toBeUndefined();
    const task = created.data?.createTask;
    const ownerId = org.owner.kind === 'user' ? org.owner.userId : '';
    expect(task).toMatchObject({
      __typename: 'Task',
      title: 'Write the launch post',
      description: 'Draft first',
      status: 'INBOX',
      priority: 'HIGH',
      dueAt: '2030-01-02T03:04:05.000Z',
      assigneeAgentId: agentId,
      version: 1,
      createdBy: { kind: 'USER', id: ownerId },
      board: { id: board.id },
    });

    const read = await run(org.owner, TASK, { id: task.id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.task).toMatchObject({ id: task.id, version: 1 });

    const updated = await run(org.owner, UPDATE_TASK, {
      id: task.id,
      input: { title: 'Publish the launch post', description: null, dueAt: null, assigneeAgentId: null },
      v: 1,
    });
    expect(updated.data?.updateTask).toMatchObject({
      __typename: 'Task',
      title: 'Publish the launch post',
      description: null,
      dueAt: null,
      assigneeAgentId: null,
      priority: 'HIGH',
      version: 2,
    });

    const deleted = await run(org.owner, DELETE_TASK, { id: task.id });
    expect(deleted.data?.deleteTask).toEqual({ __typename: 'DeleteTaskPayload', deletedTaskId: task.id });
    expect(codes(await run(org.owner, TASK, { id: task.id }))).toEqual(['NOT_FOUND']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all(stops.map((stop) => stop()));
    const mine = seen.filter(([, event]) => event.taskId === task.id);
    expect(mine.map(([channel]) => channel)).toEqual([
      'mc:work:taskCreated',
      'mc:work:taskUpdated',
      'mc:work:taskDeleted',
    ]);
    expect(mine[0][1]).toEqual({
      organizationId: org.id,
      boardId: board.id,
      taskId: task.id,
      actor: { kind: 'user', id: ownerId },
    });
  });

  it('validates the title, description, ids and the board', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const attempt = async (input: Record<string, unknown>) =>
      (await run(org.owner, CREATE_TASK, { input: { boardId: board.id, title: 'ok', ...input } })).data?.createTask;
    expect(await attempt({ title: '   ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(await attempt({ title: 'x'.repeat(301) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(await attempt({ title: 'x'.repeat(300) })).toMatchObject({ __typename: 'Task' });
    expect(await attempt({ description: 'x'.repeat(20_001) })).toMatchObject({ field: 'input.description' });
    expect(await attempt({ assigneeAgentId: 'nope' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.assigneeAgentId',
    });
    expect(await attempt({ boardId: 'nope' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.boardId' });
    expect(await attempt({ boardId: randomUUID() })).toMatchObject({ code: 'NOT_FOUND' });
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const update = await run(org.owner, UPDATE_TASK, { id: task.id, input: { title: '' } });
    expect(update.data?.updateTask).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
  });

  it('refuses a stale expectedVersion with TaskConflict carrying the current task', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id, { title: 'First' });
    const first = await run(org.admin, UPDATE_TASK, { id: task.id, input: { title: 'Admin A' }, v: 1 });
    expect(first.data?.updateTask).toMatchObject({ __typename: 'Task', version: 2 });
    const stale = await run(org.owner, UPDATE_TASK, { id: task.id, input: { title: 'Admin B' }, v: 1 });
    expect(stale.errors).toBeUndefined();
    expect(stale.data?.updateTask).toEqual({
      __typename: 'TaskConflict',
      code: 'CONFLICT',
      message: expect.stringMatching(/expected version 1, it is at version 2/),
      current: { id: task.id, version: 2, title: 'Admin A', status: 'INBOX' },
    });
    // Nothing was written.
    expect((await run(org.owner, TASK, { id: task.id })).data?.task).toMatchObject({ title: 'Admin A', version: 2 });
    // Without expectedVersion the change applies to the latest version.
    const blind = await run(org.owner, UPDATE_TASK, { id: task.id, input: { priority: 'URGENT' } });
    expect(blind.data?.updateTask).toMatchObject({ title: 'Admin A', priority: 'URGENT', version: 3 });
    // An empty change writes nothing, but a stale version is still a conflict.
    const noop = await run(org.owner, UPDATE_TASK, { id: task.id, input: {}, v: 3 });
    expect(noop.data?.updateTask).toMatchObject({ __typename: 'Task', version: 3 });
    expect((await run(org.owner, UPDATE_TASK, { id: task.id, input: {}, v: 2 })).data?.updateTask.__typename).toBe(
      'TaskConflict',
    );
  });

  it('concurrent versioned updates: exactly one wins, the others get TaskConflict', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => run(org.owner, UPDATE_TASK, { id: task.id, input: { title: `T${n}` }, v: 1 })),
    );
    const kinds = results.map((result) => result.data?.updateTask.__typename).sort();
    expect(kinds).toEqual(['Task', 'TaskConflict', 'TaskConflict', 'TaskConflict']);
    expect((await run(org.owner, TASK, { id: task.id })).data?.task.version).toBe(2);
  });

  it('reads need board read access, writes need write access; other tenants get NOT_FOUND', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const reader = org.as('MEMBER', { boards: { [board.id]: 'read' } });
    const stranger = org.as('MEMBER');
    expect((await run(reader, TASK, { id: task.id })).data?.task.id).toBe(task.id);
    expect(codes(await run(stranger, TASK, { id: task.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await run(reader, UPDATE_TASK, { id: task.id, input: { title: 'x' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(reader, DELETE_TASK, { id: task.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(reader, CREATE_TASK, { input: { boardId: board.id, title: 'x' } }))).toEqual(['FORBIDDEN']);
    const writer = org.as('MEMBER', { boards: { [board.id]: 'write' } });
    expect((await run(writer, UPDATE_TASK, { id: task.id, input: { title: 'ok' } })).data?.updateTask.title).toBe('ok');

    const other = makeOrg();
    expect(codes(await run(other.owner, TASK, { id: task.id }))).toEqual(['NOT_FOUND']);
    const update = await run(other.owner, UPDATE_TASK, { id: task.id, input: { title: 'hijack' } });
    expect(update.data?.updateTask).toMatchObject({ code: 'NOT_FOUND', ids: [task.id] });
    expect((await run(other.owner, DELETE_TASK, { id: task.id })).data?.deleteTask).toMatchObject({
      code: 'NOT_FOUND',
    });
    const create = await run(other.owner, CREATE_TASK, { input: { boardId: board.id, title: 'x' } });
    expect(create.data?.createTask).toMatchObject({ code: 'NOT_FOUND' });
    const entities = await run(
      other.owner,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id title } } }',
      { r: [{ __typename: 'Task', id: task.id }] },
    );
    expect(entities.data?._entities).toEqual([null]);
    expect(codes(entities)).toEqual(['NOT_FOUND']);
    expect(codes(await run(org.owner, TASK, { id: 'not-an-id' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses gateways and H5 users on every task field (FORBIDDEN)', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    for (const caller of nonHumans(org.id)) {
      expect(codes(await run(caller, TASK, { id: task.id }))).toEqual(['FORBIDDEN']);
      expect(codes(await run(caller, CREATE_TASK, { input: { boardId: board.id, title: 'x' } }))).toEqual([
        'FORBIDDEN',
      ]);
      expect(codes(await run(caller, UPDATE_TASK, { id: task.id, input: { title: 'x' } }))).toEqual(['FORBIDDEN']);
      const entities = await run(
        caller,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id } } }',
        {
          r: [{ __typename: 'Task', id: task.id }],
        },
      );
      expect(codes(entities)).toEqual(['FORBIDDEN']);
    }
  });

  it('deleting a board deletes its tasks', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    expect((await run(org.owner, DELETE_BOARD, { id: board.id })).data?.deleteBoard.deletedBoardId).toBe(board.id);
    expect(codes(await run(org.owner, TASK, { id: task.id }))).toEqual(['NOT_FOUND']);
  });
});
