/**
 * The live timeline: `activitySequence` + `Subscription.activityEvents` over the real schema and
 * database, fed by work-shaped events on the shared stream and by governance's own approvals.
 * Per-organization sequences without gaps (also on redelivery), snapshot then subscribe, resume
 * without gap or duplicate, filters, board-access scoping, tenancy, slow readers told to resync.
 */
import { randomUUID } from 'node:crypto';
import { type DomainEvent, type Identity, RedisEventBus } from '@mc/kit';
import {
  DATABASE_KINDS,
  type DedicatedRedis,
  executeAs,
  startDedicatedRedis,
  startTestSubgraph,
  subscribeAs,
  type TestSubgraph,
  type TestSubscription,
} from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { governanceModule } from '../src/index.ts';
import { codes, createApproval, makeOrg, workEvent } from './fixtures.ts';

const EVENTS = `subscription($filter: ActivityStreamFilter, $after: Int) { activityEvents(filter: $filter, after: $after) {
  id sequence type actor { kind id } targetType targetId board { id } task { id } before after occurredAt } }`;
const SEQUENCE = `query { activitySequence }`;
const ACTIVITY = `query { activity(first: 100) { nodes { type sequence } } }`;

interface Entry {
  id: string;
  sequence: number;
  type: string;
  actor: { kind: string; id: string };
  targetType: string;
  targetId: string | null;
  board: { id: string } | null;
  task: { id: string } | null;
  before: unknown;
  after: unknown;
  occurredAt: string;
}

async function entries(subscription: TestSubscription<{ activityEvents: Entry }>, count: number, ms = 5000) {
  const seen: Entry[] = [];
  while (seen.length < count) {
    const next = await subscription.next(ms);
    if (next === 'done' || next === 'timeout') throw new Error(`${next} after ${seen.length} of ${count} entries`);
    expect(next.errors, JSON.stringify(next.errors)).toBeUndefined();
    seen.push((next.data as { activityEvents: Entry }).activityEvents);
  }
  return seen;
}

