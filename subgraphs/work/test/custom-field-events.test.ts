/**
 * Custom fields in durable events: values of VISIBLE fields as they are, ADMIN_ONLY ones apart
 * (`adminOnlyCustomFields`, for governance to show admins only), HIDDEN ones never (only their keys,
 * `hiddenCustomFields`) — on create and on set.
 */
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph, unique } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import type { WorkChange } from '../src/domain-events.ts';
import { workModule } from '../src/index.ts';
import { createBoard, makeOrg, type TestOrg } from './fixtures.ts';

const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) {
  __typename ... on CustomField { id key } ... on DomainError { code field message } } }`;
const BIND = `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }`;
const SET = `mutation($task: ID!, $values: [CustomFieldValueInput!]!) {
  setTaskCustomFieldValues(taskId: $task, values: $values) { __typename ... on DomainError { code field message } } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) {
  __typename ... on Task { id } ... on DomainError { code field message } } }`;

describe.each(DATABASE_KINDS)('custom-field values in events on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  const key = () =>
    unique('f')
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-');

  async function field(org: TestOrg, boardId: string, visibility: string) {
    const created = await run(org.owner, CREATE_FIELD, {
      input: { key: key(), label: visibility, type: 'TEXT', visibility },
    });
    expect(created.data?.createCustomField.__typename).toBe('CustomField');
    const { id, key: fieldKey } = (created.data?.createCustomField ?? {}) as { id: string; key: string };
    expect((await run(org.owner, BIND, { f: id, b: boardId })).errors).toBeUndefined();
    return fieldKey;
  }

  const events = async (orgId: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${orgId} order by seq`,
    );
    return (result as unknown as { rows: { event: unknown }[] }).rows.map(
      (row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent<WorkChange>,
    );
  };

  it('keeps HIDDEN values out of events and sets ADMIN_ONLY values apart', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const visible = await field(org, board.id, 'VISIBLE');
    const adminOnly = await field(org, board.id, 'ADMIN_ONLY');
    const hidden = await field(org, board.id, 'HIDDEN');
    const secret = `secret-${unique('v')}`;
    const salary = `salary-${unique('v')}`;

    const created = await run(org.owner, CREATE_TASK, {
      input: {
        boardId: board.id,
        title: 'With fields',
        customFields: [
          { key: visible, value: 'public' },
          { key: adminOnly, value: salary },
          { key: hidden, value: secret },
        ],
      },
    });
    expect(created.data?.createTask.__typename).toBe('Task');
    const taskId: string = created.data?.createTask.id;
    const set = await run(org.owner, SET, {
      task: taskId,
      values: [
        { key: visible, value: 'public 2' },
        { key: adminOnly, value: `${salary}-2` },
        { key: hidden, value: `${secret}-2` },
      ],
    });
    expect(set.data?.setTaskCustomFieldValues.__typename).toBe('Task');

    const recorded = (await events(org.id)).filter((event) => event.payload.taskId === taskId);
    expect(JSON.stringify(recorded)).not.toContain(secret);
    const createdEvent = recorded.find((event) => event.topic === 'work.taskCreated');
    expect(createdEvent?.payload.after).toMatchObject({
      customFields: { [visible]: 'public' },
      adminOnlyCustomFields: { [adminOnly]: salary },
      hiddenCustomFields: [hidden],
    });
    const updated = recorded.find((event) => event.topic === 'work.taskUpdated');
    expect(updated?.payload).toMatchObject({
      before: {
        customFields: { [visible]: 'public' },
        adminOnlyCustomFields: { [adminOnly]: salary },
        hiddenCustomFields: [hidden],
      },
      after: {
        customFields: { [visible]: 'public 2' },
        adminOnlyCustomFields: { [adminOnly]: `${salary}-2` },
        hiddenCustomFields: [hidden],
      },
    });
    expect(Object.keys(updated?.payload.after?.customFields as object)).toEqual([visible]);
  });
});
