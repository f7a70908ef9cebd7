/**
 * How `chatEvents` ends and what one process's subscriptions cost: an unassigned H5 user loses the
 * session (history, subscription, sends) with ASSIGNMENT_NOT_FOUND — live subscriptions are ended,
 * also when the revocation's publish was lost — while admins keep the support view and re-assigning
 * restores the same session; a reader too far behind gets RESYNC_REQUIRED once; and the head poll is
 * one statement per tick for all subscriptions, not one per subscription.
 */
import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, startTestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatModule } from '../src/index.ts';
import { ChatHarness, codes, HISTORY, OPEN, POST_AGENT, SEND, UNASSIGN } from './fixtures.ts';

const TYPING = 'mutation($id: ID!) { setChatTyping(sessionId: $id, typing: true) }';
const BUFFER = 20;
const POLL_MS = 200;

/** The stable code of a subscription result (graphql-js hands over the unformatted error), or how it stopped. */
const endCode = (result: ExecutionResult | 'done' | 'timeout' | null | undefined) =>
  result == null || typeof result === 'string'
    ? result
    : (result.errors?.[0] as { originalError?: { code?: string } } | undefined)?.originalError?.code;

describe.each(DATABASE_KINDS)('chat stream endings on %s', (kind) => {
  let chat: ChatHarness;

  beforeAll(async () => {
    chat = new ChatHarness(
      await startTestSubgraph(chatModule, kind, {
        envSource: { CHAT_STREAM_POLL_MS: String(POLL_MS), CHAT_STREAM_BUFFER_SIZE: String(BUFFER) },
      }),
    );
  });
  afterAll(async () => {
    await chat?.subgraph.close();
  });

  it('unassigned, an H5 user loses the session (ASSIGNMENT_NOT_FOUND); admins keep it; re-assigned, it is back', async () => {
    const { org, agentId, h5, assignmentId, sessionId } = await chat.world();
    const clientMessageId = randomUUID();
    await chat.send(h5, sessionId, 'before', clientMessageId);
    const live = await chat.subscribe(h5, { sessionId, after: 0 });
    expect((await live.take?.(2))?.map((event) => event.type)).toEqual(['MESSAGE_CREATED', 'PRESENCE']);
    const support = await chat.subscribe(org.admin, { sessionId });
    await support.take?.(1);

    expect((await chat.ok(org.admin, UNASSIGN, { id: assignmentId })).unassignChatAgent.__typename).toBe(
      'ChatAssignment',
    );
    const ended = await live.result?.();
    expect(endCode(ended)).toBe('ASSIGNMENT_NOT_FOUND');
    expect((ended as ExecutionResult).data).toBeNull();
    expect(await live.result?.()).toBe('done');

    expect(codes(await chat.run(h5, HISTORY, { id: sessionId }))).toEqual(['ASSIGNMENT_NOT_FOUND']);
    expect(endCode((await chat.subscribe(h5, { sessionId })).error)).toBe('ASSIGNMENT_NOT_FOUND');
    for (const id of [randomUUID(), clientMessageId]) {
      const sent = await chat.ok(h5, SEND, { input: { sessionId, clientMessageId: id, text: 'after' } });
      expect(sent.sendMessage).toMatchObject({ __typename: 'DomainError', code: 'ASSIGNMENT_NOT_FOUND' });
    }
    expect(codes(await chat.run(h5, TYPING, { id: sessionId }))).toEqual(['ASSIGNMENT_NOT_FOUND']);
    const opened = await chat.ok(h5, OPEN, { agentId });
    expect(opened.openChatSession).toMatchObject({ __typename: 'DomainError', code: 'ASSIGNMENT_NOT_FOUND' });

    // The support view still reads and follows it; the agent can still answer.
    const history = await chat.ok(org.admin, HISTORY, { id: sessionId });
    expect(history.chatSession.messages.nodes.map((node: { text: string }) => node.text)).toEqual(['before']);
    await chat.ok(org.agent(agentId), POST_AGENT, { input: { sessionId, text: 'still here' } });
    expect((await support.take?.(1))?.[0].message.text).toBe('still here');
    await support.close?.();

    await chat.assign(org, agentId, h5.h5UserId);
    expect(await chat.open(h5, agentId)).toBe(sessionId);
    const restored = await chat.ok(h5, HISTORY, { id: sessionId });
    expect(restored.chatSession.messages.nodes.map((node: { text: string }) => node.text)).toEqual([
      'before',
      'still here',
    ]);
    const again = await chat.subscribe(h5, { sessionId, after: 1 });
    expect((await again.take?.(2))?.map((event) => event.message?.text ?? event.type)).toEqual([
      'still here',
      'PRESENCE',
    ]);
    await again.close?.();
  });

  it('ends an unassigned user’s subscription even when the revocation’s publish was lost (head poll)', async () => {
    const { org, h5, assignmentId, sessionId } = await chat.world();
    const live = await chat.subscribe(h5, { sessionId });
    await live.take?.(1);
    const agentView = await chat.subscribe(org.admin, { sessionId });
    await agentView.take?.(1);
    // Deleted behind the service's back: no ACCESS_REVOKED signal on the bus.
    await chat.subgraph.runtime.database.db.execute(sql`delete from chat.assignments where id = ${assignmentId}`);
    expect(endCode(await live.result?.(3_000))).toBe('ASSIGNMENT_NOT_FOUND');
    expect(await live.result?.()).toBe('done');
    expect(await agentView.result?.(3 * POLL_MS)).toBe('timeout');
    await agentView.close?.();
  });

  it('a reader more than the buffer behind gets RESYNC_REQUIRED once, then resumes from the new head', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    const slow = await chat.subscribe(h5, { sessionId, after: 0 });
    expect((await slow.take?.(1))?.[0].type).toBe('PRESENCE');
    for (let n = 0; n < BUFFER + 5; n++) {
      await chat.ok(org.agent(agentId), POST_AGENT, { input: { sessionId, text: `m${n}` } });
    }
    const ended = await slow.result?.();
    expect(endCode(ended)).toBe('RESYNC_REQUIRED');
    expect((ended as ExecutionResult).data).toBeNull();
    expect(await slow.result?.()).toBe('done');
    // What the app does: reload from the head, subscribe after it, nothing repeated.
    const head = (await chat.ok(h5, HISTORY, { id: sessionId, first: 1, newestFirst: true })).chatSession;
    expect(head.lastSequence).toBe(BUFFER + 5);
    const resumed = await chat.subscribe(h5, { sessionId, after: head.lastSequence });
    expect((await resumed.take?.(1))?.[0].type).toBe('PRESENCE');
    await chat.send(h5, sessionId, 'next');
    expect((await resumed.take?.(1))?.[0]).toMatchObject({ sequence: BUFFER + 6, message: { text: 'next' } });
    await resumed.close?.();
  });

  it('polls the heads of all followed sessions in one statement per tick, however many subscriptions', async () => {
    const worlds = await Promise.all([chat.world(), chat.world(), chat.world()]);
    const subscriptions = [];
    for (const world of worlds) {
      for (let device = 0; device < 5; device++) {
        const sub = await chat.subscribe(world.h5, { sessionId: world.sessionId });
        await sub.take?.(1);
        subscriptions.push(sub);
      }
    }
    const heads: string[] = [];
    const stop = chat.subgraph.runtime.database.onQuery(
      (statement) =>
        /from "chat"\."sessions"/.test(statement) && /last_sequence/.test(statement) && heads.push(statement),
    );
    await new Promise((resolve) => setTimeout(resolve, 5 * POLL_MS));
    stop();
    // ~5 ticks, one statement each (15 subscriptions polling on their own would be ~75).
    expect(heads.length).toBeGreaterThanOrEqual(1);
    expect(heads.length).toBeLessThanOrEqual(7);
    for (const sub of subscriptions) await sub.close?.();
  });
});
