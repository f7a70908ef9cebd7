/**
 * Durable domain events: every committed change records exactly one event (in its transaction) with
 * the right topic, actor and before/after; a refused change records none. Read from `work.mc_outbox`.
 */
import type { DomainEvent, Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import type { WorkChange } from '../src/domain-events.ts';
import { workModule } from '../src/index.ts';
import {
  CREATE_BOARD,
  CREATE_GROUP,
  createBoard,
  createGroup,
  createTask,
  DELETE_BOARD,
  MOVE_TASK,
  makeOrg,
  SET_DEPENDENCIES,
  UPDATE_BOARD,
  UPDATE_TASK,
} from './fixtures.ts';

const UPDATE_GROUP = `mutation($id: ID!, $input: UpdateBoardGroupInput!) { updateBoardGroup(id: $id, input: $input) {
  __typename ... on DomainError { code } } }`;
const DELETE_GROUP = `mutation($id: ID!) { deleteBoardGroup(id: $id) { __typename } }`;
const DELETE_TASK = `mutation($id: ID!) { deleteTask(id: $id) { __typename } }`;
const ADD_COMMENT = `mutation($task: ID!, $body: String!) { addTaskComment(taskId: $task, body: $body) {
  __typename ... on TaskComment { id } ... on DomainError { code } } }`;
const CREATE_TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) { ... on Tag { id } } }`;
const ATTACH = `mutation($task: ID!, $tags: [ID!]!) { attachTaskTags(taskId: $task, tagIds: $tags) {
  __typename ... on DomainError { code } } }`;
const DETACH = `mutation($task: ID!, $tags: [ID!]!) { detachTaskTags(taskId: $task, tagIds: $tags) { __typename } }`;

type Event = DomainEvent<WorkChange & { from?: string; to?: string }>;

describe.each(DATABASE_KINDS)('durable domain events on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  /** The organization's outbox events recorded since the previous call, oldest first. */
  function outbox(organizationId: string) {
    let seen = 0;
    return async (): Promise<Event[]> => {
      const result = await subgraph.runtime.database.db.execute(
        sql`select event from work.mc_outbox where event->>'organizationId' = ${organizationId} order by seq`,
      );
      const rows = (result as unknown as { rows: { event: Event | string }[] }).rows;
      const events = rows.map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as Event);
      const fresh = events.slice(seen);
      seen = events.length;
      return fresh;
    };
  }

  const actorOf = (identity: Identity) => ({ kind: 'user', id: (identity as { userId: string }).userId });

  it('records board and board-group changes with their fields; refused changes record nothing', async () => {
    const org = makeOrg();
    const next = outbox(org.id);
    const actor = actorOf(org.owner);
    const group = await createGroup(subgraph.instance, org.owner, { description: 'Group text' });
    expect(await next()).toMatchObject([
      {
        topic: 'work.boardGroupCreated',
        organizationId: org.id,
        actor,
        payload: {
          boardId: null,
          boardGroupId: group.id,
          before: null,
          after: { name: group.name, slug: group.slug, description: 'Group text' },
        },
      },
    ]);
    const board = await createBoard(subgraph.instance, org.owner, { groupId: group.id });
    const [created, ...rest] = await next();
    expect(rest).toEqual([]);
    expect(created).toMatchObject({
      topic: 'work.boardCreated',
      actor,
      payload: {
        boardId: board.id,
        boardGroupId: group.id,
        before: null,
        after: { name: board.name, slug: board.slug, boardGroupId: group.id, requireApprovalForDone: true },
      },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    const renamed = await run(org.owner, UPDATE_BOARD, { id: board.id, input: { name: 'Renamed', maxAgents: 3 } });
    expect(renamed.data?.updateBoard.__typename).toBe('Board');
    expect(await next()).toMatchObject([
      {
        topic: 'work.boardUpdated',
        payload: {
          boardId: board.id,
          boardGroupId: group.id,
          before: { name: board.name, maxAgents: 1 },
          after: { name: 'Renamed', maxAgents: 3 },
        },
      },
    ]);
    await run(org.owner, UPDATE_GROUP, { id: group.id, input: { name: 'Group renamed' } });
    expect(await next()).toMatchObject([
      {
        topic: 'work.boardGroupUpdated',
        payload: { boardGroupId: group.id, before: { name: group.name }, after: { name: 'Group renamed' } },
      },
    ]);

    // Refused: a taken slug, invalid input, a read-only caller.
    const taken = await run(org.owner, CREATE_BOARD, { input: { name: 'x', slug: board.slug, description: 'd' } });
    expect(taken.data?.createBoard.code).toBe('CONFLICT');
    const badGoal = await run(org.owner, UPDATE_BOARD, { id: board.id, input: { kind: 'GOAL', goalConfirmed: true } });
    expect(badGoal.data?.updateBoard.code).toBe('BAD_USER_INPUT');
    const takenGroup = await run(org.owner, CREATE_GROUP, { input: { name: 'x', slug: 'group-renamed' } });
    expect(takenGroup.data?.createBoardGroup.__typename).toBe('BoardGroup');
    await next();
    const again = await run(org.owner, CREATE_GROUP, { input: { name: 'y', slug: 'group-renamed' } });
    expect(again.data?.createBoardGroup.code).toBe('CONFLICT');
    const reader = org.as('MEMBER', { allBoardsRead: true });
    expect((await run(reader, UPDATE_BOARD, { id: board.id, input: { name: 'No' } })).errors?.length).toBe(1);
    expect(await next()).toEqual([]);

    // Deleting the group detaches its board: the board changed too.
    await run(org.owner, DELETE_GROUP, { id: group.id });
    expect(await next()).toMatchObject([
      {
        topic: 'work.boardUpdated',
        payload: { boardId: board.id, before: { boardGroupId: group.id }, after: { boardGroupId: null } },
      },
      { topic: 'work.boardGroupDeleted', payload: { boardGroupId: group.id, after: null } },
    ]);
    await run(org.owner, DELETE_BOARD, { id: board.id });
    expect(await next()).toMatchObject([
      {
        topic: 'work.boardDeleted',
        actor,
        payload: { boardId: board.id, boardGroupId: null, before: { name: 'Renamed' }, after: null },
      },
    ]);
    expect((await run(org.owner, DELETE_BOARD, { id: board.id })).data?.deleteBoard.code).toBe('NOT_FOUND');
    expect(await next()).toEqual([]);
  });

  it('records task changes: create, update, move, dependencies, comments, tags, delete', async () => {
    const org = makeOrg();
    const actor = actorOf(org.owner);
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: true });
    const next = outbox(org.id);
    await next();
    const task = await createTask(subgraph.instance, org.owner, board.id, { title: 'First', priority: 'HIGH' });
    const change = { boardId: board.id, taskId: task.id };
    expect(await next()).toMatchObject([
      {
        topic: 'work.taskCreated',
        actor,
        payload: { ...change, before: null, after: { title: 'First', status: 'INBOX', priority: 'HIGH' } },
      },
    ]);

    const updated = await run(org.owner, UPDATE_TASK, { id: task.id, input: { title: 'Second' }, v: 1 });
    expect(updated.data?.updateTask.version).toBe(2);
    expect(await next()).toMatchObject([
      { topic: 'work.taskUpdated', payload: { ...change, before: { title: 'First' }, after: { title: 'Second' } } },
    ]);
    const stale = await run(org.owner, UPDATE_TASK, { id: task.id, input: { title: 'Third' }, v: 1 });
    expect(stale.data?.updateTask.__typename).toBe('TaskConflict');
    expect(await next()).toEqual([]);

    const moved = await run(org.owner, MOVE_TASK, { id: task.id, status: 'IN_PROGRESS' });
    expect(moved.data?.moveTask.status).toBe('IN_PROGRESS');
    expect(await next()).toMatchObject([
      {
        topic: 'work.taskMoved',
        actor,
        payload: {
          ...change,
          from: 'INBOX',
          to: 'IN_PROGRESS',
          before: { status: 'INBOX' },
          after: { status: 'IN_PROGRESS' },
        },
      },
    ]);
    const gated = await run(org.owner, MOVE_TASK, { id: task.id, status: 'DONE' });
    expect(gated.data?.moveTask.code).toBe('APPROVAL_REQUIRED');
    expect(await next()).toEqual([]);
    const withComment = await run(org.owner, MOVE_TASK, { id: task.id, status: 'REVIEW', comment: 'Ready @lead' });
    expect(withComment.data?.moveTask.status).toBe('REVIEW');
    const [movedToReview, commented, ...more] = await next();
    expect(more).toEqual([]);
    expect(movedToReview).toMatchObject({ topic: 'work.taskMoved', payload: { from: 'IN_PROGRESS', to: 'REVIEW' } });
    expect(commented).toMatchObject({
      topic: 'work.taskCommented',
      payload: { ...change, before: null, after: { body: 'Ready @lead', mentions: ['lead'] } },
    });

    const dependency = await createTask(subgraph.instance, org.owner, board.id);
    await next();
    const set = await run(org.owner, SET_DEPENDENCIES, { id: task.id, deps: [dependency.id] });
    expect(set.data?.setTaskDependencies.__typename).toBe('Task');
    expect(await next()).toMatchObject([
      {
        topic: 'work.taskDependenciesChanged',
        payload: { ...change, before: { dependsOn: [] }, after: { dependsOn: [dependency.id] } },
      },
    ]);
    const cycle = await run(org.owner, SET_DEPENDENCIES, { id: dependency.id, deps: [task.id] });
    expect(cycle.data?.setTaskDependencies.code).toBe('CYCLE');
    expect(await next()).toEqual([]);

    const comment = await run(org.owner, ADD_COMMENT, { task: task.id, body: 'Looks good' });
    expect(await next()).toMatchObject([
      {
        topic: 'work.taskCommented',
        actor,
        payload: { ...change, after: { commentId: comment.data?.addTaskComment.id, body: 'Looks good', mentions: [] } },
      },
    ]);
    expect((await run(org.owner, ADD_COMMENT, { task: task.id, body: '  ' })).data?.addTaskComment.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(await next()).toEqual([]);

    // A blocked task's tags do not change (TASK_BLOCKED, no event): clear its dependencies first.
    const tag = (await run(org.owner, CREATE_TAG, { input: { name: unique('Tag'), color: '#112233' } })).data
      ?.createTag;
    // The definition itself is organization-level (definition-events.test.ts).
    expect(await next()).toMatchObject([{ topic: 'work.tagCreated', payload: { boardId: null, tagId: tag.id } }]);
    expect((await run(org.owner, ATTACH, { task: task.id, tags: [tag.id] })).data?.attachTaskTags).toMatchObject({
      code: 'TASK_BLOCKED',
    });
    expect(await next()).toEqual([]);
    await run(org.owner, SET_DEPENDENCIES, { id: task.id, deps: [] });
    await next();
    await run(org.owner, ATTACH, { task: task.id, tags: [tag.id] });
    expect(await next()).toMatchObject([
      { topic: 'work.taskUpdated', payload: { ...change, before: { tagIds: [] }, after: { tagIds: [tag.id] } } },
    ]);
    await run(org.owner, ATTACH, { task: task.id, tags: [tag.id] });
    const foreignTag = (await run(makeOrg().owner, CREATE_TAG, { input: { name: unique('Tag'), color: '#112233' } }))
      .data?.createTag;
    expect((await run(org.owner, ATTACH, { task: task.id, tags: [foreignTag.id] })).data?.attachTaskTags.code).toBe(
      'NOT_FOUND',
    );
    expect(await next()).toEqual([]);
    await run(org.owner, DETACH, { task: task.id, tags: [tag.id] });
    expect(await next()).toMatchObject([
      { topic: 'work.taskUpdated', payload: { before: { tagIds: [tag.id] }, after: { tagIds: [] } } },
    ]);

    await run(org.owner, DELETE_TASK, { id: task.id });
    expect(await next()).toMatchObject([
      { topic: 'work.taskDeleted', actor, payload: { ...change, before: { title: 'Second' }, after: null } },
    ]);
  });

  it('publishes recorded events to the stream after commit', async () => {
    const org = makeOrg();
    const seen: DomainEvent[] = [];
    const consumer = await subgraph.runtime.events.stream.consume({
      group: unique('probe'),
      topics: ['work.taskCreated'],
      handler: async (event) => {
        if (event.organizationId === org.id) seen.push(event);
      },
    });
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    await expect.poll(() => seen.map((event) => (event.payload as WorkChange).taskId)).toEqual([task.id]);
    await consumer.stop();
  });
});
