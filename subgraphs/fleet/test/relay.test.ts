/**
 * The chat relay against the OpenClaw gateway simulator (a real WebSocket server speaking OpenClaw's
 * protocol): chat's `chat.messageSent` (appended to fleet's event stream as chat's outbox relay would)
 * reaches the agent's gateway once, and the run comes back as `fleet.agentReply` parts — deltas in
 * order, one final; a gateway restart mid-reply still ends in one complete answer; a gateway that is
 * down, or an agent that is not ONLINE, holds the message until it is back, and past the hold chat is
 * told with an error part.
 */
import { randomUUID } from 'node:crypto';
import { DialOutLink, sessionKeyFor } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayLeaseStore } from '../src/db/relay-lease-store.ts';
import { chatRelayLeases } from '../src/db/tables.ts';
import type { AgentReply } from '../src/domain-events.ts';
import { ChatRelay } from '../src/relay/chat-relay.ts';
import {
  agentIdentity,
  CHECK_IN,
  chatMessage,
  collectEvents,
  type FleetStack,
  makeOrg,
  simulatedAgent,
  startFleetStack,
  type TestOrg,
} from './fixtures.ts';

const DELETE_AGENT = `mutation($id: ID!) { deleteAgent(id: $id) { __typename } }`;

const TOKEN = 'sim-relay-token-123';
const HOLD_SECONDS = 3;
const LEASE_MS = 300;

