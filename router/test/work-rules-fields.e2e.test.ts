/**
 * Custom fields and memory through the router. Custom fields: each type's validation on the
 * values a task holds (BAD_USER_INPUT naming `customFields.<key>`), required fields, defaults,
 * regex patterns, the immutable key and type (FIELD_FORBIDDEN), unique keys (CONFLICT), and
 * visibility (hidden values shown to nobody, admin-only to admins). Memory: board and board-group
 * notes and chat written by people and agents, read back oldest first with their authors.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Call, EVENTUALLY, errorCode, SET_FIELDS, useSharedWorkStack } from './support/work-fixtures.ts';

const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) {
  __typename ... on CustomField { id key type required defaultValue pattern visibility }
  ... on DomainError { code field ids } } }`;
const UPDATE_FIELD = `mutation($id: ID!, $input: UpdateCustomFieldInput!) { updateCustomField(id: $id, input: $input) {
  __typename ... on CustomField { id key type label } ... on DomainError { code field ids } } }`;
const BIND = `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) {
  __typename ... on DomainError { code } } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) {
  __typename ... on Task { id customFields { key value } } ... on DomainError { code field ids } } }`;
const VALUES = `query($id: ID!) { task(id: $id) { version customFields { key type value } } }`;
const ADD_MEMORY = `mutation($b: ID!, $kind: MemoryKind!, $body: String!) { addBoardMemory(boardId: $b, kind: $kind, body: $body) {
  __typename ... on MemoryEntry { id kind body author { kind id } } ... on DomainError { code field ids } } }`;
const ADD_GROUP_MEMORY = `mutation($g: ID!, $kind: MemoryKind!, $body: String!) {
  addBoardGroupMemory(boardGroupId: $g, kind: $kind, body: $body) {
    __typename ... on MemoryEntry { id kind body author { kind id } } ... on DomainError { code field ids } } }`;

describe('custom fields and memory through the router', { timeout: 90_000 }, () => {
  const work = useSharedWorkStack();

  /** A field of `type` (plus `input`) bound to `boardId`; returns its key. */
  async function field(call: Call, boardId: string, type: string, input: Record<string, unknown> = {}) {
    const key = `${type.toLowerCase().replace('_', '-')}-${randomUUID().slice(0, 8)}`;
    const created = await call(CREATE_FIELD, { input: { key, label: type, type, ...input } });
    expect(created.data?.createCustomField, JSON.stringify(created)).toMatchObject({ __typename: 'CustomField' });
    expect((await call(BIND, { f: created.data.createCustomField.id, b: boardId })).data.bindCustomField).toEqual({
      __typename: 'CustomField',
    });
    return { key, id: created.data.createCustomField.id as string };
  }

  it('validates every type: good values are stored (normalized), bad ones name customFields.<key>', async () => {
    const orgId = await work.organization('Field types');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const cases: [string, unknown[], [unknown, unknown][]][] = [
      ['TEXT', [5, true, 'x'.repeat(1001), ['a']], [['Short text', 'Short text']]],
      ['LONG_TEXT', [5, 'x'.repeat(20_001)], [['y'.repeat(5_000), 'y'.repeat(5_000)]]],
      [
        'INTEGER',
        [4.5, '42', 2 ** 53, true],
        [
          [42, 42],
          [-7, -7],
        ],
      ],
      [
        'DECIMAL',
        ['4.5', true, { n: 1 }],
        [
          [4.25, 4.25],
          [3, 3],
        ],
      ],
      [
        'BOOLEAN',
        ['true', 1, 'yes'],
        [
          [false, false],
          [true, true],
        ],
      ],
      ['DATE', ['2026-02-30', '2026-01-31T00:00:00Z', '31/01/2026', 20260131], [['2026-01-31', '2026-01-31']]],
      [
        'DATE_TIME',
        ['2026-01-31', '2026-02-30T00:00:00Z', '2026-01-31T12:00:00', 1_700_000_000],
        [['2026-01-31T12:00:00+02:00', '2026-01-31T10:00:00.000Z']],
      ],
      [
        'URL',
        ['ftp://example.test/x', 'not a url', 'javascript:alert(1)', 5],
        [['https://example.test/a?b=1', 'https://example.test/a?b=1']],
      ],
      [
        'JSON',
        [{ big: 'x'.repeat(17 * 1024) }],
        [
          [
            { a: [1, 2], b: null },
            { a: [1, 2], b: null },
          ],
          ['plain', 'plain'],
        ],
      ],
    ];
    const task = await work.task(orgId, boardId);
    for (const [type, bad, good] of cases) {
      const { key } = await field(admin, boardId, type);
      for (const value of bad) {
        const refused = (await admin(SET_FIELDS, { id: task, values: [{ key, value }] })).data.setTaskCustomFieldValues;
        expect({ type, value, refused }).toMatchObject({
          type,
          refused: { code: 'BAD_USER_INPUT', field: `customFields.${key}` },
        });
      }
      for (const [value, stored] of good) {
        const set = (await admin(SET_FIELDS, { id: task, values: [{ key, value }] })).data.setTaskCustomFieldValues;
        expect({ type, set }).toMatchObject({ type, set: { __typename: 'Task' } });
        const shown = (await admin(VALUES, { id: task })).data.task.customFields.find(
          (entry: { key: string }) => entry.key === key,
        );
        expect({ type, shown }).toEqual({ type, shown: { key, type, value: stored } });
      }
      // On creation too, under input.customFields.<key>.
      const created = await admin(CREATE_TASK, {
        input: { boardId, title: 'New', customFields: [{ key, value: bad[0] }] },
      });
      expect({ type, result: created.data.createTask }).toMatchObject({
        type,
        result: { code: 'BAD_USER_INPUT', field: `input.customFields.${key}` },
      });
    }
    // A key not bound to the board, and the same key twice, are refused; null clears.
    const unbound = await admin(SET_FIELDS, { id: task, values: [{ key: 'nope', value: 1 }] });
    expect(unbound.data.setTaskCustomFieldValues).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customFields.nope' });
    const { key } = await field(admin, boardId, 'INTEGER');
    const twice = await admin(SET_FIELDS, {
      id: task,
      values: [
        { key, value: 1 },
        { key, value: 2 },
      ],
    });
    expect(twice.data.setTaskCustomFieldValues).toMatchObject({ code: 'BAD_USER_INPUT', field: `customFields.${key}` });
    await admin(SET_FIELDS, { id: task, values: [{ key, value: 9 }] });
    await admin(SET_FIELDS, { id: task, values: [{ key, value: null }] });
    const cleared = (await admin(VALUES, { id: task })).data.task.customFields.find(
      (entry: { key: string }) => entry.key === key,
    );
    expect(cleared.value).toBeNull();
  });

  it('required fields, defaults and patterns', async () => {
    const orgId = await work.organization('Field rules');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const required = await field(admin, boardId, 'TEXT', { required: true });
    const withDefault = await field(admin, boardId, 'INTEGER', { required: true, defaultValue: 3 });
    const code = await field(admin, boardId, 'TEXT', { pattern: '^[A-Z]{3}-\\d+$' });

    const create = async (customFields: unknown[]) =>
      (await admin(CREATE_TASK, { input: { boardId, title: 'T', customFields } })).data.createTask;
    expect(await create([])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `input.customFields.${required.key}`,
    });
    const made = await create([{ key: required.key, value: 'given' }]);
    expect(made.__typename).toBe('Task');
    // The default fills in what was not given.
    const values = Object.fromEntries(
      made.customFields.map((entry: { key: string; value: unknown }) => [entry.key, entry.value]),
    );
    expect(values).toEqual({ [required.key]: 'given', [withDefault.key]: 3, [code.key]: null });
    const clear = await admin(SET_FIELDS, { id: made.id, values: [{ key: required.key, value: null }] });
    expect(clear.data.setTaskCustomFieldValues).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `customFields.${required.key}`,
    });
    // A required field with a default may be cleared: the default shows.
    const back = await admin(SET_FIELDS, { id: made.id, values: [{ key: withDefault.key, value: null }] });
    expect(back.data.setTaskCustomFieldValues).toMatchObject({ __typename: 'Task' });

    const setCode = async (value: string) =>
      (await admin(SET_FIELDS, { id: made.id, values: [{ key: code.key, value }] })).data.setTaskCustomFieldValues;
    expect(await setCode('abc-1')).toMatchObject({ code: 'BAD_USER_INPUT', field: `customFields.${code.key}` });
    expect(await setCode('ABC-12')).toMatchObject({ __typename: 'Task' });

    // Definitions are validated too: default against type and pattern, patterns on text only and safe.
    const define = async (input: Record<string, unknown>) =>
      (await admin(CREATE_FIELD, { input: { key: `k-${randomUUID().slice(0, 8)}`, label: 'K', ...input } })).data
        .createCustomField;
    expect(await define({ type: 'INTEGER', defaultValue: 'three' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.defaultValue',
    });
    expect(await define({ type: 'TEXT', pattern: '^\\d+$', defaultValue: 'abc' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.defaultValue',
    });
    for (const pattern of ['(', '(a+)+$']) {
      expect(await define({ type: 'TEXT', pattern })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.pattern' });
    }
    expect(await define({ type: 'INTEGER', pattern: '^\\d+$' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.pattern',
    });
    expect(await define({ type: 'DATE', defaultValue: '2026-01-31' })).toMatchObject({
      __typename: 'CustomField',
      defaultValue: '2026-01-31',
    });
  });

  it('keys: well formed, unique per organization (CONFLICT), immutable with the type (FIELD_FORBIDDEN); admins only', async () => {
    const orgId = await work.organization('Field keys');
    const admin = work.admin(orgId);
    const key = `stage-${randomUUID().slice(0, 8)}`;
    const created = (await admin(CREATE_FIELD, { input: { key, label: 'Stage', type: 'TEXT' } })).data
      .createCustomField;
    expect(created).toMatchObject({ __typename: 'CustomField', key });
    const again = await admin(CREATE_FIELD, { input: { key, label: 'Again', type: 'INTEGER' } });
    expect(again.data.createCustomField).toMatchObject({ code: 'CONFLICT', field: 'input.key' });
    for (const bad of ['Stage', '1st', 'with space', '']) {
      const refused = await admin(CREATE_FIELD, { input: { key: bad, label: 'Bad', type: 'TEXT' } });
      expect({ bad, result: refused.data.createCustomField }).toMatchObject({
        bad,
        result: { code: 'BAD_USER_INPUT', field: 'input.key' },
      });
    }
    const update = async (input: Record<string, unknown>) =>
      (await admin(UPDATE_FIELD, { id: created.id, input })).data.updateCustomField;
    expect(await update({ key: 'renamed' })).toMatchObject({
      code: 'FIELD_FORBIDDEN',
      field: 'input.key',
      ids: [created.id],
    });
    expect(await update({ type: 'INTEGER' })).toMatchObject({
      code: 'FIELD_FORBIDDEN',
      field: 'input.type',
      ids: [created.id],
    });
    expect(await update({ key, type: 'TEXT', label: 'Phase' })).toEqual({
      __typename: 'CustomField',
      id: created.id,
      key,
      type: 'TEXT',
      label: 'Phase',
    });
    // Another organization has its own keys; a plain member defines nothing.
    const other = await work.organization('Field keys elsewhere');
    expect(
      (await work.admin(other)(CREATE_FIELD, { input: { key, label: 'Mine', type: 'URL' } })).data.createCustomField,
    ).toMatchObject({ __typename: 'CustomField' });
    const member = await work.member(orgId, 'MEMBER', { allBoardsWrite: true });
    expect(errorCode(await member(CREATE_FIELD, { input: { key: 'x-member', label: 'X', type: 'TEXT' } }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await member(UPDATE_FIELD, { id: created.id, input: { label: 'Y' } }))).toBe('FORBIDDEN');
  });

  it('visibility: hidden values are shown to nobody, admin-only ones to admins; setting is not affected', async () => {
    const orgId = await work.organization('Field visibility');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const visible = await field(admin, boardId, 'TEXT');
    const hidden = await field(admin, boardId, 'TEXT', { visibility: 'HIDDEN' });
    const adminOnly = await field(admin, boardId, 'TEXT', { visibility: 'ADMIN_ONLY' });
    const lead = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const writer = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'WRITE' }] });
    const task = await work.task(orgId, boardId);

    const all = [visible, hidden, adminOnly].map(({ key }) => ({ key, value: `secret ${key}` }));
    expect((await writer(SET_FIELDS, { id: task, values: all })).data.setTaskCustomFieldValues).toMatchObject({
      __typename: 'Task',
    });
    expect(
      (await lead.call(SET_FIELDS, { id: task, values: [{ key: hidden.key, value: 'by lead' }] })).data
        .setTaskCustomFieldValues,
    ).toMatchObject({ __typename: 'Task' });
    const keysFor = async (call: Call) => {
      const read = await call('query($id: ID!) { task(id: $id) { customFields { key value } } }', { id: task });
      return read.data.task.customFields.map((entry: { key: string }) => entry.key).sort();
    };
    expect(await keysFor(admin)).toEqual([visible.key, adminOnly.key].sort());
    expect(await keysFor(writer)).toEqual([visible.key]);
    expect(await keysFor(lead.call)).toEqual([visible.key]);
    const raw = await writer('query($id: ID!) { task(id: $id) { customFields { key value } } }', { id: task });
    expect(JSON.stringify(raw)).not.toMatch(/by lead|secret (hidden|admin)/);

    // The timeline follows the same visibility: hidden values never, admin-only ones for admins only.
    const entries = async (call: Call) =>
      (
        await call(
          'query($t: ID!) { activity(filter: { taskId: $t, types: ["work.taskUpdated"] }) { nodes { before after } } }',
          { t: task },
        )
      ).data?.activity.nodes;
    const timeline = async (call: Call) => JSON.stringify(await entries(call));
    await expect.poll(async () => (await entries(admin))?.length, EVENTUALLY).toBe(2);
    const seenByAdmin = await timeline(admin);
    expect(seenByAdmin).toContain(`secret ${adminOnly.key}`);
    expect(seenByAdmin).not.toMatch(/by lead|secret hidden/);
    const seenByWriter = await timeline(writer);
    expect(seenByWriter).toContain(`secret ${visible.key}`);
    expect(seenByWriter).not.toMatch(/by lead|secret hidden|secret admin/);
  });

  it('board memory: notes and chat by people with write access and agents, oldest first with authors', async () => {
    const orgId = await work.organization('Board memory');
    const admin = work.admin(orgId);
    const boardId = await work.board(orgId);
    const lead = await work.agent(orgId);
    const worker = await work.agent(orgId);
    await work.lead(orgId, boardId, lead.agentId);
    const writer = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'WRITE' }] });
    const reader = await work.member(orgId, 'MEMBER', { boards: [{ boardId, permission: 'READ' }] });
    const add = async (call: Call, kind: string, body: string, board = boardId) =>
      (await call(ADD_MEMORY, { b: board, kind, body })).data?.addBoardMemory;

    expect(await add(admin, 'NOTE', 'Deploys on Fridays are banned')).toMatchObject({
      kind: 'NOTE',
      author: { kind: 'USER' },
    });
    expect(await add(lead.call, 'CHAT', 'Who takes the release?')).toMatchObject({
      author: { kind: 'AGENT', id: lead.agentId },
    });
    expect(await add(worker.call, 'CHAT', 'I do')).toMatchObject({ author: { kind: 'AGENT', id: worker.agentId } });
    expect(await add(writer, 'NOTE', 'Release checklist in the wiki')).toMatchObject({ author: { kind: 'USER' } });
    expect(await add(admin, 'NOTE', '   ')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(await add(worker.call, 'NOTE', 'x'.repeat(20_001))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(errorCode(await reader(ADD_MEMORY, { b: boardId, kind: 'NOTE', body: 'Mine' }))).toBe('FORBIDDEN');

    const page = async (call: Call, kind?: string, after?: string) =>
      (
        await call(
          `query($id: ID!, $kind: MemoryKind, $after: String) { board(id: $id) { memory(kind: $kind, first: 2, after: $after) {
            nodes { kind body author { kind } } pageInfo { hasNextPage endCursor } } } }`,
          { id: boardId, kind, after },
        )
      ).data?.board.memory;
    const first = await page(reader);
    expect(first.nodes.map((node: { body: string }) => node.body)).toEqual([
      'Deploys on Fridays are banned',
      'Who takes the release?',
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(reader, undefined, first.pageInfo.endCursor);
    expect(second.nodes.map((node: { body: string }) => node.body)).toEqual(['I do', 'Release checklist in the wiki']);
    const chat = await page(worker.call, 'CHAT');
    expect(chat.nodes).toEqual([
      { kind: 'CHAT', body: 'Who takes the release?', author: { kind: 'AGENT' } },
      { kind: 'CHAT', body: 'I do', author: { kind: 'AGENT' } },
    ]);

    // Another organization's people and agents neither read nor write it.
    const otherOrg = await work.organization('Board memory elsewhere');
    const stranger = await work.agent(otherOrg);
    expect(await add(stranger.call, 'NOTE', 'hello', boardId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await add(work.admin(otherOrg), 'NOTE', 'hello', boardId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      errorCode(
        await stranger.call('query($id: ID!) { board(id: $id) { memory { nodes { body } } } }', { id: boardId }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('board-group memory: admins and agents write, members read, other organizations find nothing', async () => {
    const orgId = await work.organization('Group memory');
    const admin = work.admin(orgId);
    const group = await admin(
      `mutation($input: CreateBoardGroupInput!) { createBoardGroup(input: $input) { ... on BoardGroup { id } } }`,
      { input: { name: `Group ${randomUUID().slice(0, 8)}` } },
    );
    const groupId: string = group.data.createBoardGroup.id;
    const agent = await work.agent(orgId);
    const member = await work.member(orgId, 'MEMBER', { allBoardsWrite: true });
    const add = async (call: Call, kind: string, body: string) =>
      (await call(ADD_GROUP_MEMORY, { g: groupId, kind, body })).data?.addBoardGroupMemory;

    expect(await add(admin, 'NOTE', 'Quarterly goals')).toMatchObject({ kind: 'NOTE', author: { kind: 'USER' } });
    expect(await add(agent.call, 'CHAT', 'Noted')).toMatchObject({
      kind: 'CHAT',
      author: { kind: 'AGENT', id: agent.agentId },
    });
    expect(await add(admin, 'CHAT', '')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(errorCode(await member(ADD_GROUP_MEMORY, { g: groupId, kind: 'NOTE', body: 'Mine' }))).toBe('FORBIDDEN');
    const read = await member(
      'query($id: ID!) { boardGroup(id: $id) { memory { nodes { kind body author { kind } } } } }',
      { id: groupId },
    );
    expect(read.data?.boardGroup.memory.nodes).toEqual([
      { kind: 'NOTE', body: 'Quarterly goals', author: { kind: 'USER' } },
      { kind: 'CHAT', body: 'Noted', author: { kind: 'AGENT' } },
    ]);

    const otherOrg = await work.organization('Group memory elsewhere');
    const stranger = await work.agent(otherOrg);
    expect(await add(stranger.call, 'NOTE', 'hi')).toMatchObject({ code: 'NOT_FOUND' });
    expect(await add(work.admin(otherOrg), 'NOTE', 'hi')).toMatchObject({ code: 'NOT_FOUND' });
  });
});
