/**
 * A mention told, and a webhook payload handed over, through a dial-in gateway: registered without a
 * URL, its bridge (`ops/gateway-bridge`) follows the inbox on the fleet subgraph served on loopback and
 * runs the `sendChat` on the simulator beside it, so the agent's main session gets each once.
 */
import { randomUUID } from 'node:crypto';
import { DialOutLink, sessionKeyFor } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import { type DomainEvent, type ServedSubgraph, serveSubgraph, signIdentity } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import type { AgentMentioned, WebhookDelivered } from '@mc/kit/topics/work';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayBridge } from '../../../ops/gateway-bridge/bridge.ts';
import {
  agentIdentity,
  type FleetStack,
  makeOrg,
  registerGateway,
  SIGNING_SECRET,
  startFleetStack,
} from './fixtures.ts';

const TOKEN = 'sim-mention-dial-in-token';
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id } ... on DomainError { code field } } }`;
const CHECK_IN = `mutation { agentCheckIn { ... on Agent { status } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status wakeAttempts } }`;

describe.each(DATABASE_KINDS)('mentions through a dial-in gateway on %s', (kind) => {
  let stack: FleetStack;
  let served: ServedSubgraph;
  let sim: GatewaySimulator;
  let local: DialOutLink;

  beforeAll(async () => {
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    local = new DialOutLink({
      url: sim.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 3_000,
    });
    stack = await startFleetStack(kind, {
      env: {
        GATEWAY_REQUEST_TIMEOUT_MS: '3000',
        MENTION_RELAY_RETRY_MS: '50',
        MENTION_RELAY_RETRY_MAX_MS: '250',
        WEBHOOK_RELAY_RETRY_MS: '50',
        WEBHOOK_RELAY_RETRY_MAX_MS: '250',
      },
    });
    served = await serveSubgraph(stack.fleet.instance, stack.fleet.runtime, {
      port: 0,
      host: '127.0.0.1',
      secret: SIGNING_SECRET,
    });
  });
  afterAll(async () => {
    await served?.close();
    await stack?.close();
    await local?.close();
    await sim?.stop();
  });

  it('the mention and a webhook payload reach the agent’s main session through the inbox and the bridge', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    const bridge = new GatewayBridge({
      url: served.url,
      connectionParams: async () => ({ 'x-mc-identity': await signIdentity(SIGNING_SECRET, gateway.caller) }),
      local,
      onError: () => {},
    });
    await bridge.start();
    try {
      const agent = (
        await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Remote', gatewayId: gateway.gateway.id } })
      ).createAgent as { id: string };
      await expect
        .poll(async () => (await stack.ok(org.owner, AGENT, { id: agent.id })).agent.wakeAttempts, { timeout: 15_000 })
        .toBe(1);
      await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);

      const event: DomainEvent<AgentMentioned> = {
        id: randomUUID(),
        topic: 'work.agentMentioned',
        organizationId: org.id,
        actor: { kind: 'user', id: randomUUID() },
        occurredAt: new Date().toISOString(),
        payload: {
          boardId: randomUUID(),
          taskId: randomUUID(),
          commentId: randomUUID(),
          agentId: agent.id,
          token: 'Remote',
          excerpt: '@Remote can you take this one?',
          taskTitle: 'Fix the build',
          boardName: 'Ops',
          authorName: 'ops@example.test',
        },
      };
      await stack.fleet.runtime.events.stream.append([event]);
      const told = async () =>
        (await local.chatHistory(sessionKeyFor(`mc-${agent.id}`))).filter(
          (entry) => entry.role === 'user' && entry.text.includes('mentioned you'),
        );
      await expect.poll(async () => (await told()).length, { timeout: 15_000 }).toBe(1);
      const [message] = await told();
      expect(message.text).toContain('ops@example.test mentioned you (@Remote)');
      expect(message.text).toContain('task "Fix the build" (board "Ops")');
      expect(message.text).toContain('@Remote can you take this one?');

      const delivered: DomainEvent<WebhookDelivered> = {
        id: randomUUID(),
        topic: 'work.webhookDelivered',
        organizationId: org.id,
        actor: { kind: 'system', id: 'work' },
        occurredAt: new Date().toISOString(),
        payload: {
          boardId: randomUUID(),
          webhookId: randomUUID(),
          deliveryId: randomUUID(),
          targetAgentId: agent.id,
          contentType: 'text/plain',
          body: 'nightly build failed',
        },
      };
      await stack.fleet.runtime.events.stream.append([delivered]);
      await stack.fleet.runtime.events.stream.append([delivered]);
      const handed = async () =>
        (await local.chatHistory(sessionKeyFor(`mc-${agent.id}`))).filter(
          (entry) => entry.role === 'user' && entry.text.includes('A webhook payload arrived'),
        );
      await expect.poll(async () => (await handed()).length, { timeout: 15_000 }).toBe(1);
      const [payload] = await handed();
      expect(payload.text).toContain(
        `(webhook ${delivered.payload.webhookId}, delivery ${delivered.payload.deliveryId})`,
      );
      expect(payload.text).toContain('Content type: text/plain\n\nnightly build failed');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await handed()).toHaveLength(1);
    } finally {
      await bridge.stop();
    }
  });
});
