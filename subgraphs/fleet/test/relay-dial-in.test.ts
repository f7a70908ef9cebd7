/**
 * Dial-in end to end: a gateway registered without a URL runs the bridge (`ops/gateway-bridge`), which
 * follows its inbox over graphql-ws on the fleet subgraph served on loopback (as the registered gateway)
 * and speaks OpenClaw to the simulator beside it. The agent is provisioned through the inbox, calls made
 * through a `DialInLink` reach the simulator, and a chat message round-trips: `chat.messageSent` → relay → inbox → bridge →
 * simulator → events back through `gatewayEvents` (batched, in order) → `fleet.agentReply` deltas and one
 * final. Only a gateway has an inbox.
 */
import { randomUUID } from 'node:crypto';
import { DialInLink, DialOutLink, sessionKeyFor } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import { type DomainEvent, type ServedSubgraph, serveSubgraph, signIdentity } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayBridge } from '../../../ops/gateway-bridge/bridge.ts';
import type { AgentReply } from '../src/domain-events.ts';
import { DialInService } from '../src/relay/dial-in.ts';
import {
  agentIdentity,
  chatMessage,
  codes,
  collectEvents,
  type FleetStack,
  makeOrg,
  registerGateway,
  SIGNING_SECRET,
  startFleetStack,
} from './fixtures.ts';

