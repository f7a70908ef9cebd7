/**
 * `chatSessionOpened` on a real database: an admin of the organization receives each session opened
 * for the first time (not a re-open), admins of other organizations receive nothing, and members,
 * H5 users, agents and anonymous callers are refused. The H5 user's own `chatEvents` are unchanged.
 */
import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { describe, expect, it } from 'vitest';
import { type ChatHarness, liveChatSubgraph, makeOrg } from './fixtures.ts';

const OPENED = `subscription { chatSessionOpened { id agentId h5UserId lastSequence createdAt agent { name } } }`;

/** The stable code behind a refused subscription (graphql-js returns the unformatted error). */
const codeOf = (error: { errors?: readonly unknown[] } | null) => {
  const first = error?.errors?.[0] as { originalError?: { code?: string }; extensions?: { code?: string } } | undefined;
  return first?.originalError?.code ?? first?.extensions?.code;
};

describe.each(DATABASE_KINDS)('chatSessionOpened on %s', (kind) => {
  let chat: ChatHarness;

  liveChatSubgraph(kind, (started) => {
    chat = started;
  });

  it('tells the organization’s admins of a session opened, once, and other organizations nothing', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const agentId = await chat.agent(org, { name: 'Grace' });
    const h5 = await chat.h5User(org);
    await chat.assign(org, agentId, h5.h5UserId);
    const admin = await chat.subscribe(org.admin, {}, OPENED);
    const owner = await chat.subscribe(org.owner, {}, OPENED);
    const stranger = await chat.subscribe(other.admin, {}, OPENED);
    expect([admin.error, owner.error, stranger.error]).toEqual([null, null, null]);

    const sessionId = await chat.open(h5, agentId);
    for (const watcher of [admin, owner]) {
      const result = await watcher.result?.();
      expect(result).not.toBe('timeout');
      const { data, errors } = result as { data?: Record<string, any>; errors?: unknown };
      expect(errors).toBeUndefined();
      expect(data?.chatSessionOpened).toMatchObject({
        id: sessionId,
        agentId,
        h5UserId: h5.h5UserId,
        lastSequence: 0,
        agent: { name: 'Grace' },
      });
      expect(Number.isNaN(Date.parse(data?.chatSessionOpened.createdAt))).toBe(false);
    }

    // Opening it again is the same session: nothing new to announce.
    expect(await chat.open(h5, agentId)).toBe(sessionId);
    expect(await admin.result?.(300)).toBe('timeout');
    // Another organization's admin never hears of it.
    expect(await stranger.result?.(300)).toBe('timeout');

    // The H5 user's own stream is as before: presence first, then their messages.
    const own = await chat.subscribe(h5, { sessionId, after: 0 });
    expect((await own.take?.(1))?.[0].type).toBe('PRESENCE');
    await chat.send(h5, sessionId, 'hello');
    expect((await own.take?.(1))?.[0].message.text).toBe('hello');
    for (const sub of [admin, owner, stranger, own]) await sub.close?.();
  });

  it('refuses members, H5 users, agents and anonymous callers', async () => {
    const org = makeOrg();
    for (const [identity, code] of [
      [org.member, 'FORBIDDEN'],
      [org.h5(), 'FORBIDDEN'],
      [org.agent(randomUUID()), 'FORBIDDEN'],
      [{ kind: 'anonymous' as const }, 'UNAUTHENTICATED'],
    ] as const) {
      const result = await chat.subscribe(identity, {}, OPENED);
      expect(result.take).toBeNull();
      expect(codeOf(result.error)).toBe(code);
    }
  });
});