describe.each(DATABASE_KINDS)('chat relay on %s', (kind) => {
  let stack: FleetStack;
  let sim: GatewaySimulator;
  /** Slow streaming, for restarts in the middle of a reply. */
  let slowSim: GatewaySimulator;
  const replies: DomainEvent<AgentReply>[] = [];

  beforeAll(async () => {
    const reply = (message: string) => `Echo from the agent: ${message}`;
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10, replyChunks: 4, reply }).start();
    slowSim = await new GatewaySimulator({
      token: TOKEN,
      agentReloadDelayMs: 10,
      replyChunks: 6,
      replyChunkDelayMs: 250,
      reply,
    }).start();
    stack = await startFleetStack(kind, {
      env: {
        GATEWAY_REQUEST_TIMEOUT_MS: '2000',
        AGENT_CHECKIN_TIMEOUT_MS: '60000',
        CHAT_RELAY_HOLD_SECONDS: String(HOLD_SECONDS),
        CHAT_RELAY_RETRY_MS: '50',
        CHAT_RELAY_RETRY_MAX_MS: '250',
        CHAT_RELAY_REPLY_TIMEOUT_MS: '20000',
        // Short leases: the slow runs below outlast several, renewed all along.
        CHAT_RELAY_LEASE_MS: String(LEASE_MS),
      },
    });
    await collectEvents(stack, 'relay-test', 'fleet.agentReply', replies);
  });
  afterAll(async () => {
    await stack?.close();
    await sim?.stop();
    await slowSim?.stop();
  });

  const onlineAgent = (org: TestOrg, gatewaySim: GatewaySimulator, checkIn = true) =>
    simulatedAgent(stack, org, gatewaySim, TOKEN, checkIn);

  /** What chat's outbox relay puts on the stream when an H5 user's message is SENT. */
  async function messageSent(org: TestOrg, agentId: string, text: string, eventId = randomUUID()) {
    const message = chatMessage(org.id, agentId, text);
    await stack.fleet.runtime.events.stream.append([
      {
        id: eventId,
        topic: 'chat.messageSent',
        organizationId: org.id,
        actor: { kind: 'h5', id: message.h5UserId },
        occurredAt: new Date().toISOString(),
        payload: message,
      },
    ]);
    return { ...message, eventId };
  }

  const partsOf = (runId: string) => replies.filter((event) => event.payload.runId === runId).map((e) => e.payload);
  const terminal = (runId: string) => partsOf(runId).filter((part) => part.part !== 'delta');

  const historyOf = async (gatewaySim: GatewaySimulator, sessionKey: string) => {
    const link = new DialOutLink({
      url: gatewaySim.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 2_000,
    });
    try {
      return await link.chatHistory(sessionKey);
    } finally {
      await link.close();
    }
  };

  it('relays a message to the agent and records the streamed reply: deltas in order, one final', async () => {
    const org = await makeOrg(stack);
    const agent = await onlineAgent(org, sim);
    const sent = await messageSent(org, agent.id, 'how are you?');
    await expect.poll(() => terminal(sent.messageId).length, { timeout: 10_000 }).toBe(1);
    const parts = partsOf(sent.messageId);
    const final = parts.at(-1) as AgentReply;
    expect(final).toMatchObject({
      part: 'final',
      text: 'Echo from the agent: how are you?',
      sessionId: sent.sessionId,
      agentId: agent.id,
    });
    const deltas = parts.filter((part) => part.part === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((part) => part.sequence)).toEqual(deltas.map((_, index) => index + 1));
    expect(deltas.map((part) => part.text).join('')).toBe(final.text);
    const reply = replies.find((event) => event.payload === final) as DomainEvent<AgentReply>;
    expect(reply.organizationId).toBe(org.id);
    // The chat session has its own OpenClaw session; the gateway got the message once.
    const sessionKey = sessionKeyFor(agent.remoteId, `h5-${sent.sessionId}`);
    const history = await historyOf(sim, sessionKey);
    expect(history.filter((entry) => entry.role === 'user').map((entry) => entry.text)).toEqual(['how are you?']);
    expect(history.filter((entry) => entry.role === 'assistant').map((entry) => entry.runId)).toEqual([sent.messageId]);
    // A session's first message costs one gateway request (the gateway opens the session with it).
    const forSession = sim.requests.filter((request) => JSON.stringify(request.params).includes(sessionKey));
    expect(forSession.map((request) => request.method)).toEqual(['chat.send', 'chat.history']);

    // The same event delivered again (at-least-once) changes nothing.
    await stack.fleet.runtime.events.stream.append([
      {
        id: sent.eventId,
        topic: 'chat.messageSent',
        organizationId: org.id,
        actor: null,
        occurredAt: new Date().toISOString(),
        payload: sent,
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(terminal(sent.messageId)).toHaveLength(1);
    expect((await historyOf(sim, sessionKey)).length).toBe(2);
  });

  it('a gateway restart in the middle of a reply still ends in one complete answer', async () => {
    const org = await makeOrg(stack);
    const agent = await onlineAgent(org, slowSim);
    const sent = await messageSent(org, agent.id, 'tell me a long story');
    await expect.poll(() => partsOf(sent.messageId).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await slowSim.restart({ downMs: 300 });
    await expect.poll(() => terminal(sent.messageId).length, { timeout: 15_000 }).toBe(1);
    const parts = partsOf(sent.messageId);
    const final = parts.at(-1) as AgentReply;
    expect(final).toMatchObject({ part: 'final', text: 'Echo from the agent: tell me a long story' });
    const deltas = parts.filter((part) => part.part === 'delta');
    // Parts never repeat: what streamed before the restart is not streamed again.
    expect(deltas.map((part) => part.sequence)).toEqual(deltas.map((_, index) => index + 1));
    expect(final.text.startsWith(deltas.map((part) => part.text).join(''))).toBe(true);
  });

  const sessionRequests = (gatewaySim: GatewaySimulator, sessionKey: string) =>
    gatewaySim.requests.filter((request) => JSON.stringify(request.params).includes(sessionKey));
  const leases = () => stack.fleet.runtime.database.db.select().from(chatRelayLeases);

  it('delivers in the process that took the message, under a lease renewed while a long run lasts', async () => {
    const org = await makeOrg(stack);
    const agent = await onlineAgent(org, slowSim);
    const sent = await messageSent(org, agent.id, 'take your time');
    await expect.poll(async () => (await leases()).map((row) => row.messageId)).toContain(sent.messageId);
    // The run streams for ~1.5 s: five lease lengths. A lease that lapsed would hand the message to the
    // queue, whose attempt finds the run key taken and sends again: a second chat.send.
    await expect.poll(() => terminal(sent.messageId).length, { timeout: 10_000 }).toBe(1);
    expect(terminal(sent.messageId)[0]).toMatchObject({ part: 'final', text: 'Echo from the agent: take your time' });
    const sessionKey = sessionKeyFor(agent.remoteId, `h5-${sent.sessionId}`);
    expect(sessionRequests(slowSim, sessionKey).map((request) => request.method)).toEqual(['chat.send']);
    await expect.poll(async () => (await leases()).map((row) => row.messageId)).not.toContain(sent.messageId);
  });

  it('hands a message whose lease lapsed (its process died) to the relay queue, which delivers it once', async () => {
    const org = await makeOrg(stack);
    const agent = await onlineAgent(org, sim);
    const message = chatMessage(org.id, agent.id, 'still there?');
    // What a fleet process that took the message and then died leaves behind.
    await new RelayLeaseStore(stack.fleet.runtime.database.db).take(
      message.messageId,
      { message, receivedAt: new Date().toISOString(), attempt: 1 },
      'a-process-that-died',
      new Date(Date.now() - 1_000),
    );
    await expect
      .poll(() => terminal(message.messageId), { timeout: 10_000 })
      .toEqual([expect.objectContaining({ part: 'final', text: 'Echo from the agent: still there?' })]);
    const sessionKey = sessionKeyFor(agent.remoteId, `h5-${message.sessionId}`);
    expect(sessionRequests(sim, sessionKey).filter((request) => request.method === 'chat.send')).toHaveLength(1);
    expect((await leases()).map((row) => row.messageId)).not.toContain(message.messageId);
  });

  it('holds a message while the gateway is down and delivers it once it is back', async () => {
    const org = await makeOrg(stack);
    const downSim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    try {
      const agent = await onlineAgent(org, downSim);
      await downSim.stop();
      const sent = await messageSent(org, agent.id, 'are you there?');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(partsOf(sent.messageId)).toEqual([]);
      await downSim.start();
      await expect
        .poll(() => terminal(sent.messageId), { timeout: 10_000 })
        .toEqual([
          expect.objectContaining({ part: 'final', text: expect.stringContaining('You said: are you there?') }),
        ]);
    } finally {
      await downSim.stop();
    }
  });

  it('holds a message for an agent that is not ONLINE yet and relays it when it checks in', async () => {
    const org = await makeOrg(stack);
    const agent = await onlineAgent(org, sim, false);
    const sent = await messageSent(org, agent.id, 'welcome aboard');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(partsOf(sent.messageId)).toEqual([]);
    await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
    await expect
      .poll(() => terminal(sent.messageId), { timeout: 10_000 })
      .toEqual([expect.objectContaining({ part: 'final', text: 'Echo from the agent: welcome aboard' })]);
  });

  it('tells chat when relaying fails unexpectedly on the job’s last attempt (RELAY_FAILED), not before', async () => {
    const org = await makeOrg(stack);
    // Straight to a relay's delivery, with a message the database refuses (accept's checks skipped):
    // the failure is neither the agent's nor the gateway's, so the queue retries it.
    const relay = new ChatRelay(stack.fleet.runtime, undefined as never, undefined as never, {
      CHAT_RELAY_HOLD_SECONDS: HOLD_SECONDS,
      CHAT_RELAY_RETRY_MS: 50,
      CHAT_RELAY_RETRY_MAX_MS: 250,
      CHAT_RELAY_REPLY_TIMEOUT_MS: 20_000,
      CHAT_RELAY_CONCURRENCY: 1,
      CHAT_RELAY_LEASE_MS: LEASE_MS,
      GATEWAY_REQUEST_TIMEOUT_MS: 2_000,
    });
    const message = chatMessage(org.id, 'not-a-uuid', 'hello?');
    const job = { message, receivedAt: new Date().toISOString(), attempt: 1 };
    await expect(relay.deliver(job, 1)).rejects.toThrow();
    await expect(relay.deliver(job, 2)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(terminal(message.messageId)).toEqual([]);
    await relay.deliver(job, 3);
    await expect
      .poll(() => terminal(message.messageId), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ part: 'error', code: 'RELAY_FAILED', runId: message.messageId })]);
  });

  it('tells chat when the gateway stays away past the hold, and at once for an unknown or deleted agent', async () => {
    const org = await makeOrg(stack);
    const downSim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    const agent = await onlineAgent(org, downSim);
    await downSim.stop();
    const started = Date.now();
    const sent = await messageSent(org, agent.id, 'hello?');
    await expect
      .poll(() => terminal(sent.messageId), { timeout: (HOLD_SECONDS + 5) * 1000 })
      .toEqual([expect.objectContaining({ part: 'error', code: 'GATEWAY_OFFLINE', runId: sent.messageId })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_SECONDS * 1000 - 100);

    const unknown = await messageSent(org, randomUUID(), 'anyone?');
    await expect
      .poll(() => terminal(unknown.messageId), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ part: 'error', code: 'AGENT_UNAVAILABLE' })]);
    // Another organization's agent is as unknown as a random id.
    const other = await makeOrg(stack);
    const foreign = await messageSent(other, agent.id, 'not yours');
    await expect
      .poll(() => terminal(foreign.messageId), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ part: 'error', code: 'AGENT_UNAVAILABLE' })]);
    await stack.ok(org.owner, DELETE_AGENT, { id: agent.id });
    const deleted = await messageSent(org, agent.id, 'gone?');
    await expect
      .poll(() => terminal(deleted.messageId), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ part: 'error', code: 'AGENT_UNAVAILABLE' })]);
  });
});
