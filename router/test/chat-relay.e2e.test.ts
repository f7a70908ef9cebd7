/**
 * Chat relayed through the fleet to a gateway, end to end with real processes on PostgreSQL + Redis:
 * the OpenClaw gateway simulator runs as its own process; an admin creates the gateway (its URL) and
 * an agent, which fleet's orchestrator provisions there (create, files, session, wake); the agent checks
 * in with its token; the admin assigns an H5 user, who sends a message through the router and gets the
 * agent's streamed reply live over `chatEvents` (deltas, then the stored reply), and in the history.
 * Then the same through a dial-in gateway: registered without a URL, it runs `ops/gateway-bridge`,
 * which follows its inbox through the router with its `mcg_` credential and answers from the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminStack } from './support/admin-stack.ts';
import {
  chatSession,
  checkInAgent,
  gatewayBridge,
  registerDialInGateway,
  simulatorLink,
} from './support/chat-fixtures.ts';
import { bearer, gql } from './support/processes.ts';
import { sharedAdminStack } from './support/shared-stack.ts';
import { useSimulator } from './support/simulator.ts';
import { connect, type TestSocket } from './support/subscription-fixtures/client.ts';

const GATEWAY_TOKEN = 'simulated-gateway-token-e2e';

const CREATE_GATEWAY = `mutation($input: CreateGatewayInput!) { createGateway(input: $input) {
  __typename ... on Gateway { id } ... on DomainError { code field } } }`;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id status } ... on DomainError { code field } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status wakeAttempts lastError } }`;
const MESSAGE = 'id sequence author text status runId error';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('chat relayed to a gateway through the router', () => {
  let admin: AdminStack;
  const adminIn = (orgId: string) => bearer(admin.stack.env.LOCAL_AUTH_TOKEN, orgId);
  const simulator = useSimulator(GATEWAY_TOKEN);
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    admin = await sharedAdminStack();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await admin?.stop();
  });

  /**
   * An H5 user registers and logs in, the admin assigns them to the agent (once chat has heard of both),
   * they open their session and follow it over graphql-ws through the router.
   */
  async function h5Session(orgId: string, agentId: string, agentName: string) {
    const url = admin.stack.routerUrl;
    const { h5, assignment, sessionId } = await chatSession(url, adminIn(orgId), orgId, agentId, {
      emailPrefix: 'relay',
      online: true,
      timeoutMs: 20_000,
    });
    expect(assignment.agent).toEqual({ name: agentName, online: true });
    const socket = connect(url, { authorization: h5.authorization });
    sockets.push(socket);
    const live = socket.subscribe(
      `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
        type sequence message { ${MESSAGE} } delta { runId text sequence } } }`,
      { sessionId, after: 0 },
    );
    await live.waitFor(1);
    return { h5, sessionId, live };
  }

  it('provisioned agent → assigned H5 user sends → streamed reply over chatEvents, stored once', async () => {
    const url = admin.stack.routerUrl;
    const orgId = await admin.organization('Relay');

    const gateway = await admin.call(
      CREATE_GATEWAY,
      { input: { name: 'sim', url: simulator.url, token: GATEWAY_TOKEN, workspaceRoot: '/srv/agents' } },
      orgId,
    );
    expect(gateway.data.createGateway.__typename).toBe('Gateway');
    const created = await admin.call(
      CREATE_AGENT,
      { input: { name: 'Ada', gatewayId: gateway.data.createGateway.id } },
      orgId,
    );
    expect(created.data.createAgent).toMatchObject({ __typename: 'Agent', status: 'PROVISIONING' });
    const agentId: string = created.data.createAgent.id;
    // The orchestrator provisions it on the simulator and wakes it; the agent checks in with its token.
    const woken = await eventually(
      () => admin.call(AGENT, { id: agentId }, orgId),
      (r) => r.data.agent.wakeAttempts >= 1,
      30_000,
    );
    expect(woken.data.agent).toMatchObject({ status: 'PROVISIONING', lastError: null });
    expect(await checkInAgent(url, adminIn(orgId), agentId)).toEqual({ __typename: 'Agent', status: 'ONLINE' });

    const { h5, sessionId, live } = await h5Session(orgId, agentId, 'Ada');
    const sent = await gql(
      url,
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on ChatMessage { ${MESSAGE} } } }`,
      { input: { sessionId, clientMessageId: 'phone-1', text: 'Hello Ada' } },
      h5,
    );
    expect(sent.body.data.sendMessage).toMatchObject({ __typename: 'ChatMessage', sequence: 1, status: 'SENT' });
    const messageId: string = sent.body.data.sendMessage.id;

    const expected = `Hello from mc-${agentId} on the simulated gateway. You said: Hello Ada`;
    const events = async () => live.results.map((result) => result.data.chatEvents);
    const all = await eventually(events, (list) =>
      list.some((event) => event.type === 'MESSAGE_CREATED' && event.message.author === 'AGENT'),
    );
    const deltas = all.filter((event) => event.type === 'REPLY_DELTA').map((event) => event.delta);
    expect(deltas.length).toBeGreaterThan(0);
    expect(new Set(deltas.map((delta) => delta.runId))).toEqual(new Set([messageId]));
    const ordered = [...deltas].sort((a, b) => a.sequence - b.sequence);
    expect(ordered.map((delta) => delta.text).join('')).toBe(expected);
    const stored = all.filter((event) => event.type === 'MESSAGE_CREATED').map((event) => event.message);
    expect(stored.map((message) => [message.sequence, message.author, message.text])).toEqual([
      [1, 'H5_USER', 'Hello Ada'],
      [2, 'AGENT', expected],
    ]);
    expect(stored[1]).toMatchObject({ status: 'SENT', runId: messageId, error: null });

    // The history has the reply once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const history = await gql(
      url,
      `query($id: ID!) { chatSession(id: $id) { messages(first: 10) { nodes { author text } } } }`,
      { id: sessionId },
      h5,
    );
    expect(history.body.data.chatSession.messages.nodes).toEqual([
      { author: 'H5_USER', text: 'Hello Ada' },
      { author: 'AGENT', text: expected },
    ]);
    live.unsubscribe();
  }, 120_000);
  it('through a dial-in gateway: the bridge follows its inbox through the router and answers from the simulator', async () => {
    const url = admin.stack.routerUrl;
    const orgId = await admin.organization('Dial-in');
    // Registered without a URL: Mission Control cannot dial it, the bridge beside it dials in.
    const { credential, gateway } = await registerDialInGateway(url, adminIn(orgId), 'behind-nat');
    const local = simulatorLink(simulator.url, GATEWAY_TOKEN);
    const errors: unknown[] = [];
    const bridge = gatewayBridge(url, credential, local, (error) => errors.push(error));
    bridge.start();
    try {
      const created = await admin.call(CREATE_AGENT, { input: { name: 'Nat', gatewayId: gateway.id } }, orgId);
      const agentId: string = created.data.createAgent.id;
      // Fleet provisions it through the bridge (router/test/fleet-dial-in.e2e.test.ts covers that); made
      // here too (idempotent) so the chat part does not wait for it.
      await local.createAgent({ agentId: `mc-${agentId}`, name: 'Nat' });
      expect(await checkInAgent(url, adminIn(orgId), agentId)).toEqual({ __typename: 'Agent', status: 'ONLINE' });

      const { h5, sessionId, live } = await h5Session(orgId, agentId, 'Nat');
      const sent = await gql(
        url,
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on ChatMessage { ${MESSAGE} } } }`,
        { input: { sessionId, clientMessageId: 'nat-1', text: 'Hi Nat' } },
        h5,
      );
      expect(sent.body.data.sendMessage).toMatchObject({ __typename: 'ChatMessage', status: 'SENT' });
      const expected = `Hello from mc-${agentId} on the simulated gateway. You said: Hi Nat`;
      const all = await eventually(
        async () => live.results.map((result) => result.data.chatEvents),
        (list) => list.some((event) => event.type === 'MESSAGE_CREATED' && event.message.author === 'AGENT'),
        30_000,
      );
      const stored = all.filter((event) => event.type === 'MESSAGE_CREATED').map((event) => event.message);
      expect(stored.map((message) => [message.author, message.text])).toEqual([
        ['H5_USER', 'Hi Nat'],
        ['AGENT', expected],
      ]);
      const deltas = all.filter((event) => event.type === 'REPLY_DELTA').map((event) => event.delta.text);
      expect(deltas.join('')).toBe(expected);
      expect(errors).toEqual([]);
    } finally {
      await bridge.stop();
      await local.close();
    }
  }, 120_000);
});
