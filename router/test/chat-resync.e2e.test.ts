/**
 * RESYNC_REQUIRED through the router: an H5 user's `chatEvents` subscriber that falls more than
 * `CHAT_STREAM_BUFFER_SIZE` live events behind is told to resync — the code reaches the client over the
 * router's graphql-ws and the operation completes — and subscribing again with `after:` the last
 * sequence it received gives every later event exactly once, none missing.
 *
 * Forced on an embedded stack with a buffer of 2: the user sends ten messages while the agent is not
 * ONLINE (PENDING); the agent checks in, and chat marks all ten SENT in one transaction and publishes
 * the ten MESSAGE_UPDATED events at once — more than the subscriber's buffer can hold while chat's
 * socket server is still writing the first one to the router.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSession, checkInAgent, createOrganization } from './support/chat-fixtures.ts';
import { bearer, type EmbeddedStack, gql, startEmbedded } from './support/processes.ts';
import { connect, eventually, type TestSocket } from './support/subscription-fixtures/client.ts';

const BUFFER = 2;
const MESSAGES = 10;
const CHAT_EVENTS = `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
  type sequence message { id text status } } }`;

type Result = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };

describe('chatEvents RESYNC_REQUIRED through the router', () => {
  let stack: EmbeddedStack;
  const sockets: TestSocket[] = [];
  const api = (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
    gql(stack.url, query, variables, headers).then((response) => response.body);

  beforeAll(async () => {
    stack = await startEmbedded(undefined, { CHAT_STREAM_BUFFER_SIZE: String(BUFFER) });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await stack?.stop();
  });

  it('a subscriber too far behind gets RESYNC_REQUIRED; resuming after its last sequence gives every event once', async () => {
    const orgId = await createOrganization(stack.url, stack.token, 'Resync');
    const admin = bearer(stack.token, orgId);
    // A gateway nobody answers at: the agent is not ONLINE until it checks in itself.
    const gateway = await api(
      `mutation($input: CreateGatewayInput!) { createGateway(input: $input) { ... on Gateway { id } } }`,
      { input: { name: 'nowhere', url: 'ws://127.0.0.1:9', workspaceRoot: '/srv/agents' } },
      admin,
    );
    const created = await api(
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on Agent { id } } }`,
      { input: { name: 'Ada', gatewayId: gateway.data.createGateway.id } },
      admin,
    );
    const agentId: string = created.data.createAgent.id;

    const { h5, assignment, sessionId } = await chatSession(stack.url, admin, orgId, agentId, {
      emailPrefix: 'resync',
    });
    expect(assignment.agent.online).toBe(false);

    const socket = connect(stack.url, { authorization: h5.authorization });
    sockets.push(socket);
    const slow = socket.subscribe(CHAT_EVENTS, { sessionId, after: 0 });
    expect((await slow.waitFor(1))[0]).toMatchObject({ data: { chatEvents: { type: 'PRESENCE' } } });

    // One at a time: each arrives live while the subscriber keeps up.
    for (let n = 1; n <= MESSAGES; n++) {
      const sent = await api(
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { ... on ChatMessage { sequence status } } }`,
        { input: { sessionId, clientMessageId: `m${n}`, text: `message ${n}` } },
        h5,
      );
      expect(sent.data.sendMessage).toEqual({ sequence: n, status: 'PENDING' });
    }
    await slow.waitFor(1 + MESSAGES);

    // The agent checks in: all ten become SENT at once, more than the subscriber's buffer.
    expect((await checkInAgent(stack.url, admin, agentId)).status).toBe('ONLINE');
    await slow.ended(30_000);
    expect(slow.error).toBeUndefined();
    expect(slow.completed).toBe(true);
    const ending = slow.results.at(-1) as Result;
    expect(ending.errors?.map((error) => error.extensions?.code)).toEqual(['RESYNC_REQUIRED']);
    expect(ending.data ?? null).toBeNull();
    const before = sequences(slow.results.slice(0, -1) as Result[]);
    // It fell behind somewhere inside the burst, not before it.
    expect(before.slice(0, MESSAGES)).toEqual(range(1, MESSAGES));
    expect(before.length).toBeLessThan(2 * MESSAGES);

    // The head: every message SENT (sequence 11..20 are their updates).
    const head = await eventually(
      () => api('query($id: ID!) { chatSession(id: $id) { lastSequence } }', { id: sessionId }, h5),
      (r) => r.data?.chatSession.lastSequence === 2 * MESSAGES,
    );
    expect(head.data.chatSession.lastSequence).toBe(2 * MESSAGES);

    // Resumed from the last sequence it holds: the rest once, nothing it already had.
    const resumed = socket.subscribe(CHAT_EVENTS, { sessionId, after: before.at(-1) });
    await eventually(
      async () => sequences(resumed.results as Result[]),
      (list) => list.at(-1) === 2 * MESSAGES,
    );
    expect(resumed.results.flatMap((result) => (result as Result).errors ?? [])).toEqual([]);
    const after = sequences(resumed.results as Result[]);
    expect([...before, ...after]).toEqual(range(1, 2 * MESSAGES));
    const updates = (resumed.results as Result[])
      .map((result) => result.data.chatEvents)
      .filter((event) => event.type === 'MESSAGE_UPDATED')
      .map((event) => [event.message.text, event.message.status]);
    expect(updates).toEqual(
      range(before.length + 1, 2 * MESSAGES).map((sequence) => [`message ${sequence - MESSAGES}`, 'SENT']),
    );
    resumed.unsubscribe();
  }, 150_000);
});

/** The sequence numbers of the durable events among `results`, in arrival order. */
function sequences(results: Result[]): number[] {
  return results.map((result) => result.data?.chatEvents?.sequence).filter((n): n is number => typeof n === 'number');
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
