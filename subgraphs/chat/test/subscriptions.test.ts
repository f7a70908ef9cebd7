/**
 * `chatEvents` on a real database: resume from a sequence (replay, then live, no gap, no duplicate),
 * gaps in the live feed filled from the database, reply deltas, typing and presence, and who may
 * subscribe.
 */
import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { describe, expect, it } from 'vitest';
import { sessionTopic } from '../src/events.ts';
import { streamEvent } from '../src/services/message-service.ts';
import { type ChatHarness, liveChatSubgraph, makeOrg, replyEvent } from './fixtures.ts';

/** The stable code behind a refused subscription (graphql-js returns the unformatted error). */
const codeOf = (result: { errors?: readonly unknown[] } | null) =>
  (result?.errors?.[0] as { originalError?: { code?: string } } | undefined)?.originalError?.code;

const TYPING = 'mutation($id: ID!, $typing: Boolean!) { setChatTyping(sessionId: $id, typing: $typing) }';

describe.each(DATABASE_KINDS)('chat subscriptions on %s', (kind) => {
  let chat: ChatHarness;

  liveChatSubgraph(kind, (started) => {
    chat = started;
  });

  it('replays what was sent after the client’s sequence, then continues live, without gaps or duplicates', async () => {
    const { h5, sessionId } = await chat.world();
    for (const text of ['one', 'two', 'three']) await chat.send(h5, sessionId, text);
    const sub = await chat.subscribe(h5, { sessionId, after: 1 });
    const replayed = await sub.take?.(3);
    expect(replayed?.map((event) => [event.type, event.sequence, event.message?.text])).toEqual([
      ['MESSAGE_CREATED', 2, 'two'],
      ['MESSAGE_CREATED', 3, 'three'],
      ['PRESENCE', null, undefined],
    ]);
    expect(replayed?.[2].presence).toMatchObject({ online: true, status: 'ONLINE' });
    await chat.send(h5, sessionId, 'four');
    await chat.send(h5, sessionId, 'five');
    const live = await sub.take?.(2);
    expect(live?.map((event) => [event.sequence, event.message?.text])).toEqual([
      [4, 'four'],
      [5, 'five'],
    ]);
    expect(await sub.drain?.(150)).toEqual([]);
    await sub.close?.();
  });

  it('starts live from now without `after`, and two devices of the user both receive each message once', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    await chat.send(h5, sessionId, 'before');
    const phone = await chat.subscribe(h5, { sessionId });
    const tablet = await chat.subscribe(h5, { sessionId, after: 1 });
    expect((await phone.take?.(1))?.[0].type).toBe('PRESENCE');
    expect((await tablet.take?.(1))?.[0].type).toBe('PRESENCE');
    const runId = randomUUID();
    await chat.append(replyEvent(org.id, { sessionId, agentId, runId, part: 'final', text: 'reply' }));
    for (const device of [phone, tablet]) {
      const [event] = (await device.take?.(1)) ?? [];
      expect(event).toMatchObject({
        type: 'MESSAGE_CREATED',
        sequence: 2,
        message: { text: 'reply', author: 'AGENT', runId },
      });
      expect(await device.drain?.(100)).toEqual([]);
      await device.close?.();
    }
  });

  it('fills a gap in the live feed from the database (a lost publish is never a lost message)', async () => {
    const { h5, sessionId } = await chat.world();
    const sub = await chat.subscribe(h5, { sessionId, after: 0 });
    expect((await sub.take?.(1))?.[0].type).toBe('PRESENCE');
    // Two messages are committed, but only the second one's publish reaches the bus.
    const db = chat.subgraph.runtime.database.db;
    const { MessageStore } = await import('../src/db/message-store.ts');
    const { SessionStore } = await import('../src/db/session-store.ts');
    const now = new Date();
    const rows = [];
    for (const text of ['lost', 'published']) {
      const sequence = await new SessionStore(db).nextSequence(sessionId, now, true);
      const session = (await new SessionStore(db).byIds([sessionId])).get(sessionId);
      const row = await new MessageStore(db).insert({
        sessionId,
        organizationId: session?.organizationId as string,
        sequence,
        author: 'H5_USER',
        authorId: h5.h5UserId,
        text,
        status: 'SENT',
      });
      await new MessageStore(db).appendEvent(sessionId, sequence, 'MESSAGE_CREATED', row?.id as string, now);
      rows.push(row);
    }
    const published = rows[1];
    if (!published) throw new Error('insert failed');
    await chat.subgraph.runtime.bus.publish(sessionTopic(sessionId), streamEvent('MESSAGE_CREATED', 2, published));
    const events = await sub.take?.(2);
    expect(events?.map((event) => [event.sequence, event.message.text])).toEqual([
      [1, 'lost'],
      [2, 'published'],
    ]);
    // A late duplicate publish is dropped.
    await chat.subgraph.runtime.bus.publish(sessionTopic(sessionId), streamEvent('MESSAGE_CREATED', 2, published));
    expect(await sub.drain?.(150)).toEqual([]);
    await sub.close?.();
  });

  it('delivers a committed message whose publish was lost even when nothing follows it (head poll)', async () => {
    const { h5, sessionId } = await chat.world();
    const sub = await chat.subscribe(h5, { sessionId });
    expect((await sub.take?.(1))?.[0].type).toBe('PRESENCE');
    const db = chat.subgraph.runtime.database.db;
    const { MessageStore } = await import('../src/db/message-store.ts');
    const { SessionStore } = await import('../src/db/session-store.ts');
    const session = (await new SessionStore(db).byIds([sessionId])).get(sessionId);
    const sequence = await new SessionStore(db).nextSequence(sessionId, new Date(), true);
    const row = await new MessageStore(db).insert({
      sessionId,
      organizationId: session?.organizationId as string,
      sequence,
      author: 'H5_USER',
      authorId: h5.h5UserId,
      text: 'silent',
      status: 'SENT',
    });
    await new MessageStore(db).appendEvent(sessionId, sequence, 'MESSAGE_CREATED', row?.id as string, new Date());
    const [event] = (await sub.take?.(1, 3_000)) ?? [];
    expect(event).toMatchObject({ type: 'MESSAGE_CREATED', sequence: 1, message: { text: 'silent' } });
    await sub.close?.();
  });

  it('streams reply deltas, typing and presence live, and status changes of pending messages', async () => {
    const { org, agentId, h5, sessionId } = await chat.world({ status: 'OFFLINE' });
    const sub = await chat.subscribe(h5, { sessionId, after: 0 });
    expect((await sub.take?.(1))?.[0].presence).toMatchObject({ agentId, online: false, status: 'OFFLINE' });
    await chat.ok(org.agent(agentId), TYPING, { id: sessionId, typing: true });
    expect((await sub.take?.(1))?.[0]).toMatchObject({
      type: 'TYPING',
      sequence: null,
      typing: { author: 'AGENT', authorId: agentId, typing: true },
    });
    const pending = await chat.send(h5, sessionId, 'wake up', 'w');
    expect((await sub.take?.(1))?.[0]).toMatchObject({
      type: 'MESSAGE_CREATED',
      sequence: 1,
      message: { id: pending.id, status: 'PENDING' },
    });
    await chat.setAgent(org, agentId, 'ONLINE');
    const back = await sub.take?.(2);
    const byType = Object.fromEntries((back ?? []).map((event) => [event.type, event]));
    expect(byType.MESSAGE_UPDATED).toMatchObject({ sequence: 2, message: { id: pending.id, status: 'SENT' } });
    expect(byType.PRESENCE.presence).toMatchObject({ agentId, online: true });
    await chat.append(replyEvent(org.id, { sessionId, agentId, runId: 'r1', part: 'delta', text: 'Hel', sequence: 1 }));
    expect((await sub.take?.(1))?.[0]).toMatchObject({
      type: 'REPLY_DELTA',
      sequence: null,
      delta: { runId: 'r1', text: 'Hel', sequence: 1 },
    });
    await sub.close?.();
  });

  it('lets the H5 user type to the agent, and refuses typing in sessions that are not the caller’s', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    const sub = await chat.subscribe(org.agent(agentId), { sessionId });
    await sub.take?.(1);
    await chat.ok(h5, TYPING, { id: sessionId, typing: true });
    expect((await sub.take?.(1))?.[0].typing).toEqual({ author: 'H5_USER', authorId: h5.h5UserId, typing: true });
    await sub.close?.();
    for (const stranger of [await chat.h5User(org), org.admin, makeOrg().agent(agentId)]) {
      const result = await chat.run(stranger, TYPING, { id: sessionId, typing: true });
      expect(result.errors?.[0].extensions?.code).toBe('SESSION_NOT_FOUND');
    }
  });

  it('lets an admin of the organization follow a session (support), and nobody else', async () => {
    const { org, h5, sessionId } = await chat.world();
    const admin = await chat.subscribe(org.admin, { sessionId, after: 0 });
    expect(admin.error).toBeNull();
    await admin.take?.(1);
    await chat.send(h5, sessionId, 'help');
    expect((await admin.take?.(1))?.[0].message.text).toBe('help');
    await admin.close?.();
    const other = makeOrg();
    for (const stranger of [await chat.h5User(org), org.member, other.admin, other.h5(h5.h5UserId)]) {
      const result = await chat.subscribe(stranger, { sessionId });
      expect(result.take).toBeNull();
      expect(codeOf(result.error)).toBe('SESSION_NOT_FOUND');
    }
    expect(codeOf((await chat.subscribe(h5, { sessionId: randomUUID() })).error)).toBe('SESSION_NOT_FOUND');
    expect(codeOf((await chat.subscribe(h5, { sessionId, after: -1 })).error)).toBe('BAD_USER_INPUT');
    expect(codeOf((await chat.subscribe({ kind: 'anonymous' }, { sessionId })).error)).toBe('UNAUTHENTICATED');
  });
});
