/**
 * Flow metrics on a pinned clock, from work-shaped task events, against numbers computed by hand:
 * throughput, mean cycle time and WIP per bucket, the totals, the previous span, group metrics,
 * and tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import { type DomainEvent, ManualClock } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import type { TaskStatus } from '@mc/kit/topics/work';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceContext } from '../src/context.ts';
import { governanceModule } from '../src/index.ts';
import { codes, makeOrg, type TestOrg, workEvent } from './fixtures.ts';

const NOW = Date.UTC(2026, 0, 15);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW + ms);
const iso = (ms: number) => at(ms).toISOString();

const SUMMARY = 'start end throughput meanCycleTimeSeconds wip';
const BOARD_METRICS = `query($boardId: ID!, $window: MetricsWindow!, $buckets: Int) {
  boardMetrics(boardId: $boardId, window: $window, buckets: $buckets) {
    window boards { id } buckets { ${SUMMARY} } current { ${SUMMARY} } previous { ${SUMMARY} } } }`;
const GROUP_METRICS = `query($boardGroupId: ID!, $window: MetricsWindow!, $buckets: Int) {
  groupMetrics(boardGroupId: $boardGroupId, window: $window, buckets: $buckets) {
    boards { id } current { ${SUMMARY} } } }`;

describe.each(DATABASE_KINDS)('flow metrics on %s', (kind) => {
  let subgraph: TestSubgraph<GovernanceContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(governanceModule, kind, { clock: new ManualClock(NOW) });
  });
  afterAll(() => subgraph?.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  async function deliver(organizationId: string, events: DomainEvent[]) {
    await subgraph.runtime.events.stream.append(events);
    // Generous: the shared CI machine may be busy (the default second is too tight for 19 events).
    await expect
      .poll(
        async () => {
          const result = await subgraph.runtime.database.db.execute(
            sql`select count(*)::int as n from governance.activity where organization_id = ${organizationId}`,
          );
          return (result as unknown as { rows: { n: number }[] }).rows[0].n;
        },
        { timeout: 10_000 },
      )
      .toBe(events.length);
  }

  /** A task's life on a board: created at `created`, then moves at the given offsets. */
  function life(org: TestOrg, boardId: string, created: number, moves: [TaskStatus | 'DELETED', number][]) {
    const taskId = randomUUID();
    const events = [
      workEvent('taskCreated', org.id, { boardId, taskId, after: { status: 'INBOX' } }, { at: at(created) }),
    ];
    let from: TaskStatus = 'INBOX';
    for (const [to, when] of moves) {
      if (to === 'DELETED') {
        events.push(workEvent('taskDeleted', org.id, { boardId, taskId, before: { status: from } }, { at: at(when) }));
        continue;
      }
      events.push(
        workEvent(
          'taskMoved',
          org.id,
          { boardId, taskId, from, to, before: { status: from }, after: { status: to } },
          { at: at(when) },
        ),
      );
      from = to;
    }
    return events;
  }

  /** The scenario from the file header, computed by hand below. */
  function scenario(org: TestOrg, boardId: string) {
    return [
      // Finished in the previous span: 2 h cycle.
      ...life(org, boardId, -5 * DAY, [
        ['IN_PROGRESS', -4 * DAY],
        ['DONE', -4 * DAY + 2 * HOUR],
      ]),
      // Started in bucket 0, review in bucket 1, done in bucket 2: cycle 2 days.
      ...life(org, boardId, -3 * DAY + HOUR, [
        ['IN_PROGRESS', -3 * DAY + 2 * HOUR],
        ['REVIEW', -2 * DAY + HOUR],
        ['DONE', -DAY + 2 * HOUR],
      ]),
      // Started in bucket 1 and still in progress.
      ...life(org, boardId, -2 * DAY, [['IN_PROGRESS', -2 * DAY + 3 * HOUR]]),
      // Started and done in bucket 2: cycle 4 h.
      ...life(org, boardId, -2 * DAY, [
        ['IN_PROGRESS', -DAY + HOUR],
        ['DONE', -DAY + 5 * HOUR],
      ]),
      // Started in bucket 2 then deleted: not WIP at the end.
      ...life(org, boardId, -DAY, [
        ['IN_PROGRESS', -DAY + HOUR],
        ['DELETED', -DAY + 6 * HOUR],
      ]),
      // Done straight from the inbox in bucket 1: throughput without a cycle time.
      ...life(org, boardId, -3 * DAY - HOUR, [['DONE', -2 * DAY + 5 * HOUR]]),
      // After "now": ignored.
      ...life(org, boardId, HOUR, [['IN_PROGRESS', 2 * HOUR]]),
    ];
  }

  it('computes throughput, cycle time and WIP per day bucket, the total and the previous span', async () => {
    const org = makeOrg();
    const boardId = randomUUID();
    await deliver(org.id, scenario(org, boardId));
    // Noise: another board of the organization.
    const otherBoard = randomUUID();
    await subgraph.runtime.events.stream.append(life(org, otherBoard, -DAY, [['IN_PROGRESS', -HOUR]]));

    const result = await run(org.owner, BOARD_METRICS, { boardId, window: 'DAY', buckets: 3 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.boardMetrics).toEqual({
      window: 'DAY',
      boards: [{ id: boardId }],
      buckets: [
        { start: iso(-3 * DAY), end: iso(-2 * DAY), throughput: 0, meanCycleTimeSeconds: null, wip: 1 },
        { start: iso(-2 * DAY), end: iso(-DAY), throughput: 1, meanCycleTimeSeconds: null, wip: 2 },
        { start: iso(-DAY), end: iso(0), throughput: 2, meanCycleTimeSeconds: (2 * 86_400 + 4 * 3600) / 2, wip: 1 },
      ],
      current: { start: iso(-3 * DAY), end: iso(0), throughput: 3, meanCycleTimeSeconds: 93_600, wip: 1 },
      previous: { start: iso(-6 * DAY), end: iso(-3 * DAY), throughput: 1, meanCycleTimeSeconds: 7200, wip: 0 },
    });

    const week = await run(org.owner, BOARD_METRICS, { boardId, window: 'WEEK', buckets: 1 });
    expect(week.data?.boardMetrics.current).toEqual({
      start: iso(-7 * DAY),
      end: iso(0),
      throughput: 4,
      meanCycleTimeSeconds: Math.round((7200 + 172_800 + 14_400) / 3),
      wip: 1,
    });
    const defaults = await run(
      org.owner,
      `query($id: ID!) { boardMetrics(boardId: $id, window: MONTH) { buckets { start } } }`,
      {
        id: boardId,
      },
    );
    expect(defaults.data?.boardMetrics.buckets).toHaveLength(7);
    expect(codes(await run(org.owner, BOARD_METRICS, { boardId, window: 'DAY', buckets: 0 }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('sums a group’s readable boards, following boards into and out of the group', async () => {
    const org = makeOrg();
    const groupId = randomUUID();
    const [boardB, boardC, boardD] = [randomUUID(), randomUUID(), randomUUID()];
    await deliver(org.id, [
      workEvent('boardGroupCreated', org.id, { boardId: null, boardGroupId: groupId }, { at: at(-10 * DAY) }),
      workEvent('boardCreated', org.id, { boardId: boardB, after: { boardGroupId: groupId } }, { at: at(-10 * DAY) }),
      workEvent('boardCreated', org.id, { boardId: boardC, after: { name: 'C' } }, { at: at(-10 * DAY) }),
      workEvent(
        'boardUpdated',
        org.id,
        { boardId: boardC, before: { boardGroupId: null }, after: { boardGroupId: groupId } },
        {
          at: at(-9 * DAY),
        },
      ),
      workEvent('boardCreated', org.id, { boardId: boardD, after: { boardGroupId: groupId } }, { at: at(-10 * DAY) }),
      workEvent('boardUpdated', org.id, { boardId: boardD, after: { boardGroupId: null } }, { at: at(-9 * DAY) }),
      ...scenario(org, boardB),
      ...life(org, boardC, -2 * DAY, [
        ['IN_PROGRESS', -DAY + HOUR],
        ['DONE', -DAY + 2 * HOUR],
      ]),
      ...life(org, boardD, -2 * DAY, [['DONE', -DAY + 2 * HOUR]]),
    ]);
    const result = await run(org.owner, GROUP_METRICS, { boardGroupId: groupId, window: 'DAY', buckets: 3 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.groupMetrics.boards.map((board: { id: string }) => board.id).sort()).toEqual(
      [boardB, boardC].sort(),
    );
    expect(result.data?.groupMetrics.current).toEqual({
      start: iso(-3 * DAY),
      end: iso(0),
      throughput: 4,
      meanCycleTimeSeconds: (172_800 + 14_400 + 3600) / 3,
      wip: 1,
    });
    // A member who may read only C sees only C's numbers.
    const onlyC = org.as('MEMBER', { boards: { [boardC]: 'read' } });
    const partial = await run(onlyC, GROUP_METRICS, { boardGroupId: groupId, window: 'DAY', buckets: 3 });
    expect(partial.data?.groupMetrics.current).toMatchObject({ throughput: 1, meanCycleTimeSeconds: 3600, wip: 0 });
    expect(codes(await run(onlyC, BOARD_METRICS, { boardId: boardB, window: 'DAY' }))).toEqual(['NOT_FOUND']);

    // Another organization's ids: NOT_FOUND, nothing computed.
    const other = makeOrg();
    expect(codes(await run(other.owner, GROUP_METRICS, { boardGroupId: groupId, window: 'DAY' }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await run(other.owner, BOARD_METRICS, { boardId: boardB, window: 'DAY' }))).toEqual(['NOT_FOUND']);
    expect(codes(await run(org.owner, GROUP_METRICS, { boardGroupId: randomUUID(), window: 'DAY' }))).toEqual([
      'NOT_FOUND',
    ]);

    // A deleted group is gone; its boards stay, ungrouped.
    await subgraph.runtime.events.stream.append([
      workEvent('boardGroupDeleted', org.id, { boardId: null, boardGroupId: groupId }),
    ]);
    await expect
      .poll(async () => codes(await run(org.owner, GROUP_METRICS, { boardGroupId: groupId, window: 'DAY' })))
      .toEqual(['NOT_FOUND']);
    expect(
      (await run(org.owner, BOARD_METRICS, { boardId: boardC, window: 'DAY', buckets: 3 })).data?.boardMetrics.current,
    ).toMatchObject({ throughput: 1 });
  });
});
