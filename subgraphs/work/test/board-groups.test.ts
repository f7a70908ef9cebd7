import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { boardGroupCreated, boardGroupDeleted, boardGroupUpdated } from '../src/events.ts';
import { workModule } from '../src/index.ts';
import { CREATE_GROUP, codes, createBoard, createGroup, makeOrg } from './fixtures.ts';

const UPDATE_GROUP = `mutation($id: ID!, $input: UpdateBoardGroupInput!) { updateBoardGroup(id: $id, input: $input) {
  __typename ... on BoardGroup { id name slug description } ... on DomainError { code field } } }`;
const DELETE_GROUP = `mutation($id: ID!) { deleteBoardGroup(id: $id) {
  __typename ... on DeleteBoardGroupPayload { deletedBoardGroupId detachedBoardIds } ... on DomainError { code } } }`;

describe.each(DATABASE_KINDS)('board groups on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  it('creates, lists, reads and updates groups; any member reads them', async () => {
    const org = makeOrg();
    const created = await run(org.admin, CREATE_GROUP, {
      input: { name: '  Marketing ', description: ' Campaigns ', slug: unique('mkt') },
    });
    const group = created.data?.createBoardGroup;
    expect(group).toMatchObject({
      __typename: 'BoardGroup',
      name: 'Marketing',
      description: 'Campaigns',
      organization: { id: org.id },
    });
    const second = await createGroup(subgraph.instance, org.owner, { name: 'Engineering' });

    const list = await run(org.member, '{ boardGroups { id name } }');
    expect(list.data?.boardGroups).toEqual([
      { id: second.id, name: 'Engineering' },
      { id: group.id, name: 'Marketing' },
    ]);
    const one = await run(org.member, 'query($id: ID!) { boardGroup(id: $id) { name slug } }', { id: group.id });
    expect(one.data?.boardGroup).toEqual({ name: 'Marketing', slug: group.slug });

    const updated = await run(org.admin, UPDATE_GROUP, { id: group.id, input: { name: 'Growth', description: null } });
    expect(updated.data?.updateBoardGroup).toMatchObject({ name: 'Growth', description: null, slug: group.slug });
    expect(codes(await run(org.member, UPDATE_GROUP, { id: group.id, input: { name: 'x' } }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(org.member, DELETE_GROUP, { id: group.id }))).toEqual(['FORBIDDEN']);
  });

  it('validates names and keeps slugs unique per organization', async () => {
    const org = makeOrg();
    for (const [input, field] of [
      [{ name: ' ' }, 'input.name'],
      [{ name: 'x'.repeat(121) }, 'input.name'],
      [{ name: 'ok', slug: 'Bad Slug' }, 'input.slug'],
      [{ name: 'ok', description: 'x'.repeat(2001) }, 'input.description'],
    ] as const) {
      const result = await run(org.owner, CREATE_GROUP, { input });
      expect(result.data?.createBoardGroup).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const slug = unique('team');
    const first = await createGroup(subgraph.instance, org.owner, { slug });
    const duplicate = await run(org.owner, CREATE_GROUP, { input: { name: 'Team', slug } });
    expect(duplicate.data?.createBoardGroup).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
    await createGroup(subgraph.instance, makeOrg().owner, { slug });
    const other = await createGroup(subgraph.instance, org.owner);
    const rename = await run(org.owner, UPDATE_GROUP, { id: other.id, input: { slug } });
    expect(rename.data?.updateBoardGroup).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
    expect(first.slug).toBe(slug);
  });

  it('deleting a group detaches its boards instead of deleting them, and publishes it', async () => {
    const org = makeOrg();
    const events: string[] = [];
    const bus = subgraph.runtime.bus;
    const stops = [
      await bus.subscribe(
        boardGroupCreated,
        (e) => e.organizationId === org.id && events.push(`created:${e.boardGroupId}`),
      ),
      await bus.subscribe(
        boardGroupUpdated,
        (e) => e.organizationId === org.id && events.push(`updated:${e.boardGroupId}`),
      ),
      await bus.subscribe(
        boardGroupDeleted,
        (e) => e.organizationId === org.id && events.push(`deleted:${e.boardGroupId}:${e.detachedBoardIds.length}`),
      ),
    ];
    const group = await createGroup(subgraph.instance, org.owner);
    const keep = await createGroup(subgraph.instance, org.owner);
    const a = await createBoard(subgraph.instance, org.owner, { groupId: group.id });
    const b = await createBoard(subgraph.instance, org.owner, { groupId: group.id });
    const c = await createBoard(subgraph.instance, org.owner, { groupId: keep.id });
    await run(org.owner, UPDATE_GROUP, { id: group.id, input: { name: 'Renamed' } });

    const deleted = await run(org.owner, DELETE_GROUP, { id: group.id });
    expect(deleted.data?.deleteBoardGroup.deletedBoardGroupId).toBe(group.id);
    expect([...(deleted.data?.deleteBoardGroup.detachedBoardIds ?? [])].sort()).toEqual([a.id, b.id].sort());

    const boards = await run(org.owner, '{ boards { nodes { id group { id } } } }');
    expect(boards.data?.boards.nodes).toEqual([
      { id: a.id, group: null },
      { id: b.id, group: null },
      { id: c.id, group: { id: keep.id } },
    ]);
    expect(codes(await run(org.owner, 'query($id: ID!) { boardGroup(id: $id) { id } }', { id: group.id }))).toEqual([
      'NOT_FOUND',
    ]);
    expect((await run(org.owner, DELETE_GROUP, { id: group.id })).data?.deleteBoardGroup).toMatchObject({
      code: 'NOT_FOUND',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const stop of stops) await stop();
    expect(events).toEqual([
      `created:${group.id}`,
      `created:${keep.id}`,
      `updated:${group.id}`,
      `deleted:${group.id}:2`,
    ]);
  });
});
