/**
 * Chat relayed to a gateway in the embedded mode (`ops/mc start`: router and every subgraph in one
 * process on PGlite, the in-process bus, event stream and database job queue): the OpenClaw gateway
 * simulator runs as its own process and streams each reply in parts; an admin creates the gateway and
 * an agent, fleet provisions it there, the agent checks in; an H5 user assigned to it sends a message
 * through the router and follows `chatEvents` over graphql-ws: the reply's parts arrive live, in
 * order, then the stored reply once, and the history has it once. (The reply once never came here:
 * fleet queued the relay job inside its inbox transaction, and in one PGlite session the job queue's
 * insert waited for that transaction for ever — every subgraph's database work stalled with it.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSession, checkInAgent, createOrganization } from './support/chat-fixtures.ts';
import { bearer, type EmbeddedStack, gql, type Proc, startEmbedded, startSimulator } from './support/processes.ts';
import { connect, eventually, type TestSocket } from './support/subscription-fixtures/client.ts';

const GATEWAY_TOKEN = 'simulated-gateway-token-embedded';
const MESSAGE = 'id sequence author text status runId error';
const CHAT_EVENTS = `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
  type sequence message { ${MESSAGE} } delta { runId text sequence } } }`;

describe('chat relayed to a gateway in the embedded mode', () => {
  let stack: EmbeddedStack;
  let simulator: Proc;
  let simulatorUrl: string;
  const sockets: TestSocket[] = [];
  const api = (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
    gql(stack.url, query, variables, headers).then((response) => response.body);

  beforeAll(async () => {
    // Three parts 150 ms apart: the parts reach the client one by one before the final reply.
    const started = await startSimulator(GATEWAY_TOKEN, ['--reply-chunks', '3', '--reply-chunk-delay-ms', '150']);
    simulator = started.proc;
    simulatorUrl = started.url;
    stack = await startEmbedded();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await stack?.stop();
    await simulator?.stop();
  });

  it('an assigned H5 user sends → the streamed reply arrives part by part over chatEvents, stored once', async () => {
    const admin = (orgId?: string) => bearer(stack.token, orgId);
    const orgId = await createOrganization(stack.url, stack.token, 'Embedded Chat');
    const gateway = await api(
      `mutation($input: CreateGatewayInput!) { createGateway(input: $input) {
        __typename ... on Gateway { id } ... on DomainError { code message } } }`,
      { input: { name: 'sim', url: simulatorUrl, token: GATEWAY_TOKEN, workspaceRoot: '/srv/agents' } },
      admin(orgId),
    );
    expect(gateway.data.createGateway.__typename, JSON.stringify(gateway)).toBe('Gateway');
    const created = await api(
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
        __typename ... on Agent { id status } ... on DomainError { code message } } }`,
      { input: { name: 'Ada', gatewayId: gateway.data.createGateway.id } },
      admin(orgId),
    );
    expect(created.data.createAgent.__typename, JSON.stringify(created)).toBe('Agent');
    const agentId: string = created.data.createAgent.id;
    // Fleet provisions it on the simulator and wakes it; the agent checks in with its token.
    const woken = await eventually(
      () => api('query($id: ID!) { agent(id: $id) { status wakeAttempts lastError } }', { id: agentId }, admin(orgId)),
      (r) => r.data.agent.wakeAttempts >= 1,
      60_000,
    );
    expect(woken.data.agent.lastError).toBeNull();
    expect(await checkInAgent(stack.url, admin(orgId), agentId)).toEqual({ __typename: 'Agent', status: 'ONLINE' });

    // An H5 user registers and logs in; the admin assigns the agent once chat heard of both (and of ONLINE).
    const { h5, assignment, sessionId } = await chatSession(stack.url, admin(orgId), orgId, agentId, {
      emailPrefix: 'embedded',
      online: true,
    });
    expect(assignment.agent).toEqual({ name: 'Ada', online: true });

    const socket = connect(stack.url, { authorization: h5.authorization });
    sockets.push(socket);
    const live = socket.subscribe(CHAT_EVENTS, { sessionId, after: 0 });
    // The first event (the agent's presence) says the subscription is live.
    const [presence] = await live.waitFor(1);
    expect(presence?.errors).toBeUndefined();

    const sent = await api(
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on ChatMessage { ${MESSAGE} } } }`,
      { input: { sessionId, clientMessageId: 'embedded-1', text: 'Hello Ada' } },
      h5,
    );
    expect(sent.data.sendMessage).toMatchObject({ __typename: 'ChatMessage', sequence: 1, status: 'SENT' });
    const messageId: string = sent.data.sendMessage.id;

    const expected = `Hello from mc-${agentId} on the simulated gateway. You said: Hello Ada`;
    const events = async () => live.results.map((result) => result.data?.chatEvents);
    const all = await eventually(
      events,
      (list) => list.some((event) => event?.type === 'MESSAGE_CREATED' && event.message.author === 'AGENT'),
      30_000,
    );
    expect(live.results.flatMap((result) => result.errors ?? [])).toEqual([]);
    const deltas = all.filter((event) => event.type === 'REPLY_DELTA').map((event) => event.delta);
    expect(deltas.map((delta) => delta.sequence)).toEqual([1, 2, 3]);
    expect(new Set(deltas.map((delta) => delta.runId))).toEqual(new Set([messageId]));
    expect(deltas.map((delta) => delta.text).join('')).toBe(expected);
    // Every part arrived before the stored reply.
    const replyAt = all.findIndex((event) => event.type === 'MESSAGE_CREATED' && event.message.author === 'AGENT');
    expect(all.findLastIndex((event) => event.type === 'REPLY_DELTA')).toBeLessThan(replyAt);
    const stored = all.filter((event) => event.type === 'MESSAGE_CREATED').map((event) => event.message);
    expect(stored.map((message) => [message.sequence, message.author, message.text])).toEqual([
      [1, 'H5_USER', 'Hello Ada'],
      [2, 'AGENT', expected],
    ]);
    expect(stored[1]).toMatchObject({ status: 'SENT', runId: messageId, error: null });

    // The history has the reply once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const history = await api(
      'query($id: ID!) { chatSession(id: $id) { messages(first: 10) { nodes { author text } } } }',
      { id: sessionId },
      h5,
    );
    expect(history.data.chatSession.messages.nodes).toEqual([
      { author: 'H5_USER', text: 'Hello Ada' },
      { author: 'AGENT', text: expected },
    ]);
    live.unsubscribe();
  }, 150_000);
});
