/**
 * Organization-level definitions on the timeline: tag create/update/delete and custom-field
 * definition create/update/delete and board binding each record one durable event (with the tag
 * or field id, before/after and the actor), in the transaction of the change; refused changes and
 * no-op bindings record none.
 */
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import type { WorkChange } from '../src/domain-events.ts';
import { workModule } from '../src/index.ts';
import { createBoard, makeOrg } from './fixtures.ts';

const CREATE_TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) {
  __typename ... on Tag { id slug } ... on DomainError { code field } } }`;
const UPDATE_TAG = `mutation($id: ID!, $input: UpdateTagInput!) { updateTag(id: $id, input: $input) {
  __typename ... on DomainError { code field } } }`;
const DELETE_TAG = `mutation($id: ID!) { deleteTag(id: $id) { __typename ... on DomainError { code } } }`;
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) {
  __typename ... on CustomField { id key } ... on DomainError { code field } } }`;
const UPDATE_FIELD = `mutation($id: ID!, $input: UpdateCustomFieldInput!) { updateCustomField(id: $id, input: $input) {
  __typename ... on DomainError { code field } } }`;
const DELETE_FIELD = `mutation($id: ID!) { deleteCustomField(id: $id) { __typename ... on DomainError { code } } }`;
const BIND = `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }`;
const UNBIND = `mutation($f: ID!, $b: ID!) { unbindCustomField(fieldId: $f, boardId: $b) { __typename } }`;

describe.each(DATABASE_KINDS)('definition events on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  const events = async (orgId: string, prefix: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${orgId} order by seq`,
    );
    return (result as unknown as { rows: { event: unknown }[] }).rows
      .map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent<WorkChange>)
      .filter((event) => event.topic.startsWith(prefix));
  };

  const ownerActor = (org: ReturnType<typeof makeOrg>) => ({
    kind: 'user',
    id: (org.owner as { userId: string }).userId,
  });

  it('records tag create, update and delete; refused changes record nothing', async () => {
    const org = makeOrg();
    const name = unique('Urgent');
    const created = await run(org.owner, CREATE_TAG, { input: { name, color: '#ff0000' } });
    const tag = created.data?.createTag as { id: string; slug: string };
    expect((await run(org.owner, UPDATE_TAG, { id: tag.id, input: { color: '#00ff00' } })).errors).toBeUndefined();
    // A member may not change tags; a duplicate slug is refused: neither records an event.
    await run(org.member, UPDATE_TAG, { id: tag.id, input: { color: '#0000ff' } });
    await run(org.owner, CREATE_TAG, { input: { name, color: '#ff0000' } });
    expect((await run(org.owner, DELETE_TAG, { id: tag.id })).errors).toBeUndefined();

    const recorded = await events(org.id, 'work.tag');
    expect(recorded.map((event) => [event.topic, event.payload])).toEqual([
      [
        'work.tagCreated',
        { boardId: null, tagId: tag.id, before: null, after: { name, slug: tag.slug, color: '#ff0000' } },
      ],
      ['work.tagUpdated', { boardId: null, tagId: tag.id, before: { color: '#ff0000' }, after: { color: '#00ff00' } }],
      [
        'work.tagDeleted',
        { boardId: null, tagId: tag.id, before: { name, slug: tag.slug, color: '#00ff00' }, after: null },
      ],
    ]);
    expect(recorded.map((event) => event.actor)).toEqual(recorded.map(() => ownerActor(org)));
  });

  it('records custom-field definition create, update, delete and binding changes', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const key = unique('f')
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-');
    const created = await run(org.owner, CREATE_FIELD, {
      input: { key, label: 'Points', type: 'INTEGER', defaultValue: 1, visibility: 'VISIBLE' },
    });
    const field = created.data?.createCustomField as { id: string };
    await run(org.owner, UPDATE_FIELD, { id: field.id, input: { label: 'Story points', required: true } });
    await run(org.owner, UPDATE_FIELD, { id: field.id, input: { key: 'renamed' } });
    await run(org.owner, BIND, { f: field.id, b: board.id });
    await run(org.owner, BIND, { f: field.id, b: board.id });
    await run(org.owner, UNBIND, { f: field.id, b: board.id });
    await run(org.owner, UNBIND, { f: field.id, b: board.id });
    await run(org.owner, DELETE_FIELD, { id: field.id });

    const recorded = await events(org.id, 'work.customField');
    const definition = {
      key,
      label: 'Points',
      type: 'INTEGER',
      required: false,
      defaultValue: 1,
      pattern: null,
      visibility: 'VISIBLE',
    };
    expect(recorded.map((event) => [event.topic, event.payload])).toEqual([
      ['work.customFieldCreated', { boardId: null, customFieldId: field.id, before: null, after: definition }],
      [
        'work.customFieldUpdated',
        {
          boardId: null,
          customFieldId: field.id,
          before: { key, label: 'Points', required: false },
          after: { key, label: 'Story points', required: true },
        },
      ],
      [
        'work.customFieldBound',
        {
          boardId: board.id,
          boardGroupId: null,
          customFieldId: field.id,
          before: null,
          after: { key, label: 'Story points' },
        },
      ],
      [
        'work.customFieldUnbound',
        {
          boardId: board.id,
          boardGroupId: null,
          customFieldId: field.id,
          before: { key, label: 'Story points' },
          after: null,
        },
      ],
      [
        'work.customFieldDeleted',
        {
          boardId: null,
          customFieldId: field.id,
          before: { ...definition, label: 'Story points', required: true },
          after: null,
        },
      ],
    ]);
  });
});
