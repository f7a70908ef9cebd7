/**
 * Custom fields: definitions (admins and owners, immutable key and type, checked patterns and
 * defaults), binding to boards, typed validation of every type with `customFields.<key>`,
 * required/default behaviour on set and create, who may set values (people, lead, workers),
 * tenant isolation, visibility, durable events and batched `Task.customFields`.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import type { WorkChange } from '../src/domain-events.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, createTask, makeOrg, type TestOrg, UPDATE_BOARD } from './fixtures.ts';

const FIELD = `id key label type required defaultValue pattern visibility organization { id }`;
const CREATE = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) {
  __typename ... on CustomField { ${FIELD} } ... on DomainError { code field ids message } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCustomFieldInput!) { updateCustomField(id: $id, input: $input) {
  __typename ... on CustomField { ${FIELD} } ... on DomainError { code field ids message } } }`;
const DELETE = `mutation($id: ID!) { deleteCustomField(id: $id) {
  __typename ... on DeleteCustomFieldPayload { deletedCustomFieldId } ... on DomainError { code ids } } }`;
const BIND = `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) {
  __typename ... on DomainError { code field ids } } }`;
const UNBIND = `mutation($f: ID!, $b: ID!) { unbindCustomField(fieldId: $f, boardId: $b) {
  __typename ... on DomainError { code field ids } } }`;
const SET = `mutation($task: ID!, $values: [CustomFieldValueInput!]!, $v: Int) {
  setTaskCustomFieldValues(taskId: $task, values: $values, expectedVersion: $v) {
    __typename ... on Task { id version customFields { key label type value } }
    ... on TaskConflict { code current { version } }
    ... on DomainError { code field ids message } } }`;
const TASK = `query($id: ID!) { task(id: $id) { id version customFields { key type value } } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) {
  __typename ... on Task { id customFields { key value } } ... on DomainError { code field message } } }`;

const agentOf = (orgId: string): Extract<Identity, { kind: 'agent' }> => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

describe.each(DATABASE_KINDS)('custom fields on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  async function field(org: TestOrg, input: Record<string, unknown>) {
    const result = await run(org.owner, CREATE, {
      input: {
        key: unique('f')
          .toLowerCase()
          .replace(/[^a-z0-9_-]/g, '-'),
        label: 'A field',
        ...input,
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createCustomField.__typename, JSON.stringify(result.data)).toBe('CustomField');
    return result.data?.createCustomField as { id: string; key: string };
  }

  async function bind(org: TestOrg, fieldId: string, boardId: string) {
    expect((await run(org.owner, BIND, { f: fieldId, b: boardId })).data?.bindCustomField.__typename).toBe(
      'CustomField',
    );
  }

  const set = async (caller: Identity, task: string, values: unknown[], v?: number) =>
    (await run(caller, SET, { task, values, v })).data?.setTaskCustomFieldValues;

  it('defines fields (admins and owners), keys unique per org and immutable, patterns and defaults checked', async () => {
    const org = makeOrg();
    const created = await run(org.admin, CREATE, {
      input: { key: 'ticket_ref', label: 'Ticket', type: 'TEXT', pattern: '^[A-Z]+-\\d+$', defaultValue: 'MC-1' },
    });
    expect(created.data?.createCustomField).toMatchObject({
      key: 'ticket_ref',
      type: 'TEXT',
      required: false,
      defaultValue: 'MC-1',
      visibility: 'VISIBLE',
      organization: { id: org.id },
    });
    const id = created.data?.createCustomField.id;
    const dup = await run(org.owner, CREATE, { input: { key: 'ticket_ref', label: 'x', type: 'INTEGER' } });
    expect(dup.data?.createCustomField).toMatchObject({ code: 'CONFLICT', field: 'input.key' });
    // Another organization may use the same key.
    const other = makeOrg();
    expect(
      (await run(other.owner, CREATE, { input: { key: 'ticket_ref', label: 'x', type: 'TEXT' } })).data
        ?.createCustomField.__typename,
    ).toBe('CustomField');
    // Members may not define fields.
    expect(codes(await run(org.member, CREATE, { input: { key: 'nope', label: 'x', type: 'TEXT' } }))).toEqual([
      'FORBIDDEN',
    ]);
    for (const key of ['Bad', '1abc', 'with space', '', 'a'.repeat(61)]) {
      const bad = await run(org.owner, CREATE, { input: { key, label: 'x', type: 'TEXT' } });
      expect(bad.data?.createCustomField).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.key' });
    }
    // Patterns: valid regex, length-limited, no nested quantifiers, text types only.
    for (const [type, pattern] of [
      ['TEXT', '(unclosed'],
      ['TEXT', '(a+)+$'],
      ['TEXT', 'a'.repeat(201)],
      ['INTEGER', '^\\d+$'],
    ]) {
      const bad = await run(org.owner, CREATE, {
        input: { key: unique('p').toLowerCase(), label: 'x', type, pattern },
      });
      expect(bad.data?.createCustomField, pattern).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.pattern' });
    }
    // The default is checked like a value.
    const badDefault = await run(org.owner, CREATE, {
      input: { key: 'ticket_two', label: 'x', type: 'TEXT', pattern: '^[A-Z]+$', defaultValue: 'abc' },
    });
    expect(badDefault.data?.createCustomField).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.defaultValue' });
    // Key and type never change.
    for (const input of [{ key: 'renamed' }, { type: 'INTEGER' }]) {
      const refused = await run(org.owner, UPDATE, { id, input });
      expect(refused.data?.updateCustomField).toMatchObject({
        code: 'FIELD_FORBIDDEN',
        field: `input.${Object.keys(input)[0]}`,
      });
    }
    const updated = await run(org.owner, UPDATE, {
      id,
      input: { key: 'ticket_ref', label: 'Ticket ref', required: true, visibility: 'ADMIN_ONLY', pattern: null },
    });
    expect(updated.data?.updateCustomField).toMatchObject({
      key: 'ticket_ref',
      label: 'Ticket ref',
      required: true,
      visibility: 'ADMIN_ONLY',
      pattern: null,
    });
    // Another organization's field is NOT_FOUND, like a random id.
    for (const target of [id, randomUUID()]) {
      expect(
        (await run(other.owner, UPDATE, { id: target, input: { label: 'x' } })).data?.updateCustomField,
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect((await run(other.owner, DELETE, { id: target })).data?.deleteCustomField).toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    expect((await run(org.owner, DELETE, { id })).data?.deleteCustomField).toEqual({
      __typename: 'DeleteCustomFieldPayload',
      deletedCustomFieldId: id,
    });
  });

  it('validates every type and reports customFields.<key>; unbound keys are refused', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const cases: [string, Record<string, unknown>, unknown[], unknown[]][] = [
      ['TEXT', { pattern: '^[A-Z]+-\\d+$' }, ['MC-12'], [12, 'mc-12', 'X'.repeat(1001)]],
      ['LONG_TEXT', {}, ['x'.repeat(20_000)], [true, 'x'.repeat(20_001)]],
      ['INTEGER', {}, [-5, 2 ** 53 - 1], [1.5, '3', 2 ** 53]],
      ['DECIMAL', {}, [1.25, -3], ['1.25', false]],
      ['BOOLEAN', {}, [true, false], ['true', 0]],
      ['DATE', {}, ['2026-02-28'], ['2026-02-30', '2026-01-31T00:00:00Z', 20260101]],
      ['DATE_TIME', {}, ['2026-01-31T12:00:00+02:00'], ['2026-01-31', '2026-01-31T12:00:00', 'tomorrow']],
      ['URL', {}, ['https://example.com/x?y=1'], ['ftp://example.com', 'javascript:alert(1)', 'not a url']],
      ['JSON', {}, [{ a: [1, 2, { b: null }] }, 'plain'], [{ big: 'x'.repeat(16 * 1024) }]],
    ];
    const keys: string[] = [];
    for (const [type, extra] of cases) {
      const created = await field(org, { type, ...extra });
      await bind(org, created.id, board.id);
      keys.push(created.key);
    }
    const task = await createTask(subgraph.instance, org.owner, board.id);
    for (const [index, [type, , good, bad]] of cases.entries()) {
      const key = keys[index];
      for (const value of good) {
        const result = await set(org.owner, task.id, [{ key, value }]);
        expect(result?.__typename, `${type} ${JSON.stringify(value)}`).toBe('Task');
        const shown = result?.customFields.find((entry: { key: string }) => entry.key === key);
        expect(shown.type).toBe(type);
        expect(shown.value).toEqual(type === 'DATE_TIME' ? '2026-01-31T10:00:00.000Z' : value);
      }
      for (const value of bad) {
        const result = await set(org.owner, task.id, [{ key, value }]);
        expect(result, `${type} ${JSON.stringify(value).slice(0, 40)}`).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: `customFields.${key}`,
        });
      }
    }
    // A field of the organization that this board does not bind, and an unknown key.
    const unbound = await field(org, { type: 'TEXT' });
    for (const key of [unbound.key, 'nope']) {
      expect(await set(org.owner, task.id, [{ key, value: 'x' }])).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: `customFields.${key}`,
      });
    }
    // Unbinding hides the values and refuses new ones.
    await run(org.owner, UNBIND, { f: unbound.id, b: board.id });
    await bind(org, unbound.id, board.id);
    expect(await set(org.owner, task.id, [{ key: unbound.key, value: 'kept' }])).toMatchObject({ __typename: 'Task' });
    expect((await run(org.owner, UNBIND, { f: unbound.id, b: board.id })).data?.unbindCustomField.__typename).toBe(
      'CustomField',
    );
    const after = (await run(org.owner, TASK, { id: task.id })).data?.task;
    expect(after.customFields.map((entry: { key: string }) => entry.key)).not.toContain(unbound.key);
    expect(await set(org.owner, task.id, [{ key: unbound.key, value: 'x' }])).toMatchObject({
      field: `customFields.${unbound.key}`,
    });
  });

  it('applies defaults, enforces required fields on set and create, bumps the version once, records events', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    const points = await field(org, { type: 'INTEGER', defaultValue: 3 });
    const owner = await field(org, { type: 'TEXT', required: true });
    await bind(org, points.id, board.id);
    await bind(org, owner.id, board.id);
    const read = (await run(org.owner, TASK, { id: task.id })).data?.task;
    expect(read.customFields).toHaveLength(2);
    expect(read.customFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: points.key, value: 3 }),
        expect.objectContaining({ key: owner.key, value: null }),
      ]),
    );
    // Required: any set must leave the required field filled.
    expect(await set(org.owner, task.id, [{ key: points.key, value: 5 }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `customFields.${owner.key}`,
    });
    const ok = await set(
      org.owner,
      task.id,
      [
        { key: points.key, value: 5 },
        { key: owner.key, value: 'ana' },
      ],
      task.version,
    );
    expect(ok).toMatchObject({ __typename: 'Task', version: task.version + 1 });
    // Stale version → TaskConflict; clearing a required value → BAD_USER_INPUT.
    expect(await set(org.owner, task.id, [{ key: points.key, value: 6 }], task.version)).toMatchObject({
      code: 'CONFLICT',
      current: { version: task.version + 1 },
    });
    expect(await set(org.owner, task.id, [{ key: owner.key, value: null }])).toMatchObject({
      field: `customFields.${owner.key}`,
    });
    // Clearing a value with a default shows the default again; setting the same values changes nothing.
    const cleared = await set(org.owner, task.id, [{ key: points.key, value: null }]);
    expect(cleared.customFields.find((entry: { key: string }) => entry.key === points.key).value).toBe(3);
    const same = await set(org.owner, task.id, [{ key: owner.key, value: 'ana' }]);
    expect(same.version).toBe(cleared.version);
    // Duplicate keys are refused.
    expect(
      await set(org.owner, task.id, [
        { key: owner.key, value: 'a' },
        { key: owner.key, value: 'b' },
      ]),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `customFields.${owner.key}`,
    });
    // Create: required fields must be given; defaults are stored.
    const missing = await run(org.owner, CREATE_TASK, { input: { boardId: board.id, title: 'No owner' } });
    expect(missing.data?.createTask).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `input.customFields.${owner.key}`,
    });
    const created = await run(org.owner, CREATE_TASK, {
      input: { boardId: board.id, title: 'Owned', customFields: [{ key: owner.key, value: 'bo' }] },
    });
    expect(created.data?.createTask.customFields).toEqual(
      expect.arrayContaining([
        { key: owner.key, value: 'bo' },
        { key: points.key, value: 3 },
      ]),
    );
    // Durable events with before/after of the changed values.
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${org.id} order by seq`,
    );
    const events = (result as unknown as { rows: { event: unknown }[] }).rows.map(
      (row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent<WorkChange>,
    );
    const customChanges = events
      .filter((event) => event.topic === 'work.taskUpdated' && event.payload.taskId === task.id)
      .map((event) => event.payload);
    expect(customChanges).toEqual([
      expect.objectContaining({
        before: { customFields: { [points.key]: null, [owner.key]: null } },
        after: { customFields: { [points.key]: 5, [owner.key]: 'ana' } },
      }),
      expect.objectContaining({
        before: { customFields: { [points.key]: 5 } },
        after: { customFields: { [points.key]: null } },
      }),
    ]);
    const createdEvent = events.find(
      (event) => event.topic === 'work.taskCreated' && event.payload.taskId === created.data?.createTask.id,
    );
    expect(createdEvent?.payload.after).toMatchObject({ customFields: { [owner.key]: 'bo', [points.key]: 3 } });
  });

  it('lets people with write access, the lead and workers on their own or unassigned tasks set values', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const lead = agentOf(org.id);
    const worker = agentOf(org.id);
    const other = agentOf(org.id);
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead.agentId } });
    const notes = await field(org, { type: 'TEXT' });
    await bind(org, notes.id, board.id);
    const unassigned = await createTask(subgraph.instance, org.owner, board.id);
    const mine = await createTask(subgraph.instance, org.owner, board.id, { assigneeAgentId: worker.agentId });
    const theirs = await createTask(subgraph.instance, org.owner, board.id, { assigneeAgentId: other.agentId });
    const value = [{ key: notes.key, value: 'x' }];
    expect((await set(org.owner, theirs.id, value))?.__typename).toBe('Task');
    expect((await set(lead, theirs.id, value))?.__typename).toBe('Task');
    expect((await set(worker, mine.id, value))?.__typename).toBe('Task');
    expect((await set(worker, unassigned.id, value))?.__typename).toBe('Task');
    expect(await set(worker, theirs.id, value)).toMatchObject({ code: 'ASSIGNEE_MISMATCH' });
    // Read-only people are refused; readers without access and strangers see NOT_FOUND.
    const reader = org.as('MEMBER', { boards: { [board.id]: 'read' } });
    expect(codes(await run(reader, SET, { task: mine.id, values: value }))).toEqual(['FORBIDDEN']);
    expect((await set(org.member, mine.id, value)) ?? {}).toMatchObject({ code: 'NOT_FOUND' });
    const stranger = makeOrg();
    expect(await set(stranger.owner, mine.id, value)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await set(agentOf(stranger.id), mine.id, value)).toMatchObject({ code: 'NOT_FOUND' });
    // Binding: admins of the field's organization only; other org's boards and fields are NOT_FOUND.
    const foreignBoard = await createBoard(subgraph.instance, stranger.owner);
    expect((await run(org.owner, BIND, { f: notes.id, b: foreignBoard.id })).data?.bindCustomField).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await run(stranger.owner, BIND, { f: notes.id, b: foreignBoard.id })).data?.bindCustomField).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(codes(await run(org.member, BIND, { f: notes.id, b: board.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await run(lead, BIND, { f: notes.id, b: board.id }))).toEqual(['FORBIDDEN']);
  });

  it('shows ADMIN_ONLY values to admins and owners only, HIDDEN to nobody; deleting a field removes its values', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const secret = await field(org, { type: 'TEXT', visibility: 'ADMIN_ONLY' });
    const hidden = await field(org, { type: 'TEXT', visibility: 'HIDDEN' });
    await bind(org, secret.id, board.id);
    await bind(org, hidden.id, board.id);
    const task = await createTask(subgraph.instance, org.owner, board.id);
    await set(org.owner, task.id, [
      { key: secret.key, value: 's' },
      { key: hidden.key, value: 'h' },
    ]);
    const keysFor = async (caller: Identity) =>
      (await run(caller, TASK, { id: task.id })).data?.task.customFields.map((entry: { key: string }) => entry.key);
    expect(await keysFor(org.owner)).toEqual([secret.key]);
    const writer = org.as('MEMBER', { allBoardsWrite: true });
    expect(await keysFor(writer)).toEqual([]);
    await run(org.owner, DELETE, { id: secret.id });
    const count = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from work.task_custom_field_values where task_id = ${task.id}`,
    );
    expect((count as unknown as { rows: { n: number }[] }).rows[0].n).toBe(1);
  });

  it('loads Task.customFields for a whole page in one statement', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const a = await field(org, { type: 'INTEGER' });
    await bind(org, a.id, board.id);
    const query = `query($id: ID!) { board(id: $id) { customFields { key } tasks(first: 50) { nodes { id customFields { key value } } } } }`;
    const count = async () => {
      const seen: string[] = [];
      const stop = subgraph.runtime.database.onQuery((statement) => seen.push(statement));
      try {
        const result = await run(org.owner, query, { id: board.id });
        expect(result.errors).toBeUndefined();
      } finally {
        stop();
      }
      return seen.length;
    };
    for (let i = 0; i < 2; i += 1) {
      const task = await createTask(subgraph.instance, org.owner, board.id);
      await set(org.owner, task.id, [{ key: a.key, value: i }]);
    }
    const small = await count();
    for (let i = 0; i < 8; i += 1) await createTask(subgraph.instance, org.owner, board.id);
    expect(await count()).toBe(small);
    const statements: string[] = [];
    const stop = subgraph.runtime.database.onQuery((statement) => statements.push(statement));
    await run(org.owner, query, { id: board.id });
    stop();
    expect(statements.filter((statement) => statement.includes('task_custom_field_values'))).toHaveLength(1);
  });
});
