/**
 * The activity timeline fed by work-shaped domain events on the shared stream and by governance's
 * own approvals: idempotent on redelivery, filters, newest-first cursor pages, organization and
 * board-access scoping, and append-only storage.
 */
import { randomUUID } from 'node:crypto';
import { type Database, type DomainEvent, DomainEvents, ensureEventTables, systemClock } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { workTopics } from '@mc/kit/topics/work';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { governanceModule } from '../src/index.ts';
import { APPROVE, codes, createApproval, knownBoard, makeOrg, workEvent } from './fixtures.ts';

const ACTIVITY = `query($filter: ActivityFilter, $first: Int, $after: String) { activity(filter: $filter, first: $first, after: $after) {
  edges { cursor node { id type actor { kind id } targetType targetId board { id } task { id } before after occurredAt } }
  pageInfo { hasNextPage endCursor } } }`;

describe.each(DATABASE_KINDS)('activity timeline on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind);
  });
  afterAll(() => subgraph?.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  const entryCount = async (organizationId: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from governance.activity where organization_id = ${organizationId}`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };

  /** Appends events to the stream as work's relay would, and waits until the consumer applied them. */
  async function deliver(organizationId: string, events: DomainEvent[], expected: number) {
    await subgraph.runtime.events.stream.append(events);
    await expect.poll(() => entryCount(organizationId), { timeout: 5_000 }).toBe(expected);
  }

  const nodes = (result: { data?: any }) => result.data?.activity.edges.map((edge: any) => edge.node);

  it('records every work event with actor, verb, target, board, task and before/after, once', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    const taskId = randomUUID();
    const agentId = randomUUID();
    const t0 = Date.now() - 60_000;
    const created = workEvent(
      'taskCreated',
      org.id,
      { boardId, taskId, after: { title: 'Write docs', status: 'INBOX' } },
      { actor: { kind: 'user', id: org.ownerId }, at: new Date(t0) },
    );
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
      { actor: { kind: 'agent', id: agentId }, at: new Date(t0 + 1000) },
    );
    await deliver(org.id, [created, moved], 2);

    const result = await run(org.owner, ACTIVITY, {});
    expect(result.errors).toBeUndefined();
    expect(nodes(result)).toEqual([
      {
        id: expect.any(String),
        type: 'work.taskMoved',
        actor: { kind: 'AGENT', id: agentId },
        targetType: 'TASK',
        targetId: taskId,
        board: { id: boardId },
        task: { id: taskId },
        before: { status: 'INBOX' },
        after: { status: 'IN_PROGRESS' },
        occurredAt: new Date(t0 + 1000).toISOString(),
      },
      expect.objectContaining({
        type: 'work.taskCreated',
        actor: { kind: 'USER', id: org.ownerId },
        before: null,
        after: { title: 'Write docs', status: 'INBOX' },
      }),
    ]);

    // Redelivery (after a crash, or a second relay) adds nothing.
    await subgraph.runtime.events.stream.append([created, moved, created]);
    await new Promise((done) => setTimeout(done, 300));
    expect(await entryCount(org.id)).toBe(2);
    expect(nodes(await run(org.owner, ACTIVITY, {}))).toHaveLength(2);
  });

  it('takes events recorded through a producer’s outbox, and skips events without an organization', async () => {
    const org = makeOrg();
    const schema = `work_probe_${randomUUID().slice(0, 8)}`;
    await ensureEventTables(subgraph.runtime.database, schema);
    const producer = new DomainEvents({
      database: subgraph.runtime.database,
      schema,
      stream: subgraph.runtime.events.stream,
      clock: systemClock,
      logger: subgraph.runtime.logger,
    });
    await producer.start();
    try {
      const boardId = randomUUID();
      await subgraph.runtime.events.stream.append([
        { ...workEvent('boardCreated', org.id, { boardId }), organizationId: null },
      ]);
      await subgraph.runtime.database.db.transaction(async (tx) => {
        await producer.record(
          tx as unknown as Database,
          workTopics.boardCreated,
          { boardId, before: null, after: { name: 'Via outbox' } },
          { organizationId: org.id, actor: { kind: 'user', id: org.ownerId } },
        );
      });
      await producer.publish();
      await expect.poll(() => entryCount(org.id)).toBe(1);
      expect(nodes(await run(org.owner, ACTIVITY, {}))).toMatchObject([
        { type: 'work.boardCreated', actor: { kind: 'USER', id: org.ownerId }, after: { name: 'Via outbox' } },
      ]);
    } finally {
      await producer.stop();
    }
  });

  it('records approvals with their actor in the same transaction', async () => {
    const org = makeOrg();
    const boardId = await knownBoard(subgraph.runtime, org.id);
    const taskId = randomUUID();
    const approval = await createApproval(subgraph.instance, org.owner, boardId, [taskId]);
    await run(org.owner, APPROVE, { id: approval.id, note: 'fine' });
    const result = await run(org.owner, ACTIVITY, { filter: { taskId } });
    expect(nodes(result)).toMatchObject([
      {
        type: 'governance.approvalResolved',
        actor: { kind: 'USER', id: org.ownerId },
        targetType: 'APPROVAL',
        targetId: approval.id,
        board: { id: boardId },
        before: { status: 'PENDING' },
        after: { status: 'APPROVED', taskIds: [taskId], note: 'fine' },
      },
      { type: 'governance.approvalRequested', targetId: approval.id, before: null, after: { status: 'PENDING' } },
    ]);
    // An approval over several tasks shows under each of them.
    const [t1, t2] = [randomUUID(), randomUUID()];
    const wide = await createApproval(subgraph.instance, org.owner, boardId, [t1, t2]);
    for (const id of [t1, t2]) {
      expect(nodes(await run(org.owner, ACTIVITY, { filter: { taskId: id } }))).toMatchObject([
        { type: 'governance.approvalRequested', targetId: wide.id, task: null, after: { taskIds: [t1, t2] } },
      ]);
    }
  });

  it('lists a page in one statement, whatever its size', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    await deliver(
      org.id,
      Array.from({ length: 12 }, (_, i) =>
        workEvent('taskCreated', org.id, { boardId, taskId: randomUUID() }, { at: new Date(Date.now() - i * 1000) }),
      ),
      12,
    );
    for (const first of [2, 12]) {
      const seen: string[] = [];
      const stop = subgraph.runtime.database.onQuery((statement) => seen.push(statement));
      const result = await run(org.owner, ACTIVITY, { first });
      stop();
      expect(nodes(result)).toHaveLength(first);
      expect(seen.filter((statement) => statement.includes('activity'))).toHaveLength(1);
    }
  });

  it('filters by board, task, actor, type and time, and pages newest first', async () => {
    const org = makeOrg();
    const [boardA, boardB] = [randomUUID(), randomUUID()];
    const [task1, task2] = [randomUUID(), randomUUID()];
    const agent = { kind: 'agent', id: randomUUID() };
    const person = { kind: 'user', id: randomUUID() };
    const base = Date.UTC(2026, 0, 10);
    const at = (minutes: number) => new Date(base + minutes * 60_000);
    const events = [
      workEvent('boardCreated', org.id, { boardId: boardA, after: { name: 'A' } }, { actor: person, at: at(0) }),
      workEvent('boardCreated', org.id, { boardId: boardB, after: { name: 'B' } }, { actor: person, at: at(1) }),
      workEvent('taskCreated', org.id, { boardId: boardA, taskId: task1 }, { actor: person, at: at(2) }),
      workEvent('taskCreated', org.id, { boardId: boardB, taskId: task2 }, { actor: agent, at: at(3) }),
      workEvent(
        'taskMoved',
        org.id,
        { boardId: boardA, taskId: task1, from: 'INBOX', to: 'IN_PROGRESS' },
        {
          actor: agent,
          at: at(4),
        },
      ),
      workEvent('taskCommented', org.id, { boardId: boardA, taskId: task1 }, { actor: agent, at: at(5) }),
      workEvent(
        'boardGroupCreated',
        org.id,
        { boardId: null, boardGroupId: randomUUID() },
        { actor: person, at: at(6) },
      ),
    ];
    await deliver(org.id, events, events.length);
    const ids = (result: { data?: any }) => nodes(result).map((node: any) => node.id);
    const types = (result: { data?: any }) => nodes(result).map((node: any) => node.type);

    const all = await run(org.owner, ACTIVITY, {});
    expect(types(all)).toEqual([
      'work.boardGroupCreated',
      'work.taskCommented',
      'work.taskMoved',
      'work.taskCreated',
      'work.taskCreated',
      'work.boardCreated',
      'work.boardCreated',
    ]);
    expect(nodes(all)[0]).toMatchObject({ targetType: 'BOARD_GROUP', board: null, task: null });
    expect(types(await run(org.owner, ACTIVITY, { filter: { boardId: boardB } }))).toEqual([
      'work.taskCreated',
      'work.boardCreated',
    ]);
    expect(types(await run(org.owner, ACTIVITY, { filter: { taskId: task1 } }))).toEqual([
      'work.taskCommented',
      'work.taskMoved',
      'work.taskCreated',
    ]);
    expect(types(await run(org.owner, ACTIVITY, { filter: { actorKind: 'AGENT' } }))).toEqual([
      'work.taskCommented',
      'work.taskMoved',
      'work.taskCreated',
    ]);
    expect(types(await run(org.owner, ACTIVITY, { filter: { actorKind: 'USER', actorId: person.id } }))).toHaveLength(
      4,
    );
    expect(
      types(await run(org.owner, ACTIVITY, { filter: { types: ['work.taskMoved', 'work.boardGroupCreated'] } })),
    ).toEqual(['work.boardGroupCreated', 'work.taskMoved']);
    expect(
      types(await run(org.owner, ACTIVITY, { filter: { since: at(2).toISOString(), until: at(4).toISOString() } })),
    ).toEqual(['work.taskCreated', 'work.taskCreated']);
    expect(
      codes(await run(org.owner, ACTIVITY, { filter: { since: at(4).toISOString(), until: at(2).toISOString() } })),
    ).toEqual(['BAD_USER_INPUT']);

    // Pages of 3: every entry once, in order.
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const result = await run(org.owner, ACTIVITY, { first: 3, after });
      seen.push(...ids(result));
      after = result.data?.activity.pageInfo.hasNextPage ? result.data.activity.pageInfo.endCursor : null;
      if (!after) break;
    }
    expect(seen).toEqual(ids(all));
  });

  it('shows an organization only its own entries, and board entries only for readable boards', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const [boardA, boardB] = [randomUUID(), randomUUID()];
    await deliver(
      org.id,
      [
        workEvent(
          'taskCreated',
          org.id,
          { boardId: boardA, taskId: randomUUID() },
          { at: new Date(Date.now() - 3000) },
        ),
        workEvent(
          'taskCreated',
          org.id,
          { boardId: boardB, taskId: randomUUID() },
          { at: new Date(Date.now() - 2000) },
        ),
        workEvent('boardGroupCreated', org.id, { boardId: null, boardGroupId: randomUUID() }, { at: new Date() }),
      ],
      3,
    );
    await deliver(other.id, [workEvent('taskCreated', other.id, { boardId: randomUUID(), taskId: randomUUID() })], 1);

    const onlyA = org.as('MEMBER', { boards: { [boardA]: 'read' } });
    const visible = nodes(await run(onlyA, ACTIVITY, {}));
    expect(visible.map((node: any) => node.board?.id ?? null)).toEqual([null, boardA]);
    expect(codes(await run(onlyA, ACTIVITY, { filter: { boardId: boardB } }))).toEqual(['NOT_FOUND']);
    const nobody = org.as('MEMBER');
    expect(nodes(await run(nobody, ACTIVITY, {})).map((node: any) => node.targetType)).toEqual(['BOARD_GROUP']);

    const theirs = nodes(await run(other.owner, ACTIVITY, {}));
    expect(theirs).toHaveLength(1);
    expect(codes(await run(other.owner, ACTIVITY, { filter: { boardId: boardA } }))).toEqual(['NOT_FOUND']);
    expect(nodes(await run(other.owner, ACTIVITY, { filter: { boardId: boardA } }))).toBeUndefined();
  });

  it('is append-only: no mutation touches it and the table refuses updates and deletes', async () => {
    const mutations = Object.keys(subgraph.instance.schema.getMutationType()?.getFields() ?? {});
    expect(mutations.sort()).toEqual(['approveApproval', 'createApproval', 'rejectApproval']);
    const org = makeOrg();
    await deliver(org.id, [workEvent('boardCreated', org.id, { boardId: randomUUID() })], 1);
    const db = subgraph.runtime.database.db;
    await expect(
      db.execute(sql`update governance.activity set verb = 'forged' where organization_id = ${org.id}`),
    ).rejects.toThrow();
    await expect(db.execute(sql`delete from governance.activity where organization_id = ${org.id}`)).rejects.toThrow();
    expect(await entryCount(org.id)).toBe(1);
  });
});
