/**
 * Webhook payloads reach their agent, against the OpenClaw gateway simulator: work's
 * `work.webhookDelivered` (appended to fleet's event stream as work's outbox relay would) reaches the
 * agent's main session once, with the board, the webhook, the content type and the body; an agent not
 * ONLINE yet or a gateway that is down holds the payload until it can be delivered; past the hold, and
 * at once for an unknown, another organization's or a deleted agent, it is recorded as
 * `fleet.webhookUndelivered` (never dropped silently).
 */
import { randomUUID } from 'node:crypto';
import { DialOutLink, sessionKeyFor } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import type { DomainEvent } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import type { WebhookUndelivered } from '@mc/kit/topics/fleet';
import type { WebhookDelivered } from '@mc/kit/topics/work';
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

const TOKEN = 'sim-webhook-token-123';
const HOLD_SECONDS = 3;

describe.each(DATABASE_KINDS)('webhook payloads handed to agents on %s', (kind) => {
  let stack: FleetStack;
  let sim: GatewaySimulator;
  const undelivered: DomainEvent<WebhookUndelivered>[] = [];

  beforeAll(async () => {
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    stack = await startFleetStack(kind, {
      env: {
        GATEWAY_REQUEST_TIMEOUT_MS: '2000',
        AGENT_CHECKIN_TIMEOUT_MS: '60000',
        WEBHOOK_RELAY_HOLD_SECONDS: String(HOLD_SECONDS),
        WEBHOOK_RELAY_RETRY_MS: '50',
        WEBHOOK_RELAY_RETRY_MAX_MS: '250',
      },
    });
    await collectEvents(stack, 'webhook-notice-test', 'fleet.webhookUndelivered', undelivered);
  });
  afterAll(async () => {
    await stack?.close();
    await sim?.stop();
  });

  async function agentOn(org: TestOrg, gatewaySim: GatewaySimulator, checkIn = true) {
    const agent = await simulatedAgent(stack, org, gatewaySim, TOKEN, checkIn);
    return { id: agent.id, sessionKey: sessionKeyFor(agent.remoteId) };
  }

  /** What work's outbox relay puts on the stream when a payload is DELIVERED to `agentId`. */
  async function handedOver(
    org: TestOrg,
    agentId: string,
    body: string,
    contentType: string | null = 'application/json',
  ) {
    const event: DomainEvent<WebhookDelivered> = {
      id: randomUUID(),
      topic: 'work.webhookDelivered',
      organizationId: org.id,
      actor: { kind: 'system', id: 'work' },
      occurredAt: new Date().toISOString(),
      payload: {
        boardId: randomUUID(),
        webhookId: randomUUID(),
        deliveryId: randomUUID(),
        targetAgentId: agentId,
        contentType,
        body,
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
      const history = await link.chatHistory(sessionKey, { limit: 50 });
      return history.filter((entry) => entry.role === 'user' && entry.text.includes('A webhook payload arrived'));
    } finally {
      await link.close();
    }
  };
  const undeliveredOf = (eventId: string) =>
    undelivered.filter((event) => event.payload.webhookEventId === eventId).map((event) => event.payload);

  it('hands the payload to the agent in its main session, once, with the board, webhook and body', async () => {
    const org = await makeOrg(stack);
    const agent = await agentOn(org, sim);
    const body = JSON.stringify({ event: 'push', ref: 'main' });
    const event = await handedOver(org, agent.id, body);
    await expect.poll(async () => (await toldIn(sim, agent.sessionKey)).length, { timeout: 10_000 }).toBe(1);
    const [message] = await toldIn(sim, agent.sessionKey);
    const { boardId, webhookId, deliveryId } = event.payload;
    expect(message.text).toBe(
      [
        `A webhook payload arrived for you on board ${boardId} (webhook ${webhookId}, delivery ${deliveryId}).`,
        'Content type: application/json',
        '',
        body,
      ].join('\n'),
    );
    // The same event delivered again (at-least-once) hands nothing over twice.
    await stack.fleet.runtime.events.stream.append([event]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await toldIn(sim, agent.sessionKey)).toHaveLength(1);
    expect(undeliveredOf(event.id)).toEqual([]);

    // A large body is cut, and the text says so.
    const big = 'y'.repeat(20_000);
    await handedOver(org, agent.id, big, null);
    await expect.poll(async () => (await toldIn(sim, agent.sessionKey)).length, { timeout: 10_000 }).toBe(2);
    const cut = (await toldIn(sim, agent.sessionKey)).find((entry) => entry.text.includes('yyy'));
    expect(cut?.text).toContain('Content type: unknown');
    expect(cut?.text).toContain(`${'y'.repeat(16_000)}\n\n[Body cut: the first 16000 of 20000 characters are shown.]`);
    expect(cut?.text).not.toContain('y'.repeat(16_001));
  });

  it('holds the payload for an agent not ONLINE yet, and while its gateway is down', async () => {
    const org = await makeOrg(stack);
    const waiting = await agentOn(org, sim, false);
    const early = await handedOver(org, waiting.id, 'first build finished');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await toldIn(sim, waiting.sessionKey)).toEqual([]);
    await stack.ok(agentIdentity(waiting.id, org.id), CHECK_IN);
    await expect.poll(async () => (await toldIn(sim, waiting.sessionKey)).length, { timeout: 10_000 }).toBe(1);
    expect(undeliveredOf(early.id)).toEqual([]);

    const downSim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    try {
      const agent = await agentOn(org, downSim);
      await downSim.stop();
      const held = await handedOver(org, agent.id, 'deploy failed');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await downSim.start();
      await expect
        .poll(async () => (await toldIn(downSim, agent.sessionKey)).map((m) => m.text.endsWith('deploy failed')), {
          timeout: 10_000,
        })
        .toEqual([true]);
      expect(undeliveredOf(held.id)).toEqual([]);
    } finally {
      await downSim.stop();
    }
  });

  it('records it undelivered past the hold, and at once for a deleted, unknown or foreign agent', async () => {
    const org = await makeOrg(stack);
    const downSim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    const agent = await agentOn(org, downSim);
    await downSim.stop();
    const started = Date.now();
    const held = await handedOver(org, agent.id, 'hello?');
    await expect
      .poll(() => undeliveredOf(held.id), { timeout: (HOLD_SECONDS + 5) * 1000 })
      .toEqual([
        expect.objectContaining({
          code: 'GATEWAY_OFFLINE',
          agentId: agent.id,
          boardId: held.payload.boardId,
          webhookId: held.payload.webhookId,
          deliveryId: held.payload.deliveryId,
        }),
      ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_SECONDS * 1000 - 100);
    const record = undelivered.find((event) => event.payload.webhookEventId === held.id);
    expect(record).toMatchObject({ organizationId: org.id, actor: { kind: 'system', id: 'fleet' } });

    const unknown = await handedOver(org, randomUUID(), 'anyone?');
    await expect
      .poll(() => undeliveredOf(unknown.id), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ code: 'AGENT_UNAVAILABLE' })]);
    // Another organization's agent is as unknown as a random id.
    const other = await makeOrg(stack);
    const foreign = await handedOver(other, agent.id, 'not yours');
    await expect
      .poll(() => undeliveredOf(foreign.id), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ code: 'AGENT_UNAVAILABLE' })]);
    await stack.ok(org.owner, DELETE_AGENT, { id: agent.id });
    const deleted = await handedOver(org, agent.id, 'gone?');
    await expect
      .poll(() => undeliveredOf(deleted.id), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ code: 'AGENT_UNAVAILABLE' })]);
  });
});
