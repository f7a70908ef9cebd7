/**
 * What board sync tells each reader: ADMIN_ONLY custom-field values only to admins and owners (HIDDEN
 * values are never in the events), and a worker agent no ids of tasks it may not see in dependency
 * changes — as the queries do.
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '@mc/kit';
import {
  DATABASE_KINDS,
  executeAs,
  startTestSubgraph,
  subscribeAs,
  type TestSubgraph,
  type TestSubscription,
  unique,
} from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import { workModule } from '../src/index.ts';
import { createBoard, createTask, makeOrg, SET_DEPENDENCIES, UPDATE_BOARD } from './fixtures.ts';

const BOARD_EVENTS = `subscription($boardId: ID!) { boardEvents(boardId: $boardId) { type taskId before after } }`;
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) {
  ... on CustomField { id key } } }`;
const BIND = `mutation($f: ID!, $b: ID!) { bindCustomField(fieldId: $f, boardId: $b) { __typename } }`;
const SET = `mutation($task: ID!, $values: [CustomFieldValueInput!]!) {
  setTaskCustomFieldValues(taskId: $task, values: $values) { __typename } }`;

interface BoardEvent {
  type: string;
  taskId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const agentOf = (orgId: string): Extract<Identity, { kind: 'agent' }> => ({
  kind: 'agent',
  agentId: randomUUID(),
  orgId,
  credentialId: randomUUID(),
});

async function nextEvent(subscription: TestSubscription<{ boardEvents: BoardEvent }>): Promise<BoardEvent> {
  const next = await subscription.next(10_000);
  if (next === 'done' || next === 'timeout') throw new Error(`no event: ${next}`);
  expect(next.errors, JSON.stringify(next.errors)).toBeUndefined();
  return (next.data as { boardEvents: BoardEvent }).boardEvents;
}

describe.each(DATABASE_KINDS)('board sync redaction on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind, { envSource: { STREAM_POLL_MS: '200' } });
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  it('shows ADMIN_ONLY values to admins and owners only, and a worker only the dependencies it may see', async () => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner, { requireApprovalForDone: false });
    const [lead, worker, other] = [agentOf(org.id), agentOf(org.id), agentOf(org.id)];
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead.agentId } });
    const key = unique('f')
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-');
    const field = (
      await run(org.owner, CREATE_FIELD, {
        input: { key, label: 'Salary', type: 'TEXT', visibility: 'ADMIN_ONLY' },
      })
    ).data?.createCustomField as { id: string };
    await run(org.owner, BIND, { f: field.id, b: board.id });
    const theirs = await createTask(subgraph.instance, org.owner, board.id, { assigneeAgentId: other.agentId });
    const free = await createTask(subgraph.instance, org.owner, board.id);
    const mine = await createTask(subgraph.instance, org.owner, board.id, { assigneeAgentId: worker.agentId });

    const readers = {
      owner: org.owner,
      member: org.as('MEMBER', { allBoardsRead: true }),
      lead,
      worker,
    };
    const subscriptions = Object.fromEntries(
      await Promise.all(
        Object.entries(readers).map(async ([name, identity]) => [
          name,
          await subscribeAs<{ boardEvents: BoardEvent }>(subgraph.instance, identity, BOARD_EVENTS, {
            boardId: board.id,
          }),
        ]),
      ),
    ) as Record<keyof typeof readers, TestSubscription<{ boardEvents: BoardEvent }>>;
    try {
      expect(
        (await run(org.owner, SET, { task: free.id, values: [{ key, value: 'secret-pay' }] })).errors,
      ).toBeUndefined();
      const updates = Object.fromEntries(
        await Promise.all(Object.entries(subscriptions).map(async ([name, s]) => [name, await nextEvent(s)])),
      ) as Record<keyof typeof readers, BoardEvent>;
      expect(updates.owner).toMatchObject({
        type: 'TASK_UPDATED',
        taskId: free.id,
        after: { customFields: {}, adminOnlyCustomFields: { [key]: 'secret-pay' } },
      });
      for (const name of ['member', 'lead', 'worker'] as const) {
        expect(updates[name]).toMatchObject({ type: 'TASK_UPDATED', taskId: free.id, after: { customFields: {} } });
        expect(JSON.stringify(updates[name]), name).not.toContain('secret-pay');
      }

      await run(org.owner, SET_DEPENDENCIES, { id: mine.id, deps: [theirs.id, free.id] });
      const forWorker = await nextEvent(subscriptions.worker);
      expect(forWorker).toMatchObject({
        type: 'DEPENDENCIES_CHANGED',
        taskId: mine.id,
        before: { dependsOn: [] },
        after: { dependsOn: [free.id] },
      });
      expect(JSON.stringify(forWorker)).not.toContain(theirs.id);
      expect(await nextEvent(subscriptions.lead)).toMatchObject({ after: { dependsOn: [theirs.id, free.id] } });
      expect(await nextEvent(subscriptions.member)).toMatchObject({ after: { dependsOn: [theirs.id, free.id] } });
    } finally {
      await Promise.all(Object.values(subscriptions).map((s) => s.close()));
    }
  });
});