describe.each(DATABASE_KINDS)('activity stream on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind, {
      envSource: { STREAM_BUFFER_SIZE: '10', STREAM_POLL_MS: '200' },
    });
  });
  afterAll(() => subgraph?.close());

  const run = (identity: Identity, query: string, variables?: Record<string, unknown>) =>
    executeAs(subgraph.instance, identity, query, variables);
  const subscribe = (identity: Identity, variables: Record<string, unknown> = {}) =>
    subscribeAs<{ activityEvents: Entry }>(subgraph.instance, identity, EVENTS, variables);
  const entryCount = async (organizationId: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from governance.activity where organization_id = ${organizationId}`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };
  /** Stream entries committed but not yet published live. */
  const unpublished = async () => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from governance.mc_stream_log where published_at is null`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };
  /** Appends events to the stream as work's relay would, and waits until the consumer applied them. */
  async function deliver(organizationId: string, events: DomainEvent[], expected: number) {
    await subgraph.runtime.events.stream.append(events);
    await expect.poll(() => entryCount(organizationId), { timeout: 5_000 }).toBe(expected);
  }
  const sequenceOf = async (identity: Identity) => (await run(identity, SEQUENCE)).data?.activitySequence as number;

  it('snapshot then subscribe: new entries in order with the organization’s next sequences, redelivery adds none', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const taskId = randomUUID();
    expect(await sequenceOf(org.owner)).toBe(0);
    const created = workEvent('taskCreated', org.id, { boardId, taskId, after: { title: 'Docs' } });
    await deliver(org.id, [workEvent('boardCreated', org.id, { boardId }), created], 2);
    const snapshot = await sequenceOf(org.owner);
    expect(snapshot).toBe(2);
    const subscription = await subscribe(org.owner, { after: snapshot });
    expect(subscription.errors).toBeUndefined();

    const agentId = randomUUID();
    const moved = workEvent(
      'taskMoved',
      org.id,
      {
        boardId,
        taskId,
        from: 'INBOX',
        to: 'IN_PROGRESS',
        before: { status: 'INBOX' },
        after: { status: 'IN_PROGRESS' },
      },
      { actor: { kind: 'agent', id: agentId } },
    );
    // A redelivered event takes no number: the sequence stays gapless.
    await deliver(org.id, [created, moved, workEvent('boardGroupCreated', org.id, { boardGroupId: randomUUID() })], 4);
    const approval = await createApproval(subgraph.instance, org.owner, boardId, [taskId]);

    const seen = await entries(subscription, 3);
    expect(seen.map((entry) => [entry.sequence, entry.type])).toEqual([
      [3, 'work.taskMoved'],
      [4, 'work.boardGroupCreated'],
      [5, 'governance.approvalRequested'],
    ]);
    expect(seen[0]).toMatchObject({
      actor: { kind: 'AGENT', id: agentId },
      targetType: 'TASK',
      targetId: taskId,
      board: { id: boardId },
      task: { id: taskId },
      before: { status: 'INBOX' },
      after: { status: 'IN_PROGRESS' },
      occurredAt: moved.occurredAt,
    });
    expect(seen[2]).toMatchObject({ targetId: approval.id, board: { id: boardId } });
    // The query shows the same sequences.
    const listed = (await run(org.owner, ACTIVITY)).data?.activity.nodes as { sequence: number }[];
    expect(listed.map((entry) => entry.sequence).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await sequenceOf(org.owner)).toBe(5);
    await subscription.close();
  });

  it('resumes with after: no gap, no duplicate', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const first = await subscribe(org.owner, { after: 0 });
    const tasks = (n: number) =>
      Array.from({ length: n }, () => workEvent('taskCreated', org.id, { boardId, taskId: randomUUID() }));
    await deliver(org.id, tasks(3), 3);
    const before = await entries(first, 2);
    await first.close();
    await deliver(org.id, tasks(2), 5);
    const resumed = await subscribe(org.owner, { after: before[1].sequence });
    await deliver(org.id, tasks(1), 6);
    const rest = await entries(resumed, 4);
    expect([...before, ...rest].map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await resumed.next(300)).toBe('timeout');
    await resumed.close();
  });

  it('filters by board and type, and shows only boards the reader may read (and entries without a board)', async () => {
    const org = makeOrg();
    const boardA = randomUUID();
    const boardB = randomUUID();
    const reader = org.as('MEMBER', { boards: { [boardA]: 'read' } });
    // Governance knows boards from work's events.
    await deliver(
      org.id,
      [workEvent('boardCreated', org.id, { boardId: boardA }), workEvent('boardCreated', org.id, { boardId: boardB })],
      2,
    );
    const everything = await subscribe(reader);
    const onlyMovesOnA = await subscribe(org.owner, { filter: { boardId: boardA, types: ['work.taskMoved'] } });
    expect(onlyMovesOnA.errors).toBeUndefined();
    await deliver(
      org.id,
      [
        workEvent('taskCreated', org.id, { boardId: boardA, taskId: randomUUID() }),
        workEvent('taskMoved', org.id, { boardId: boardB, taskId: randomUUID(), from: 'INBOX', to: 'REVIEW' }),
        workEvent('boardGroupCreated', org.id, { boardGroupId: randomUUID() }),
        workEvent('taskMoved', org.id, { boardId: boardA, taskId: randomUUID(), from: 'INBOX', to: 'DONE' }),
      ],
      6,
    );
    expect(
      (await entries(everything, 3)).map((entry) => [entry.sequence, entry.type, entry.board?.id ?? null]),
    ).toEqual([
      [3, 'work.taskCreated', boardA],
      [5, 'work.boardGroupCreated', null],
      [6, 'work.taskMoved', boardA],
    ]);
    expect((await entries(onlyMovesOnA, 1)).map((entry) => entry.sequence)).toEqual([6]);
    expect(await everything.next(300)).toBe('timeout');
    await everything.close();
    await onlyMovesOnA.close();
  });

  it('keeps organizations apart; refuses other callers and bad arguments with codes', async () => {
    const org = makeOrg();
    const tenant = makeOrg();
    const theirs = await subscribe(tenant.owner);
    await deliver(org.id, [workEvent('boardCreated', org.id, { boardId: randomUUID() })], 1);
    expect(await theirs.next(500)).toBe('timeout');
    expect(await sequenceOf(tenant.owner)).toBe(0);
    await theirs.close();

    // A board work's events placed in another organization is NOT_FOUND, as is one the caller may not read.
    const foreignBoard = randomUUID();
    await deliver(tenant.id, [workEvent('boardCreated', tenant.id, { boardId: foreignBoard })], 1);
    expect(codes({ errors: (await subscribe(org.owner, { filter: { boardId: foreignBoard } })).errors })).toEqual([
      'NOT_FOUND',
    ]);
    expect(
      codes({ errors: (await subscribe(org.as('MEMBER'), { filter: { boardId: randomUUID() } })).errors }),
    ).toEqual(['NOT_FOUND']);
    expect(codes({ errors: (await subscribe(org.owner, { after: 2 })).errors })).toEqual(['BAD_USER_INPUT']);
    expect(
      codes({
        errors: (await subscribe(org.owner, { filter: { types: Array.from({ length: 51 }, (_, n) => `t${n}`) } }))
          .errors,
      }),
    ).toEqual(['BAD_USER_INPUT']);
    const agent: Identity = { kind: 'agent', agentId: randomUUID(), orgId: org.id, credentialId: randomUUID() };
    expect(codes({ errors: (await subscribe(agent)).errors })).toEqual(['FORBIDDEN']);
    expect(codes({ errors: (await subscribe({ kind: 'anonymous' })).errors })).toEqual(['UNAUTHENTICATED']);
    expect(codes(await run({ kind: 'anonymous' }, SEQUENCE))).toEqual(['UNAUTHENTICATED']);
  });

  it('a slow reader gets RESYNC_REQUIRED once, then the stream ends', async () => {
    const org = makeOrg();
    const subscription = await subscribe(org.owner);
    // More entries than the reader's buffer (STREAM_BUFFER_SIZE=10) while it reads nothing.
    await deliver(
      org.id,
      Array.from({ length: 15 }, () =>
        workEvent('taskCreated', org.id, { boardId: randomUUID(), taskId: randomUUID() }),
      ),
      15,
    );
    // Every entry published live (on a busy machine the relay can trail the commits): the reader's buffer
    // has overflowed, rather than the entries still to come reaching it one by one from the log.
    await expect.poll(unpublished, { timeout: 5_000 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await subscription.next();
    if (next === 'done' || next === 'timeout') throw new Error(next);
    expect(next.data).toBeNull();
    expect(codes(next)).toEqual(['RESYNC_REQUIRED']);
    expect(await subscription.next()).toBe('done');
  });
});