const TOKEN = 'sim-dial-in-token';
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id } ... on DomainError { code field } } }`;
const CHECK_IN = `mutation { agentCheckIn { ... on Agent { status } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status wakeAttempts } }`;

describe.each(DATABASE_KINDS)('chat through a dial-in gateway on %s', (kind) => {
  let stack: FleetStack;
  let served: ServedSubgraph;
  let sim: GatewaySimulator;
  let local: DialOutLink;
  const replies: DomainEvent<AgentReply>[] = [];

  beforeAll(async () => {
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10, replyChunks: 3 }).start();
    local = new DialOutLink({
      url: sim.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 3_000,
    });
    stack = await startFleetStack(kind, {
      env: { GATEWAY_REQUEST_TIMEOUT_MS: '3000', CHAT_RELAY_RETRY_MS: '50', CHAT_RELAY_RETRY_MAX_MS: '250' },
    });
    served = await serveSubgraph(stack.fleet.instance, stack.fleet.runtime, {
      port: 0,
      host: '127.0.0.1',
      secret: SIGNING_SECRET,
    });
    await collectEvents(stack, 'dial-in-test', 'fleet.agentReply', replies);
  });
  afterAll(async () => {
    await served?.close();
    await stack?.close();
    await local?.close();
    await sim?.stop();
  });

  it('provisioning calls and a chat message round-trip through the inbox, the bridge and the simulator', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    const errors: unknown[] = [];
    const bridge = new GatewayBridge({
      url: served.url,
      connectionParams: async () => ({ 'x-mc-identity': await signIdentity(SIGNING_SECRET, gateway.caller) }),
      local,
      onError: (error) => errors.push(error),
    });
    await bridge.start();
    try {
      // The agent, created in fleet and provisioned on the gateway through its inbox (no URL to dial).
      const agent = (
        await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Remote', gatewayId: gateway.gateway.id } })
      ).createAgent as { id: string };
      const link = new DialInLink(new DialInService(stack.fleet.runtime, 15_000).transport(gateway.gateway.id), {
        requestTimeoutMs: 3_000,
      });
      await expect
        .poll(() => link.connect().then((hello) => hello.serverVersion), { timeout: 10_000 })
        .toBe(sim.version);
      const remoteId = `mc-${agent.id}`;
      await expect
        .poll(async () => (await stack.ok(org.owner, AGENT, { id: agent.id })).agent.wakeAttempts, { timeout: 10_000 })
        .toBe(1);
      expect((await local.listAgents()).map((a) => a.id)).toContain(remoteId);
      // Idempotent: the agent provisioning created is there already.
      expect(await link.createAgent({ agentId: remoteId, name: 'Remote' })).toMatchObject({ created: false });
      const missing = await link.updateAgent({ agentId: 'nobody', name: 'x' }).catch((error) => error);
      expect(missing).toMatchObject({ code: 'NOT_FOUND' });
      // Requests in flight together on one gateway each get their own answer.
      const together = await Promise.all([
        link.readAgentFile(remoteId, 'IDENTITY.md'),
        link.listAgents(),
        link.updateAgent({ agentId: 'nobody-2', name: 'x' }).catch((error) => error),
        link.readAgentFile(remoteId, 'SOUL.md'),
      ]);
      expect(together[0]).toMatchObject({ name: 'IDENTITY.md' });
      expect((together[1] as { id: string }[]).map((a) => a.id)).toContain(remoteId);
      expect(together[2]).toMatchObject({ code: 'NOT_FOUND' });
      expect(together[3]).toMatchObject({ name: 'SOUL.md' });
      await link.close();
      await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);

      const message = chatMessage(org.id, agent.id, 'hello over dial-in');
      await stack.fleet.runtime.events.stream.append([
        {
          id: randomUUID(),
          topic: 'chat.messageSent',
          organizationId: org.id,
          actor: null,
          occurredAt: new Date().toISOString(),
          payload: message,
        },
      ]);
      const parts = () => replies.filter((event) => event.payload.runId === message.messageId).map((e) => e.payload);
      await expect.poll(() => parts().filter((part) => part.part !== 'delta').length, { timeout: 15_000 }).toBe(1);
      const final = parts().at(-1) as AgentReply;
      expect(final).toMatchObject({ part: 'final', text: expect.stringContaining('You said: hello over dial-in') });
      const deltas = parts().filter((part) => part.part === 'delta');
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.map((part) => part.text).join('')).toBe(final.text);
      const history = await local.chatHistory(sessionKeyFor(remoteId, `h5-${message.sessionId}`));
      expect(history.map((entry) => [entry.role, entry.runId])).toEqual([
        ['user', message.messageId],
        ['assistant', message.messageId],
      ]);
      expect(bridge.sequence).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await bridge.stop();
    }
  });

  it('only a gateway reads and answers an inbox', async () => {
    const org = await makeOrg(stack);
    const answered = await stack.run(org.owner, `mutation { gatewayAnswer(input: { requestId: "r1", result: "1" }) }`);
    expect(codes(answered)).toEqual(['FORBIDDEN']);
    const event = await stack.run(agentIdentity(randomUUID(), org.id), `mutation { gatewayEvent(event: "{}") }`);
    expect(codes(event)).toEqual(['FORBIDDEN']);
    const gateway = await registerGateway(stack, org);
    const bad = await stack.run(gateway.caller, `mutation { gatewayEvent(event: "not json") }`);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const batch = await stack.run(agentIdentity(randomUUID(), org.id), `mutation { gatewayEvents(events: ["{}"]) }`);
    expect(codes(batch)).toEqual(['FORBIDDEN']);
  });

  it('passes a batch of events on in order, and refuses a batch with a malformed event whole', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    const other = await registerGateway(stack, org);
    const seen: unknown[] = [];
    const otherSeen: unknown[] = [];
    const service = new DialInService(stack.fleet.runtime, 15_000);
    const off = service.transport(gateway.gateway.id).onEvent((event) => seen.push(event));
    const offOther = service.transport(other.gateway.id).onEvent((event) => otherSeen.push(event));
    const EVENTS = `mutation($events: [String!]!) { gatewayEvents(events: $events) }`;
    const delta = (n: number) => ({ type: 'chat.delta', runId: 'r1', text: 'x'.repeat(n), deltaText: 'x' });
    try {
      // Live once an event sent alone arrives.
      await expect
        .poll(async () => {
          await stack.run(gateway.caller, EVENTS, { events: [JSON.stringify({ type: 'probe' })] });
          return seen.length;
        })
        .toBeGreaterThan(0);
      await expect.poll(() => otherSeen.length).toBe(0);
      seen.length = 0;
      const batch = [1, 2, 3, 4, 5].map((n) => delta(n));
      batch.push({ type: 'chat.final', runId: 'r1', text: 'xxxxx', deltaText: '' });
      const sent = await stack.run(gateway.caller, EVENTS, { events: batch.map((event) => JSON.stringify(event)) });
      expect(sent.errors).toBeUndefined();
      await expect.poll(() => seen.length).toBe(6);
      expect(seen).toEqual(batch);

      const refused = await stack.run(gateway.caller, EVENTS, {
        events: [JSON.stringify(delta(6)), 'not json', JSON.stringify(delta(7))],
      });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0].extensions?.field).toBe('events.1');
      const tooMany = await stack.run(gateway.caller, EVENTS, {
        events: Array.from({ length: 201 }, () => JSON.stringify(delta(1))),
      });
      expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Nothing of a refused batch went out; the other gateway saw none of this one's events.
      expect(seen).toEqual(batch);
      expect(otherSeen).toEqual([]);
    } finally {
      off();
      offOther();
    }
  });
});
