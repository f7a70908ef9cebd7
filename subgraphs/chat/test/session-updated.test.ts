/**
 * `chatSessionUpdated` on a real database: the organization's admins receive the session as it is
 * after each stored change — opened, an H5 user's message, an agent's post, an agent's final reply,
 * a pending message delivered — but nothing for streamed reply parts or a retried send; other
 * organizations' admins receive nothing; members, H5 users, agents and anonymous callers are refused.
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '@mc/kit';
import { DATABASE_KINDS, subscribeAs, type TestSubscription } from '@mc/kit/testing';
import { describe, expect, it } from 'vitest';
import { type ChatHarness, liveChatSubgraph, makeOrg, POST_AGENT, replyEvent } from './fixtures.ts';

const UPDATED = `subscription { chatSessionUpdated {
  id agentId h5UserId lastSequence lastMessageAt h5User { id } lastMessage { text author status } } }`;

type Watcher = TestSubscription<{ chatSessionUpdated: Record<string, any> }>;

/** The next `chatSessionUpdated` payload of a watcher (fails on errors or a timeout). */
async function next(watcher: Watcher): Promise<Record<string, any>> {
  const result = await watcher.next();
  if (result === 'timeout' || result === 'done') throw new Error(`no event: ${result}`);
  expect(result.errors).toBeUndefined();
  return result.data?.chatSessionUpdated as Record<string, any>;
}

describe.each(DATABASE_KINDS)('chatSessionUpdated on %s', (kind) => {
  let chat: ChatHarness;

  // As the subgraph's socket runs it: a fresh context (fresh dataloaders) for every event.
  const watch = (identity: Identity): Promise<Watcher> => subscribeAs(chat.instance, identity, UPDATED);

  liveChatSubgraph(kind, (started) => {
    chat = started;
  });

  it('sends the organization’s admins each stored change of a session, and other organizations nothing', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const agentId = await chat.agent(org, { name: 'Grace' });
    const h5 = await chat.h5User(org);
    await chat.assign(org, agentId, h5.h5UserId);
    const admin = await watch(org.admin);
    const owner = await watch(org.owner);
    const stranger = await watch(other.admin);
    expect([admin.errors, owner.errors, stranger.errors]).toEqual([undefined, undefined, undefined]);

    const sessionId = await chat.open(h5, agentId);
    for (const watcher of [admin, owner]) {
      expect(await next(watcher)).toMatchObject({
        id: sessionId,
        agentId,
        h5UserId: h5.h5UserId,
        h5User: { id: h5.h5UserId },
        lastSequence: 0,
        lastMessageAt: null,
        lastMessage: null,
      });
    }

    // The H5 user's message (a retry of it is not a change).
    await chat.send(h5, sessionId, 'hello', 'c1');
    const sent = await next(admin);
    expect(sent).toMatchObject({ id: sessionId, lastSequence: 1, lastMessage: { text: 'hello', author: 'H5_USER' } });
    expect(Number.isNaN(Date.parse(sent.lastMessageAt))).toBe(false);
    expect((await next(owner)).lastSequence).toBe(1);
    await chat.send(h5, sessionId, 'hello', 'c1');

    // An agent's post.
    await chat.ok(org.agent(agentId), POST_AGENT, { input: { sessionId, text: 'hi there', clientMessageId: 'p1' } });
    expect(await next(admin)).toMatchObject({ lastSequence: 2, lastMessage: { text: 'hi there', author: 'AGENT' } });

    // A streamed reply: its parts send nothing, its final reply does.
    await chat.append(
      replyEvent(org.id, { sessionId, agentId, runId: 'run-1', part: 'delta', text: 'Ans', sequence: 1 }),
      replyEvent(org.id, { sessionId, agentId, runId: 'run-1', part: 'delta', text: 'Answ', sequence: 2 }),
      replyEvent(org.id, { sessionId, agentId, runId: 'run-1', part: 'final', text: 'Answer', sequence: 3 }),
    );
    expect(await next(admin)).toMatchObject({ lastSequence: 3, lastMessage: { text: 'Answer', author: 'AGENT' } });
    expect(await admin.next(400)).toBe('timeout');
    for (let sequence = 2; sequence <= 3; sequence += 1) expect((await next(owner)).lastSequence).toBe(sequence);

    // Another organization's admin never hears of any of it.
    expect(await stranger.next(300)).toBe('timeout');
    for (const sub of [admin, owner, stranger]) await sub.close();
  });

  it('announces a message waiting for an offline agent and its delivery when the agent comes back', async () => {
    const org = makeOrg();
    const agentId = await chat.agent(org, { status: 'OFFLINE' });
    const h5 = await chat.h5User(org);
    await chat.assign(org, agentId, h5.h5UserId);
    const sessionId = await chat.open(h5, agentId);
    const admin = await watch(org.admin);

    await chat.send(h5, sessionId, 'anyone there?');
    expect(await next(admin)).toMatchObject({ lastSequence: 1, lastMessage: { status: 'PENDING' } });
    await chat.setAgent(org, agentId, 'ONLINE');
    expect(await next(admin)).toMatchObject({ id: sessionId, lastSequence: 2, lastMessage: { status: 'SENT' } });
    await admin.close();
  });

  it('refuses members, H5 users, agents and anonymous callers', async () => {
    const org = makeOrg();
    for (const [identity, code] of [
      [org.member, 'FORBIDDEN'],
      [org.h5(), 'FORBIDDEN'],
      [org.agent(randomUUID()), 'FORBIDDEN'],
      [{ kind: 'anonymous' as const }, 'UNAUTHENTICATED'],
    ] as const) {
      const result = await watch(identity);
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual([code]);
      expect(JSON.stringify(result.errors)).not.toContain(org.id);
    }
  });
});
