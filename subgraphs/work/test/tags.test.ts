import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createTask, makeOrg, nonHumans, type TestOrg } from './fixtures.ts';

const CREATE = `mutation($input: CreateTagInput!) { createTag(input: $input) {
  __typename ... on Tag { id name slug color organization { id } } ... on DomainError { code field ids } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateTagInput!) { updateTag(id: $id, input: $input) {
  __typename ... on Tag { id name slug color } ... on DomainError { code field ids } } }`;
const DELETE = `mutation($id: ID!) { deleteTag(id: $id) {
  __typename ... on DeleteTagPayload { deletedTagId } ... on DomainError { code ids } } }`;
const ATTACH = `mutation($task: ID!, $tags: [ID!]!) { attachTaskTags(taskId: $task, tagIds: $tags) {
  __typename ... on Task { id tags { slug } } ... on DomainError { code field ids } } }`;
const DETACH = `mutation($task: ID!, $tags: [ID!]!) { detachTaskTags(taskId: $task, tagIds: $tags) {
  __typename ... on Task { id tags { slug } } ... on DomainError { code field ids } } }`;

describe.each(DATABASE_KINDS)('tags on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  async function tag(org: TestOrg, input: Record<string, unknown> = {}) {
    const result = await run(org.owner, CREATE, { input: { name: unique('Tag'), color: '#AABBCC', ...input } });
    expect(result.data?.createTag.__typename).toBe('Tag');
    return result.data?.createTag as { id: string; slug: string };
  }

  it('creates, lists, updates and deletes tags; slug unique per organization; colour validated', async () => {
    const org = makeOrg();
    const created = await run(org.admin, CREATE, { input: { name: 'Needs Design', color: '#A1B2C3' } });
    expect(created.data?.createTag).toMatchObject({
      __typename: 'Tag',
      name: 'Needs Design',
      slug: 'needs-design',
      color: '#a1b2c3',
      organization: { id: org.id },
    });
    const id = created.data?.createTag.id;
    const again = await run(org.owner, CREATE, { input: { name: 'needs design', color: '#000000' } });
    expect(again.data?.createTag).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
    // Another organization may use the same slug.
    const other = makeOrg();
    expect(
      (await run(other.owner, CREATE, { input: { name: 'Needs Design', color: '#000000' } })).data?.createTag,
    ).toMatchObject({ slug: 'needs-design' });
    for (const color of ['red', '#abc', '#gggggg', 'a1b2c3', '#a1b2c3d4']) {
      const bad = await run(org.owner, CREATE, { input: { name: unique('c'), color } });
      expect(bad.data?.createTag).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.color' });
    }
    expect((await run(org.owner, CREATE, { input: { name: ' ', color: '#000000' } })).data?.createTag).toMatchObject({
      field: 'input.name',
    });
    expect(
      (await run(org.owner, UPDATE, { id, input: { color: '#0000FF', name: 'Design' } })).data?.updateTag,
    ).toMatchObject({ name: 'Design', slug: 'needs-design', color: '#0000ff' });
    const second = await tag(org, { slug: 'later' });
    expect(
      (await run(org.owner, UPDATE, { id: second.id, input: { slug: 'needs-design' } })).data?.updateTag,
    ).toMatchObject({ code: 'CONFLICT' });
    expect((await run(org.member, '{ tags { slug } }')).data?.tags).toEqual([
      { slug: 'later' },
      { slug: 'needs-design' },
    ]);
    expect(codes(await run(org.member, CREATE, { input: { name: 'x', color: '#000000' } }))).toEqual(['FORBIDDEN']);
    // Another tenant's tag is NOT_FOUND.
    expect((await run(other.owner, UPDATE, { id, input: { name: 'x' } })).data?.updateTag).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await run(other.owner, DELETE, { id })).data?.deleteTag).toMatchObject({ code: 'NOT_FOUND' });
    expect((await run(org.owner, DELETE, { id })).data?.deleteTag).toEqual({
      __typename: 'DeleteTagPayload',
      deletedTagId: id,
    });
    expect((await run(org.member, '{ tags { slug } }')).data?.tags).toEqual([{ slug: 'later' }]);
    for (const caller of nonHumans(org.id)) expect(codes(await run(caller, '{ tags { id } }'))).toEqual(['FORBIDDEN']);
  });

  it('attaches and detaches tags on tasks, filters tasks by tag, and deleting a tag detaches it', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const plain = await createTask(subgraph.instance, org.owner, board.id);
    const [a, b] = [await tag(org, { slug: unique('a') }), await tag(org, { slug: unique('b') })];
    const attached = await run(org.owner, ATTACH, { task: task.id, tags: [b.id, a.id, b.id] });
    expect(attached.data?.attachTaskTags).toEqual({
      __typename: 'Task',
      id: task.id,
      tags: [{ slug: a.slug }, { slug: b.slug }],
    });
    // Attaching again is a no-op.
    const twice = await run(org.owner, ATTACH, { task: task.id, tags: [a.id] });
    expect(twice.data?.attachTaskTags.tags).toHaveLength(2);
    const filtered = await run(
      org.owner,
      'query($b: ID!, $t: ID!) { board(id: $b) { tasks(filter: { tagId: $t }) { nodes { id } } } }',
      {
        b: board.id,
        t: a.id,
      },
    );
    expect(filtered.data?.board.tasks.nodes).toEqual([{ id: task.id }]);
    expect(plain.id).not.toBe(task.id);
    const detached = await run(org.owner, DETACH, { task: task.id, tags: [b.id] });
    expect(detached.data?.detachTaskTags.tags).toEqual([{ slug: a.slug }]);
    await run(org.owner, DELETE, { id: a.id });
    const after = await run(org.owner, 'query($id: ID!) { task(id: $id) { tags { id } } }', { id: task.id });
    expect(after.data?.task.tags).toEqual([]);
  });

  it('a tag change bumps the task version and takes expectedVersion (TaskConflict when stale)', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const t = await tag(org);
    const versioned = `mutation($task: ID!, $tags: [ID!]!, $v: Int) {
      attachTaskTags(taskId: $task, tagIds: $tags, expectedVersion: $v) { __typename
        ... on Task { version tags { id } } ... on TaskConflict { code current { id version } } } }`;
    const attach = async (v?: number) => (await run(org.owner, versioned, { task: task.id, tags: [t.id], v })).data;
    expect((await attach(1))?.attachTaskTags).toEqual({ __typename: 'Task', version: 2, tags: [{ id: t.id }] });
    // Attaching an attached tag changes nothing: the version stays.
    expect((await attach())?.attachTaskTags).toMatchObject({ version: 2 });
    // A stale version is a conflict with the current task, and nothing changes.
    expect((await attach(1))?.attachTaskTags).toEqual({
      __typename: 'TaskConflict',
      code: 'CONFLICT',
      current: { id: task.id, version: 2 },
    });
    const detach = `mutation($task: ID!, $tags: [ID!]!, $v: Int) {
      detachTaskTags(taskId: $task, tagIds: $tags, expectedVersion: $v) { __typename
        ... on Task { version tags { id } } ... on TaskConflict { current { version } } } }`;
    expect((await run(org.owner, detach, { task: task.id, tags: [t.id], v: 1 })).data?.detachTaskTags).toEqual({
      __typename: 'TaskConflict',
      current: { version: 2 },
    });
    expect((await run(org.owner, detach, { task: task.id, tags: [t.id], v: 2 })).data?.detachTaskTags).toEqual({
      __typename: 'Task',
      version: 3,
      tags: [],
    });
  });

  it('deleting a tag bumps the tasks that carried it and records taskUpdated (TAGS_CHANGED) on their boards', async () => {
    const org = makeOrg();
    const [one, two] = [
      await createBoard(subgraph.instance, org.owner),
      await createBoard(subgraph.instance, org.owner),
    ];
    const [a, b, bare] = [
      await createTask(subgraph.instance, org.owner, one.id),
      await createTask(subgraph.instance, org.owner, two.id),
      await createTask(subgraph.instance, org.owner, two.id),
    ];
    const [gone, kept] = [await tag(org), await tag(org)];
    await run(org.owner, ATTACH, { task: a.id, tags: [gone.id, kept.id] });
    await run(org.owner, ATTACH, { task: b.id, tags: [gone.id] });
    expect((await run(org.owner, DELETE, { id: gone.id })).data?.deleteTag).toEqual({
      __typename: 'DeleteTagPayload',
      deletedTagId: gone.id,
    });
    const version = async (id: string) =>
      (await run(org.owner, 'query($id: ID!) { task(id: $id) { version } }', { id })).data?.task.version;
    expect([await version(a.id), await version(b.id), await version(bare.id)]).toEqual([3, 3, 1]);
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${org.id}
          and event->>'topic' = 'work.taskUpdated' order by seq`,
    );
    const events = (result as unknown as { rows: { event: unknown }[] }).rows
      .map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event))
      .map((event: { payload: Record<string, unknown> }) => event.payload)
      .filter((payload) => !(payload.after as { tagIds: string[] }).tagIds.includes(gone.id));
    const sorted = (ids: string[]) => [...ids].sort();
    expect(events).toEqual(
      expect.arrayContaining([
        {
          boardId: one.id,
          taskId: a.id,
          before: { tagIds: expect.arrayContaining([gone.id, kept.id]) },
          after: { tagIds: [kept.id] },
        },
        { boardId: two.id, taskId: b.id, before: { tagIds: [gone.id] }, after: { tagIds: [] } },
      ]),
    );
    expect(sorted(events.map((event) => event.taskId as string))).toEqual(sorted([a.id, b.id]));
  });

  it("refuses other tenants' tags and tasks, read-only callers and non-humans", async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const mine = await tag(org);
    const other = makeOrg();
    const theirs = await tag(other);
    const missing = randomUUID();
    const foreignTag = await run(org.owner, ATTACH, { task: task.id, tags: [mine.id, theirs.id, missing] });
    expect(foreignTag.data?.attachTaskTags).toMatchObject({
      code: 'NOT_FOUND',
      field: 'tagIds',
      ids: [theirs.id, missing],
    });
    const foreignTask = await run(other.owner, ATTACH, { task: task.id, tags: [theirs.id] });
    expect(foreignTask.data?.attachTaskTags).toMatchObject({ code: 'NOT_FOUND', ids: [task.id] });
    const reader = org.as('MEMBER', { allBoardsRead: true });
    expect(codes(await run(reader, ATTACH, { task: task.id, tags: [mine.id] }))).toEqual(['FORBIDDEN']);
    for (const caller of nonHumans(org.id)) {
      expect(codes(await run(caller, DETACH, { task: task.id, tags: [mine.id] }))).toEqual(['FORBIDDEN']);
    }
    expect((await run(org.owner, ATTACH, { task: task.id, tags: ['bad'] })).data?.attachTaskTags).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'tagIds.0',
    });
  });
});
