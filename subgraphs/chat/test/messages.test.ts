/**
 * Messages through the chat schema on a real database: sends committed with per-session sequence
 * numbers, idempotent retries, every error code, the `chat.messageSent` relay event, agent replies
 * (fleet events and the agent mutation), PENDING delivery when an agent returns or FAILED after the
 * timeout, cursor-paginated history and who may read it.
 */
import { randomUUID } from 'node:crypto';
import { type DomainEvent, DomainEvents, ensureEventTables, systemClock } from '@mc/kit';
import { anonymous, DATABASE_KINDS, startTestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatMessageSent, chatEvents } from '../src/domain-events.ts';
import { chatModule } from '../src/index.ts';
import {
  ChatHarness,
  codes,
  eventually,
  HISTORY,
  makeOrg,
  POST_AGENT,
  replyEvent,
  SEND,
  UNASSIGN,
} from './fixtures.ts';

const SEND_LIMIT = 6;

describe.each(DATABASE_KINDS)('chat messages on %s', (kind) => {
  let chat: ChatHarness;
  let probe: DomainEvents;
  const relayed: DomainEvent<ChatMessageSent>[] = [];

  beforeAll(async () => {
    chat = new ChatHarness(
      await startTestSubgraph(chatModule, kind, {
        envSource: {
          CHAT_SEND_LIMIT: String(SEND_LIMIT),
          CHAT_SEND_WINDOW_SECONDS: '60',
          CHAT_MESSAGE_MAX_CHARS: '50',
          CHAT_PENDING_TIMEOUT_SECONDS: '1.5',
          CHAT_PENDING_SWEEP_MS: '300',
        },
      }),
    );
    // Another subgraph (as fleet will) consuming chat's relay events from the shared stream.
    const schema = `probe_${randomUUID().slice(0, 8)}`;
    await ensureEventTables(chat.subgraph.runtime.database, schema);
    probe = new DomainEvents({
      database: chat.subgraph.runtime.database,
      schema,
      stream: chat.subgraph.runtime.events.stream,
      clock: systemClock,
      logger: chat.subgraph.runtime.logger,
    });
    await probe.consume([chatEvents.messageSent], async (event) => {
      relayed.push(event);
    });
  });
  afterAll(async () => {
    await probe?.stop();
    await chat?.subgraph.close();
  });

  const relayedFor = (messageId: string) => relayed.filter((event) => event.payload.messageId === messageId);

  it('commits each send with the next sequence number and relays it to the agent once', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    const first = await chat.send(h5, sessionId, 'hello', 'c-1');
    const second = await chat.send(h5, sessionId, 'are you there?', 'c-2');
    expect(first).toMatchObject({
      __typename: 'ChatMessage',
      sessionId,
      sequence: 1,
      author: 'H5_USER',
      authorId: h5.h5UserId,
      clientMessageId: 'c-1',
      text: 'hello',
      status: 'SENT',
      error: null,
    });
    expect(second.sequence).toBe(2);
    await eventually(() => expect(relayedFor(first.id)).toHaveLength(1));
    expect(relayedFor(first.id)[0]).toMatchObject({
      topic: 'chat.messageSent',
      organizationId: org.id,
      payload: {
        sessionId,
        messageId: first.id,
        sequence: 1,
        organizationId: org.id,
        agentId,
        h5UserId: h5.h5UserId,
        text: 'hello',
      },
    });
  });

  it('answers a retried send with the original message, never a duplicate (also when sent concurrently)', async () => {
    const { h5, sessionId } = await chat.world();
    const original = await chat.send(h5, sessionId, 'once', 'same-id');
    const retry = await chat.send(h5, sessionId, 'once (retried)', 'same-id');
    expect(retry).toEqual(original);
    const racing = await Promise.all(
      [1, 2, 3].map(() => chat.run(h5, SEND, { input: { sessionId, clientMessageId: 'race', text: 'r' } })),
    );
    const ids = new Set(racing.map((result) => result.data?.sendMessage.id));
    expect(ids.size).toBe(1);
    const history = await chat.ok(h5, HISTORY, { id: sessionId });
    expect(history.chatSession.messages.nodes.map((m: { text: string }) => m.text)).toEqual(['once', 'r']);
    expect(history.chatSession.lastSequence).toBe(2);
    await eventually(() => expect(relayedFor(original.id)).toHaveLength(1));
  });

  it('refuses bad input with stable codes: MESSAGE_TOO_LONG, BAD_USER_INPUT, SESSION_NOT_FOUND', async () => {
    const { org, h5, sessionId } = await chat.world();
    const tooLong = await chat.send(h5, sessionId, 'x'.repeat(51));
    expect(tooLong).toMatchObject({ __typename: 'DomainError', code: 'MESSAGE_TOO_LONG', field: 'text' });
    expect((await chat.send(h5, sessionId, '界'.repeat(50))).__typename).toBe('ChatMessage');
    expect(await chat.send(h5, sessionId, '   ')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(await chat.send(h5, sessionId, 'hi', '')).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'clientMessageId',
    });
    expect(await chat.send(h5, randomUUID(), 'hi')).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    // Someone else's session, in the same organization or another one, is not found either.
    const neighbour = await chat.h5User(org);
    expect(await chat.send(neighbour, sessionId, 'hi')).toMatchObject({ code: 'SESSION_NOT_FOUND', ids: [sessionId] });
    expect(await chat.send(makeOrg().h5(h5.h5UserId), sessionId, 'hi')).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect(codes(await chat.run(org.admin, SEND, { input: { sessionId, clientMessageId: 'a', text: 'b' } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await chat.run(anonymous, SEND, { input: { sessionId, clientMessageId: 'a', text: 'b' } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('answers ASSIGNMENT_NOT_FOUND once unassigned and AGENT_UNAVAILABLE once the agent is deleted', async () => {
    const first = await chat.world();
    await chat.ok(first.org.admin, UNASSIGN, { id: first.assignmentId });
    expect(await chat.send(first.h5, first.sessionId, 'hi')).toMatchObject({ code: 'ASSIGNMENT_NOT_FOUND' });
    // The history stays readable for support.
    expect((await chat.ok(first.org.admin, HISTORY, { id: first.sessionId })).chatSession.id).toBe(first.sessionId);
    const second = await chat.world();
    await chat.setAgent(second.org, second.agentId, 'DELETING', 'Ada', 'agentDeleted');
    expect(await chat.send(second.h5, second.sessionId, 'hi')).toMatchObject({
      code: 'AGENT_UNAVAILABLE',
      ids: [second.agentId],
    });
  });

  it('rate-limits sends per H5 user (RATE_LIMITED with retryAfterSeconds); retries of stored messages are free', async () => {
    const { h5, sessionId } = await chat.world();
    for (let i = 0; i < SEND_LIMIT; i += 1) await chat.send(h5, sessionId, `m${i}`, `id-${i}`);
    const limited = await chat.send(h5, sessionId, 'one too many', 'id-x');
    expect(limited).toMatchObject({ __typename: 'DomainError', code: 'RATE_LIMITED' });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect((await chat.send(h5, sessionId, 'm0', 'id-0')).sequence).toBe(1);
  });

  it('stores an agent’s final reply once per run, streams deltas live only, records errors', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    await chat.send(h5, sessionId, 'question', 'q');
    const runId = randomUUID();
    const delta = replyEvent(org.id, { sessionId, agentId, runId, part: 'delta', text: 'Ans', sequence: 1 });
    const final = replyEvent(org.id, { sessionId, agentId, runId, part: 'final', text: 'Answer', sequence: 2 });
    await chat.append(
      delta,
      final,
      // The same run relayed twice (a gateway retry) lands once.
      replyEvent(org.id, { sessionId, agentId, runId, part: 'final', text: 'Answer', sequence: 2 }),
      replyEvent(org.id, {
        sessionId,
        agentId,
        runId: 'run-err',
        part: 'error',
        text: 'gateway gone',
        code: 'GATEWAY_OFFLINE',
      }),
      replyEvent(org.id, { sessionId, agentId, runId: 'run-abort', part: 'aborted', text: 'stopped' }),
      // Another agent, or another organization, cannot write into this session.
      replyEvent(org.id, { sessionId, agentId: randomUUID(), runId: 'x', part: 'final', text: 'intruder' }),
      replyEvent(randomUUID(), { sessionId, agentId, runId: 'y', part: 'final', text: 'intruder' }),
    );
    const history = await eventually(async () => {
      const data = await chat.ok(h5, HISTORY, { id: sessionId });
      expect(data.chatSession.messages.nodes).toHaveLength(4);
      return data;
    });
    expect(history.chatSession.messages.nodes).toMatchObject([
      { sequence: 1, author: 'H5_USER', text: 'question' },
      { sequence: 2, author: 'AGENT', authorId: agentId, text: 'Answer', runId, status: 'SENT' },
      { sequence: 3, author: 'AGENT', text: 'gateway gone', status: 'FAILED', error: 'GATEWAY_OFFLINE' },
      { sequence: 4, author: 'AGENT', text: 'stopped', status: 'FAILED', error: 'ABORTED' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await chat.ok(h5, HISTORY, { id: sessionId })).chatSession.messages.nodes).toHaveLength(4);
    // The part was only passed on live: claimed in no transaction, unlike the final reply.
    const claimed = await chat.subgraph.runtime.database.db.execute(
      sql`select event_id from chat.mc_inbox where consumer = 'chat-replies' and event_id in (${delta.id}, ${final.id})`,
    );
    expect((claimed as unknown as { rows: { event_id: string }[] }).rows.map((row) => row.event_id)).toEqual([
      final.id,
    ]);
  });

  it('lets the session’s agent post directly (idempotently), and nobody else', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    const me = org.agent(agentId);
    const post = (identity = me, clientMessageId?: string) =>
      chat.run(identity, POST_AGENT, { input: { sessionId, text: 'Hi, I am Ada', clientMessageId } });
    const posted = (await post(me, 'p-1')).data?.postAgentMessage;
    expect(posted).toMatchObject({ __typename: 'ChatMessage', author: 'AGENT', authorId: agentId, sequence: 1 });
    expect((await post(me, 'p-1')).data?.postAgentMessage.id).toBe(posted.id);
    expect((await post(org.agent(randomUUID()))).data?.postAgentMessage.code).toBe('SESSION_NOT_FOUND');
    expect((await post(makeOrg().agent(agentId))).data?.postAgentMessage.code).toBe('SESSION_NOT_FOUND');
    expect(codes(await post(h5))).toEqual(['FORBIDDEN']);
  });

  it('pages history by sequence, forwards and backwards', async () => {
    const { h5, sessionId } = await chat.world();
    for (let i = 1; i <= 5; i += 1) await chat.send(h5, sessionId, `m${i}`, `p${i}`);
    const texts = (data: Record<string, any>) => data.chatSession.messages.nodes.map((m: { text: string }) => m.text);
    const page1 = await chat.ok(h5, HISTORY, { id: sessionId, first: 2 });
    expect(texts(page1)).toEqual(['m1', 'm2']);
    expect(page1.chatSession.messages.pageInfo.hasNextPage).toBe(true);
    const page2 = await chat.ok(h5, HISTORY, {
      id: sessionId,
      first: 3,
      after: page1.chatSession.messages.pageInfo.endCursor,
    });
    expect(texts(page2)).toEqual(['m3', 'm4', 'm5']);
    expect(page2.chatSession.messages.pageInfo.hasNextPage).toBe(false);
    const latest = await chat.ok(h5, HISTORY, { id: sessionId, first: 2, newestFirst: true });
    expect(texts(latest)).toEqual(['m5', 'm4']);
    const older = await chat.ok(h5, HISTORY, {
      id: sessionId,
      first: 10,
      newestFirst: true,
      after: latest.chatSession.messages.pageInfo.endCursor,
    });
    expect(texts(older)).toEqual(['m3', 'm2', 'm1']);
    expect(codes(await chat.run(h5, HISTORY, { id: sessionId, after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await chat.run(h5, HISTORY, { id: sessionId, first: 101 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets only the H5 user, the agent and the organization’s admins read a session', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    await chat.send(h5, sessionId, 'private', 'x');
    for (const reader of [h5, org.agent(agentId), org.admin, org.owner]) {
      const data = await chat.ok(reader, HISTORY, { id: sessionId });
      expect(data.chatSession.messages.nodes.map((m: { text: string }) => m.text)).toEqual(['private']);
    }
    const other = makeOrg();
    for (const stranger of [
      await chat.h5User(org),
      org.agent(randomUUID()),
      org.member,
      other.admin,
      other.owner,
      other.agent(agentId),
      other.h5(h5.h5UserId),
    ]) {
      expect(codes(await chat.run(stranger, HISTORY, { id: sessionId }))).toEqual(['SESSION_NOT_FOUND']);
    }
    expect(codes(await chat.run(anonymous, HISTORY, { id: sessionId }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await chat.run(other.admin, '{ chatSessions { nodes { id } } }'))).toEqual([]);
    expect((await chat.ok(other.admin, '{ chatSessions { nodes { id } } }')).chatSessions.nodes).toEqual([]);
  });

  it('keeps a message PENDING while the agent is offline and relays it, in order, when it returns', async () => {
    const { org, agentId, h5, sessionId } = await chat.world({ status: 'OFFLINE' });
    const first = await chat.send(h5, sessionId, 'one', 'o1');
    const second = await chat.send(h5, sessionId, 'two', 'o2');
    expect([first.status, second.status]).toEqual(['PENDING', 'PENDING']);
    expect(relayedFor(first.id)).toHaveLength(0);
    await chat.setAgent(org, agentId, 'ONLINE');
    await eventually(() => expect([...relayedFor(first.id), ...relayedFor(second.id)]).toHaveLength(2));
    expect(relayed.filter((e) => e.payload.sessionId === sessionId).map((e) => e.payload.text)).toEqual(['one', 'two']);
    const history = await chat.ok(h5, HISTORY, { id: sessionId });
    expect(history.chatSession.messages.nodes.map((m: { status: string }) => m.status)).toEqual(['SENT', 'SENT']);
    // Two creations and two status changes: the stream is at 4.
    expect(history.chatSession.lastSequence).toBe(4);
    // The timeout fires later and leaves a delivered message alone.
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    const later = await chat.ok(h5, HISTORY, { id: sessionId });
    expect(later.chatSession.messages.nodes.map((m: { status: string }) => m.status)).toEqual(['SENT', 'SENT']);
  });

  it('marks a message FAILED (AGENT_UNAVAILABLE) when the agent does not return in time', async () => {
    const { h5, sessionId } = await chat.world({ status: 'OFFLINE' });
    const message = await chat.send(h5, sessionId, 'anyone?', 'f1');
    expect(message.status).toBe('PENDING');
    const failed = await eventually(async () => {
      const data = await chat.ok(h5, HISTORY, { id: sessionId });
      expect(data.chatSession.messages.nodes[0].status).toBe('FAILED');
      return data.chatSession.messages.nodes[0];
    }, 6_000);
    expect(failed).toMatchObject({ id: message.id, error: 'AGENT_UNAVAILABLE' });
    expect(relayedFor(message.id)).toHaveLength(0);
    // A retry of the same client id reports the failure rather than hiding it.
    expect((await chat.send(h5, sessionId, 'anyone?', 'f1')).status).toBe('FAILED');
  });

  it('fails the waiting messages at once when the agent is deleted', async () => {
    const { org, agentId, h5, sessionId } = await chat.world({ status: 'OFFLINE' });
    await chat.send(h5, sessionId, 'hello?', 'd1');
    await chat.setAgent(org, agentId, 'DELETING', 'Ada', 'agentDeleted');
    const data = await eventually(async () => {
      const result = await chat.ok(h5, HISTORY, { id: sessionId });
      expect(result.chatSession.messages.nodes[0].status).toBe('FAILED');
      return result;
    });
    expect(data.chatSession.messages.nodes[0].error).toBe('AGENT_UNAVAILABLE');
  });

  it('sweeps a message left PENDING past the timeout even when its delayed job was lost (restart)', async () => {
    const { h5, sessionId } = await chat.world({ status: 'OFFLINE' });
    const { MessageStore } = await import('../src/db/message-store.ts');
    const { SessionStore } = await import('../src/db/session-store.ts');
    const db = chat.subgraph.runtime.database.db;
    const session = (await new SessionStore(db).byIds([sessionId])).get(sessionId);
    const createdAt = new Date(Date.now() - 60_000);
    const sequence = await new SessionStore(db).nextSequence(sessionId, createdAt, true);
    const row = await new MessageStore(db).insert({
      sessionId,
      organizationId: session?.organizationId as string,
      sequence,
      author: 'H5_USER',
      authorId: h5.h5UserId,
      clientMessageId: 'orphan',
      text: 'sent before a restart',
      status: 'PENDING',
      createdAt,
      updatedAt: createdAt,
    });
    await new MessageStore(db).appendEvent(sessionId, sequence, 'MESSAGE_CREATED', row?.id as string, createdAt);
    // The session and its messages are separate reads: one may see the sweep's commit, the other not yet.
    const failed = await eventually(async () => {
      const data = await chat.ok(h5, HISTORY, { id: sessionId });
      expect(data.chatSession.messages.nodes[0].status).toBe('FAILED');
      expect(data.chatSession.lastSequence).toBe(2);
      return data.chatSession;
    });
    expect(failed.messages.nodes[0]).toMatchObject({ id: row?.id, error: 'AGENT_UNAVAILABLE' });
  });

  it('rate-limits typing indicators per caller', async () => {
    const { h5, sessionId } = await chat.world();
    const TYPING = 'mutation($id: ID!) { setChatTyping(sessionId: $id, typing: true) }';
    for (let i = 0; i < 30; i += 1) expect(codes(await chat.run(h5, TYPING, { id: sessionId }))).toEqual([]);
    expect(codes(await chat.run(h5, TYPING, { id: sessionId }))).toEqual(['RATE_LIMITED']);
  });

  it('shows each session’s newest message as a preview, batched across sessions', async () => {
    const { org, h5, sessionId } = await chat.world();
    await chat.send(h5, sessionId, 'first', 'l1');
    await chat.send(h5, sessionId, 'latest', 'l2');
    const other = await chat.world();
    const silent = await chat.h5User(org);
    const agentId = await chat.agent(org);
    await chat.assign(org, agentId, silent.h5UserId);
    await chat.open(silent, agentId);
    const page = await chat.ok(org.admin, '{ chatSessions { nodes { id lastMessage { text sequence } } } }');
    const previews = Object.fromEntries(
      page.chatSessions.nodes.map((node: { id: string; lastMessage: unknown }) => [node.id, node.lastMessage]),
    );
    expect(previews[sessionId]).toEqual({ text: 'latest', sequence: 2 });
    expect(Object.values(previews)).toContain(null);
    expect(previews[other.sessionId]).toBeUndefined();
    const mine = await chat.ok(h5, '{ myChatAssignments { session { lastMessage { text } } } }');
    expect(mine.myChatAssignments).toEqual([{ session: { lastMessage: { text: 'latest' } } }]);
  });

  it('marks the H5 message itself FAILED when fleet reports its run (named after the message) failed', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    const sent = await chat.send(h5, sessionId, 'hello?', 'g1');
    const failure = replyEvent(org.id, {
      sessionId,
      agentId,
      runId: sent.id,
      part: 'error',
      text: 'the gateway is offline',
      code: 'GATEWAY_OFFLINE',
    });
    await chat.append(failure, { ...failure, id: randomUUID() });
    const data = await eventually(async () => {
      const result = await chat.ok(h5, HISTORY, { id: sessionId });
      expect(result.chatSession.messages.nodes[0].status).toBe('FAILED');
      return result.chatSession;
    });
    expect(data.messages.nodes).toHaveLength(1);
    expect(data.messages.nodes[0]).toMatchObject({ id: sent.id, author: 'H5_USER', error: 'GATEWAY_OFFLINE' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await chat.ok(h5, HISTORY, { id: sessionId })).chatSession.lastSequence).toBe(2);
  });
});
