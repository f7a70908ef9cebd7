/**
 * Mentioned agents are told, against the OpenClaw gateway simulator: work's `work.agentMentioned`
 * (appended to fleet's event stream as work's outbox relay would) reaches the agent's main session
 * once, with the author, the task and the board; an agent not ONLINE yet or a gateway that is down
 * holds the mention until it can be delivered; past the hold, and at once for a deleted or unknown
 * agent, it is recorded as `fleet.mentionUndelivered` (never dropped silently).
 */
import { randomUUID } from 'node:crypto';
import { DialOutLink, sessionKeyFor } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import type { MentionUndelivered } from '@mc/kit/topics/fleet';
import type { AgentMentioned } from '@mc/kit/topics/work';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentIdentity,
  CHECK_IN,
  collectEvents,
  type FleetStack,
  makeOrg,
  simulatedAgent,
  startFleetStack,
  type TestOrg,
} from './fixtures.ts';

const DELETE_AGENT = `mutation($id: ID!) { deleteAgent(id: $id) { __typename } }`;

const TOKEN = 'sim-mention-token-123';
const HOLD_SECONDS = 3;

describe.each(DATABASE_KINDS)('mentions told to agents on %s', (kind) => {
  let stack: FleetStack;
  let sim: GatewaySimulator;
  const undelivered: DomainEvent<MentionUndelivered>[] = [];

  beforeAll(async () => {
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    stack = await startFleetStack(kind, {
      env: {
        GATEWAY_REQUEST_TIMEOUT_MS: '2000',
        AGENT_CHECKIN_TIMEOUT_MS: '60000',
        MENTION_RELAY_HOLD_SECONDS: String(HOLD_SECONDS),
        MENTION_RELAY_RETRY_MS: '50',
        MENTION_RELAY_RETRY_MAX_MS: '250',
      },
    });
    await collectEvents(stack, 'mention-test', 'fleet.mentionUndelivered', undelivered);
  });
  afterAll(async () => {
    await stack?.close();
    await sim?.stop();
  });

  async function agentOn(org: TestOrg, gatewaySim: GatewaySimulator, checkIn = true) {
    const agent = await simulatedAgent(stack, org, gatewaySim, TOKEN, checkIn);
    return { id: agent.id, sessionKey: sessionKeyFor(agent.remoteId) };
  }

  /** What work's outbox relay puts on the stream for a comment mentioning `agentId`. */
  async function mentioned(org: TestOrg, agentId: string, excerpt: string) {
    const event: DomainEvent<AgentMentioned> = {
      id: randomUUID(),
      topic: 'work.agentMentioned',
      organizationId: org.id,
      actor: { kind: 'agent', id: randomUUID() },
      occurredAt: new Date().toISOString(),
      payload: {
        boardId: randomUUID(),
        taskId: randomUUID(),
        commentId: randomUUID(),
        agentId,
        token: 'Mira',
        excerpt,
        taskTitle: 'Write the launch notes',
        boardName: 'Launch',
        authorName: 'Lena Lead',
      },
    };
    await stack.fleet.runtime.events.stream.append([event]);
    return event;
  }

  const toldIn = async (gatewaySim: GatewaySimulator, sessionKey: string) => {
    const link = new DialOutLink({
      url: gatewaySim.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 2_000,
    });
    try {
      const history = await link.chatHistory(sessionKey);
      return history.filter((entry) => entry.role === 'user' && entry.text.includes('mentioned you'));
    } finally {
      await link.close();
    }
  };
  const undeliveredOf = (eventId: string) =>
    undelivered.filter((event) => event.payload.mentionEventId === eventId).map((event) => event.payload);

  it('tells the agent in its main session, once, with the author, the task and the board', async () => {
    const org = await makeOrg(stack);
    const agent = await agentOn(org, sim);
    const event = await mentioned(org, agent.id, '@Mira please review the draft');
    await expect.poll(async () => (await toldIn(sim, agent.sessionKey)).length, { timeout: 10_000 }).toBe(1);
    const [message] = await toldIn(sim, agent.sessionKey);
    const { boardId, taskId, commentId } = event.payload;
    expect(message.text).toBe(
      [
        'Lena Lead mentioned you (@Mira) in a comment on task "Write the launch notes" (board "Launch"):',
        '',
        '@Mira please review the draft',
        '',
        `Board ${boardId}, task ${taskId}, comment ${commentId}.`,
      ].join('\n'),
    );
    // The same event delivered again (at-least-once) tells nobody twice.
    await stack.fleet.runtime.events.stream.append([event]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await toldIn(sim, agent.sessionKey)).toHaveLength(1);
    expect(undeliveredOf(event.id)).toEqual([]);
  });

  it('holds the mention for an agent not ONLINE yet, and while its gateway is down', async () => {
    const org = await makeOrg(stack);
    const waiting = await agentOn(org, sim, false);
    const early = await mentioned(org, waiting.id, 'welcome aboard');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await toldIn(sim, waiting.sessionKey)).toEqual([]);
    await stack.ok(agentIdentity(waiting.id, org.id), CHECK_IN);
    await expect.poll(async () => (await toldIn(sim, waiting.sessionKey)).length, { timeout: 10_000 }).toBe(1);
    expect(undeliveredOf(early.id)).toEqual([]);

    const downSim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    try {
      const agent = await agentOn(org, downSim);
      await downSim.stop();
      const held = await mentioned(org, agent.id, 'are you there?');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await downSim.start();
      await expect
        .poll(async () => (await toldIn(downSim, agent.sessionKey)).map((m) => m.text.includes('are you there?')), {
          timeout: 10_000,
        })
        .toEqual([true]);
      expect(undeliveredOf(held.id)).toEqual([]);
    } finally {
      await downSim.stop();
    }
  });

  it('records it undelivered past the hold, and at once for a deleted or unknown agent', async () => {
    const org = await makeOrg(stack);
    const downSim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    const agent = await agentOn(org, downSim);
    await downSim.stop();
    const started = Date.now();
    const held = await mentioned(org, agent.id, 'hello?');
    await expect
      .poll(() => undeliveredOf(held.id), { timeout: (HOLD_SECONDS + 5) * 1000 })
      .toEqual([
        expect.objectContaining({
          code: 'GATEWAY_OFFLINE',
          agentId: agent.id,
          boardId: held.payload.boardId,
          taskId: held.payload.taskId,
          commentId: held.payload.commentId,
        }),
      ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_SECONDS * 1000 - 100);
    const record = undelivered.find((event) => event.payload.mentionEventId === held.id);
    expect(record).toMatchObject({ organizationId: org.id, actor: { kind: 'system', id: 'fleet' } });

    const unknown = await mentioned(org, randomUUID(), 'anyone?');
    await expect
      .poll(() => undeliveredOf(unknown.id), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ code: 'AGENT_UNAVAILABLE' })]);
    // Another organization's agent is as unknown as a random id.
    const other = await makeOrg(stack);
    const foreign = await mentioned(other, agent.id, 'not yours');
    await expect
      .poll(() => undeliveredOf(foreign.id), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ code: 'AGENT_UNAVAILABLE' })]);
    await stack.ok(org.owner, DELETE_AGENT, { id: agent.id });
    const deleted = await mentioned(org, agent.id, 'gone?');
    await expect
      .poll(() => undeliveredOf(deleted.id), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ code: 'AGENT_UNAVAILABLE' })]);
  });
});
