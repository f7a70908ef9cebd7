/**
 * `chatSessions(orderBy: LAST_ACTIVITY)` on a real database: the session with the most recent message
 * first, ties broken by id, sessions without a message last (newest id first); the cursor pages
 * through that order without a gap or a repeat, a session moves up once a message is stored in it,
 * CREATED stays the default, and a cursor of the other order (or garbage) is BAD_USER_INPUT.
 */
import { DATABASE_KINDS } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type ChatHarness, chatSubgraph, codes, makeOrg, type TestOrg } from './fixtures.ts';

const PAGE = `query($orderBy: ChatSessionOrder, $first: Int, $after: String) {
  chatSessions(orderBy: $orderBy, first: $first, after: $after) {
    nodes { id lastMessageAt } pageInfo { hasNextPage endCursor } } }`;

type Page = {
  nodes: { id: string; lastMessageAt: string | null }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

describe.each(DATABASE_KINDS)('chatSessions in last-activity order on %s', (kind) => {
  let chat: ChatHarness;

  chatSubgraph(kind, (started) => {
    chat = started;
  });

  /** A session of a new H5 user with a new agent of `org`: its id and H5 user. */
  async function session(org: TestOrg) {
    const h5 = await chat.h5User(org);
    const agentId = await chat.agent(org);
    await chat.assign(org, agentId, h5.h5UserId);
    return { id: await chat.open(h5, agentId), h5 };
  }

  const setLastMessageAt = (id: string, at: string | null) =>
    chat.subgraph.runtime.database.db.execute(
      sql`update chat.sessions set last_message_at = ${at}::timestamptz where id = ${id}`,
    );

  /** Every page of `orderBy`, `first` at a time: the ids in order. */
  async function pages(org: TestOrg, orderBy: string | undefined, first: number) {
    const ids: string[] = [];
    let after: string | null = null;
    for (let count = 0; count < 20; count += 1) {
      const data = await chat.ok(org.admin, PAGE, { orderBy, first, after });
      const page = data.chatSessions as Page;
      ids.push(...page.nodes.map((node) => node.id));
      if (!page.pageInfo.hasNextPage) return ids;
      after = page.pageInfo.endCursor;
    }
    throw new Error('more pages than sessions');
  }

  it('orders by the last message (ties by id, no message last) and pages through it with the cursor', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const made = [];
    for (let i = 0; i < 7; i += 1) made.push((await session(org)).id);
    await session(other);
    // Two sessions share a time (the id decides), two never had a message.
    const times: (string | null)[] = [
      '2026-01-01T10:00:00.000Z',
      '2026-01-03T10:00:00.000Z',
      null,
      '2026-01-02T10:00:00.000Z',
      '2026-01-02T10:00:00.000Z',
      null,
      '2026-01-04T10:00:00.000Z',
    ];
    for (const [index, id] of made.entries()) await setLastMessageAt(id, times[index] ?? null);
    const byId = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
    const tied = [made[3], made[4]].sort(byId);
    const silent = [made[2], made[5]].sort(byId);
    const expected = [made[6], made[1], ...tied, made[0], ...silent];

    expect(await pages(org, 'LAST_ACTIVITY', 100)).toEqual(expected);
    // Across pages: every page boundary (inside the tie, between the silent ones) loses nothing.
    for (const first of [1, 2, 3, 4]) expect(await pages(org, 'LAST_ACTIVITY', first)).toEqual(expected);
    // The default is still newest created first.
    expect(await pages(org, undefined, 3)).toEqual([...made].reverse());
    expect(await pages(org, 'CREATED', 3)).toEqual([...made].reverse());
  });

  it('moves a session up when a message is stored in it', async () => {
    const org = makeOrg();
    const old = await session(org);
    const recent = await session(org);
    await chat.send(recent.h5, recent.id, 'first');
    await new Promise((resolve) => setTimeout(resolve, 10)); // a later millisecond, not a tie
    await chat.send(old.h5, old.id, 'now me');
    const data = await chat.ok(org.admin, PAGE, { orderBy: 'LAST_ACTIVITY' });
    expect((data.chatSessions as Page).nodes.map((node) => node.id)).toEqual([old.id, recent.id]);
    const created = await chat.ok(org.admin, PAGE, {});
    expect((created.chatSessions as Page).nodes.map((node) => node.id)).toEqual([recent.id, old.id]);
  });

  it('refuses a cursor of the other order, or garbage, as BAD_USER_INPUT', async () => {
    const org = makeOrg();
    for (let i = 0; i < 2; i += 1) await session(org);
    const byActivity = await chat.ok(org.admin, PAGE, { orderBy: 'LAST_ACTIVITY', first: 1 });
    const byCreation = await chat.ok(org.admin, PAGE, { orderBy: 'CREATED', first: 1 });
    const cases = [
      { orderBy: 'CREATED', after: byActivity.chatSessions.pageInfo.endCursor },
      { orderBy: 'LAST_ACTIVITY', after: byCreation.chatSessions.pageInfo.endCursor },
      { orderBy: 'LAST_ACTIVITY', after: 'not-a-cursor' },
      { orderBy: 'LAST_ACTIVITY', after: Buffer.from('["activity","yesterday","x"]').toString('base64url') },
    ];
    for (const variables of cases) {
      const result = await chat.run(org.admin, PAGE, variables);
      expect(codes(result), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