describe('activity stream across a Redis restart', () => {
  let redis: DedicatedRedis;
  let subgraph: TestSubgraph<GovernanceContext>;
  beforeAll(async () => {
    redis = await startDedicatedRedis();
    subgraph = await startTestSubgraph(governanceModule, 'postgres', {
      bus: new RedisEventBus(redis.url),
      envSource: { STREAM_POLL_MS: '300' },
    });
  });
  afterAll(async () => {
    await subgraph?.close();
    await redis?.stop();
  });

  it('loses nothing: entries recorded while Redis was down arrive, in order, once', async () => {
    const org = makeOrg();
    const subscription = await subscribeAs<{ activityEvents: Entry }>(subgraph.instance, org.owner, EVENTS, {});
    const event = () => workEvent('taskCreated', org.id, { boardId: randomUUID(), taskId: randomUUID() });
    await subgraph.runtime.events.stream.append([event()]);
    const seen = await entries(subscription, 1);
    await redis.stop();
    await subgraph.runtime.events.stream.append([event(), event(), event()]);
    await redis.start();
    await subgraph.runtime.events.stream.append([event()]);
    seen.push(...(await entries(subscription, 4, 15_000)));
    expect(seen.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(await subscription.next(500)).toBe('timeout');
    await subscription.close();
  });
});
