/**
 * Chat through the router with real processes on PostgreSQL + Redis: an admin assigns an H5 user
 * (registered through identity, which announces it to chat as a durable event) to an agent (announced
 * by a simulated fleet on the same Redis event stream); the H5 user logs in, opens a session, sends
 * the same message twice (one message), follows the session over graphql-ws; the agent answers with
 * a real agent token; history shows both in order, and the subscription resumes without loss.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  announceAgent,
  assignWhenKnown,
  chatSession,
  createOrganization,
  fleetEvent,
  H5_PASSWORD,
  openChatSession,
  registerH5User,
  useSharedChatStack,
} from './support/chat-fixtures.ts';
import { bearer, gql } from './support/processes.ts';
import { connect } from './support/subscription-fixtures/client.ts';

const MESSAGE = 'id sequence author authorId text status clientMessageId';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('chat through the router', () => {
  const chat = useSharedChatStack();

  it('assign → register and log in → open → send twice → agent reply → history and subscription', async () => {
    const { stack, fleet, sockets } = chat;
    const url = stack.routerUrl;
    const admin = (orgId?: string) => bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
    const orgId = await createOrganization(url, stack.env.LOCAL_AUTH_TOKEN, 'Chat');

    // The agent, as fleet announces it.
    const agentId = randomUUID();
    await announceAgent(fleet, orgId, { agentId, name: 'Ada', status: 'ONLINE' });

    // The H5 user registers and logs in through identity.
    const user = await registerH5User(url, orgId);
    expect(user.registration.__typename).toBe('H5Session');
    const h5UserId = user.userId;
    const h5 = user.headers;

    // The admin assigns them (once chat has heard of both from the event streams).
    const assigned = await assignWhenKnown(url, admin(orgId), { agentId, h5UserId });
    expect(assigned.agent).toEqual({ name: 'Ada', online: true });

    const mine = await gql(url, '{ myChatAssignments { agent { id name } session { id } } }', {}, h5);
    expect(mine.body.data.myChatAssignments).toEqual([{ agent: { id: agentId, name: 'Ada' }, session: null }]);
    const sessionId = await openChatSession(url, h5, agentId);

    // The phone follows the session from the start.
    const socket = connect(url, { authorization: h5.authorization });
    sockets.push(socket);
    const EVENTS = `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
      type sequence message { id text author status } presence { online } } }`;
    const live = socket.subscribe(EVENTS, { sessionId, after: 0 });
    await live.waitFor(1);
    expect(live.results[0].data.chatEvents).toMatchObject({ type: 'PRESENCE', presence: { online: true } });

    const send = () =>
      gql(
        url,
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
          ... on ChatMessage { ${MESSAGE} } ... on DomainError { code } } }`,
        { input: { sessionId, clientMessageId: 'phone-1', text: 'Hello Ada' } },
        h5,
      );
    const first = (await send()).body.data.sendMessage;
    const retry = (await send()).body.data.sendMessage;
    expect(first).toMatchObject({ __typename: 'ChatMessage', sequence: 1, author: 'H5_USER', status: 'SENT' });
    expect(retry).toEqual(first);

    // The agent answers with its own token.
    const token = await gql(
      url,
      `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
        ... on CreatedMachineCredential { token } } }`,
      { input: { organizationId: orgId, agentId, name: 'ada' } },
      admin(orgId),
    );
    const agent = bearer(token.body.data.createAgentToken.token);
    const reply = await gql(
      url,
      `mutation($input: PostAgentMessageInput!) { postAgentMessage(input: $input) { __typename
        ... on ChatMessage { ${MESSAGE} } ... on DomainError { code } } }`,
      { input: { sessionId, text: 'Hello Hana, how can I help?', clientMessageId: 'run-1' } },
      agent,
    );
    expect(reply.body.data.postAgentMessage).toMatchObject({ author: 'AGENT', authorId: agentId });
    const replySequence: number = reply.body.data.postAgentMessage.sequence;
    expect(replySequence).toBeGreaterThanOrEqual(2);

    const history = await gql(
      url,
      `query($id: ID!) { chatSession(id: $id) { lastSequence messages(first: 10) { nodes { ${MESSAGE} } } } }`,
      { id: sessionId },
      h5,
    );
    expect(history.body.errors).toBeUndefined();
    expect(
      history.body.data.chatSession.messages.nodes.map((m: { author: string; text: string }) => [m.author, m.text]),
    ).toEqual([
      ['H5_USER', 'Hello Ada'],
      ['AGENT', 'Hello Hana, how can I help?'],
    ]);

    // The real fleet relays the message; it has never heard of this (simulated) agent, so it reports
    // AGENT_UNAVAILABLE and chat marks the user's message FAILED — the user is told, nothing is dropped.
    const failed = await eventually(
      () =>
        gql(
          url,
          `query($id: ID!) { chatSession(id: $id) { messages { nodes { ${MESSAGE} error } } } }`,
          { id: sessionId },
          h5,
        ),
      (r) => r.body.data?.chatSession.messages.nodes[0].status === 'FAILED',
    );
    expect(failed.body.data.chatSession.messages.nodes[0]).toMatchObject({ id: first.id, error: 'AGENT_UNAVAILABLE' });

    // Live: every stored event once, in sequence order; both messages created once each.
    const streamed = () => live.results.slice(1).map((result) => result.data.chatEvents);
    await eventually(
      async () => streamed(),
      (events) =>
        events.some((event) => event.type === 'MESSAGE_UPDATED') &&
        events.some((event) => event.message?.author === 'AGENT'),
    );
    const sequences = streamed()
      .map((event) => event.sequence)
      .filter((sequence) => sequence !== null);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(
      streamed()
        .filter((event) => event.type === 'MESSAGE_CREATED')
        .map((event) => [event.sequence, event.message.text]),
    ).toEqual([
      [1, 'Hello Ada'],
      [replySequence, 'Hello Hana, how can I help?'],
    ]);
    live.unsubscribe();

    // A device that was away resumes after sequence 1 and gets exactly what it missed.
    const resumed = connect(url, { authorization: h5.authorization });
    sockets.push(resumed);
    const again = resumed.subscribe(EVENTS, { sessionId, after: 1 });
    await again.waitFor(3);
    expect(again.results.slice(0, 2).map((result) => result.data.chatEvents.sequence)).toEqual([2, 3]);
    again.unsubscribe();

    // Nobody else reads it: another H5 user of the organization, the admin of another organization.
    const stranger = await gql(
      url,
      `mutation($input: H5RegisterInput!) { h5Register(input: $input) { ... on H5Session { accessToken } } }`,
      {
        input: {
          organizationId: orgId,
          email: `other-${Date.now()}@example.test`,
          password: H5_PASSWORD,
          displayName: 'Other',
        },
      },
    );
    const denied = await gql(
      url,
      'query($id: ID!) { chatSession(id: $id) { id } }',
      { id: sessionId },
      bearer(stranger.body.data.h5Register.accessToken),
    );
    expect(denied.body.errors?.[0].extensions?.code).toBe('SESSION_NOT_FOUND');
    const support = await gql(url, '{ chatSessions { nodes { id h5UserId } } }', {}, admin(orgId));
    expect(support.body.data.chatSessions.nodes).toEqual([{ id: sessionId, h5UserId }]);
  });
  it('two router instances: a send through one reaches the other’s subscriber; an offline agent’s message waits, then goes out', async () => {
    const { stack, fleet, sockets } = chat;
    const url = stack.routerUrl;
    const other = (await stack.startRouter()).url;
    const admin = (orgId?: string) => bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
    const orgId = await createOrganization(url, stack.env.LOCAL_AUTH_TOKEN, 'Chat 2');
    const agentId = randomUUID();
    const announce = (topic: string, status: string) =>
      announceAgent(fleet, orgId, { agentId, name: 'Bo', status }, topic);
    await announce('fleet.agentCreated', 'OFFLINE');
    const user = await registerH5User(url, orgId, { displayName: 'Bo fan', emailPrefix: 'h5b' });
    const h5 = user.headers;
    await assignWhenKnown(url, admin(orgId), { agentId, h5UserId: user.userId });
    const sessionId = await openChatSession(other, h5, agentId);

    // The tablet follows the session through the second router.
    const socket = connect(other, { authorization: h5.authorization });
    sockets.push(socket);
    const live = socket.subscribe(
      `subscription($sessionId: ID!) { chatEvents(sessionId: $sessionId) {
        type sequence message { id status error } presence { online } } }`,
      { sessionId },
    );
    await live.waitFor(1);
    expect(live.results[0].data.chatEvents).toMatchObject({ type: 'PRESENCE', presence: { online: false } });

    // The phone sends through the first router while the agent is offline: kept, not lost.
    const sent = await gql(
      url,
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
        ... on ChatMessage { id sequence status } ... on DomainError { code } } }`,
      { input: { sessionId, clientMessageId: 'offline-1', text: 'Are you there?' } },
      h5,
    );
    expect(sent.body.data.sendMessage).toMatchObject({ sequence: 1, status: 'PENDING' });
    await live.waitFor(2);
    expect(live.results[1].data.chatEvents).toMatchObject({
      type: 'MESSAGE_CREATED',
      sequence: 1,
      message: { id: sent.body.data.sendMessage.id, status: 'PENDING' },
    });

    // The agent comes back: the message goes out and both events reach the other router's subscriber.
    await announce('fleet.agentUpdated', 'ONLINE');
    await live.waitFor(4);
    const rest = live.results.slice(2).map((result) => result.data.chatEvents);
    expect(rest).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'PRESENCE', presence: { online: true } }),
        expect.objectContaining({
          type: 'MESSAGE_UPDATED',
          sequence: 2,
          message: expect.objectContaining({ status: 'SENT' }),
        }),
      ]),
    );
    live.unsubscribe();
  });
  it('relays through a simulated gateway: chat.messageSent out, streamed fleet.agentReply parts back to the phone', async () => {
    const { stack, fleet, sockets } = chat;
    const url = stack.routerUrl;
    const admin = (orgId?: string) => bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
    const orgId = await createOrganization(url, stack.env.LOCAL_AUTH_TOKEN, 'Chat 3');
    const agentId = randomUUID();
    await announceAgent(fleet, orgId, { agentId, name: 'Echo', status: 'ONLINE' });
    const { h5, sessionId } = await chatSession(url, admin(orgId), orgId, agentId, {
      displayName: 'Echo fan',
      emailPrefix: 'h5c',
    });

    // The simulated gateway: what fleet will do with its GatewayLink — take chat.messageSent, answer in parts.
    const relayed: { messageId: string; sequence: number; text: string }[] = [];
    const gateway = await fleet.consume({
      group: `simulated-gateway-${randomUUID()}`,
      topics: ['chat.messageSent'],
      handler: async (event) => {
        const sent = event.payload as { sessionId: string; messageId: string; sequence: number; text: string };
        if (sent.sessionId !== sessionId) return;
        relayed.push({ messageId: sent.messageId, sequence: sent.sequence, text: sent.text });
        const runId = `run-${sent.messageId}`;
        const part = (kind: string, text: string, sequence: number) =>
          fleetEvent(orgId, 'fleet.agentReply', { sessionId, agentId, runId, part: kind, text, sequence });
        await fleet.append([
          part('delta', 'Echo: ', 1),
          part('delta', sent.text, 2),
          part('final', `Echo: ${sent.text}`, 3),
        ]);
      },
    });
    try {
      const socket = connect(url, { authorization: h5.authorization });
      sockets.push(socket);
      const live = socket.subscribe(
        `subscription($sessionId: ID!) { chatEvents(sessionId: $sessionId) {
          type sequence message { author text } delta { runId text sequence } } }`,
        { sessionId },
      );
      await live.waitFor(1);
      const sent = await gql(
        url,
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { ... on ChatMessage { id sequence } } }`,
        { input: { sessionId, clientMessageId: 'echo-1', text: 'ping' } },
        h5,
      );
      expect(sent.body.data.sendMessage.sequence).toBe(1);
      // The echo arrives; the real fleet, which does not know this agent, also fails the message.
      await eventually(
        async () => live.results.map((result) => result.data.chatEvents),
        (all) => all.some((event) => event.message?.author === 'AGENT'),
      );
      const events = live.results.slice(1).map((result) => result.data.chatEvents);
      expect(events[0]).toMatchObject({
        type: 'MESSAGE_CREATED',
        sequence: 1,
        message: { author: 'H5_USER', text: 'ping' },
      });
      expect(events.filter((event) => event.type === 'REPLY_DELTA').map((event) => event.delta.text)).toEqual([
        'Echo: ',
        'ping',
      ]);
      expect(events.find((event) => event.message?.author === 'AGENT')).toMatchObject({
        type: 'MESSAGE_CREATED',
        message: { author: 'AGENT', text: 'Echo: ping' },
      });
      expect(relayed).toEqual([{ messageId: sent.body.data.sendMessage.id, sequence: 1, text: 'ping' }]);
      live.unsubscribe();
    } finally {
      await gateway.stop();
    }
  });
});
