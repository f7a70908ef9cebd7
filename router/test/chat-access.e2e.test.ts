/**
 * Chat access follows assignments, through the router with real processes on PostgreSQL + Redis: an
 * H5 user unassigned from their agent can no longer read the session's history, subscribe or send
 * (ASSIGNMENT_NOT_FOUND), and their live subscription is ended with that code; the admin's support
 * view still reads and follows the session; assigned again, the user gets the same session back with
 * its history.
 */
import { randomUUID } from 'node:crypto';
import { createEventStream, type EventStream } from '@mc/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { announceAgent, assignWhenKnown, chatSession, createOrganization } from './support/chat-fixtures.ts';
import { bearer, freshDatabase, gql, type ProductionStack, startProductionStack } from './support/processes.ts';
import { connect, eventually, type TestSocket } from './support/subscription-fixtures/client.ts';

const EVENTS = `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
  type sequence message { text } } }`;
const HISTORY = 'query($id: ID!) { chatSession(id: $id) { messages(first: 10) { nodes { text } } } }';
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
  ... on ChatMessage { sequence } ... on DomainError { code } } }`;
const OPEN = `mutation($agentId: ID!) { openChatSession(agentId: $agentId) { __typename
  ... on ChatSession { id } ... on DomainError { code } } }`;

const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code;

describe('chat access follows assignments through the router', () => {
  let stack: ProductionStack;
  let drop: () => Promise<void>;
  let fleet: EventStream;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    // Its own stack: on the shared one the admin's support subscription was once ended after other files ran.
    const db = await freshDatabase(inject('postgresUrl'));
    drop = db.drop;
    stack = await startProductionStack({ postgresUrl: db.url, redisUrl: inject('redisUrl') });
    fleet = createEventStream(inject('redisUrl'), stack.env.EVENT_STREAM_PREFIX);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await fleet?.close();
    await stack?.stop();
    await drop?.();
  });

  it('unassigned: history, subscribe and send refused, the live subscription ended; admin still reads; re-assigned: same session', async () => {
    const url = stack.routerUrl;
    const admin = (orgId?: string) => bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
    const orgId = await createOrganization(url, stack.env.LOCAL_AUTH_TOKEN, 'Access');
    const agentId = randomUUID();
    await announceAgent(fleet, orgId, { agentId, name: 'Ada', status: 'ONLINE' });
    const { user, h5, assignment, sessionId } = await chatSession(url, admin(orgId), orgId, agentId, {
      emailPrefix: 'access',
    });
    const h5UserId = user.userId;
    const assignmentId: string = assignment.id;
    const send = (text: string) => gql(url, SEND, { input: { sessionId, clientMessageId: randomUUID(), text } }, h5);
    expect((await send('before')).body.data.sendMessage.__typename).toBe('ChatMessage');

    const phoneSocket = connect(url, { authorization: h5.authorization });
    const adminSocket = connect(url, { authorization: admin(orgId).authorization });
    sockets.push(phoneSocket, adminSocket);
    const phone = phoneSocket.subscribe(EVENTS, { sessionId, after: 0 });
    await phone.waitFor(2); // the message, then PRESENCE
    const support = adminSocket.subscribe(EVENTS, { sessionId });
    await support.waitFor(1);

    const unassigned = await gql(
      url,
      'mutation($id: ID!) { unassignChatAgent(id: $id) { __typename } }',
      { id: assignmentId },
      admin(orgId),
    );
    expect(unassigned.body.data.unassignChatAgent.__typename).toBe('ChatAssignment');
    // Live-only events (presence) may come first; the stream's last result is the refusal.
    await phone.ended();
    const ended = phone.results.at(-1);
    expect(ended?.data ?? null).toBeNull();
    expect(ended?.errors?.[0]?.extensions?.code).toBe('ASSIGNMENT_NOT_FOUND');

    expect(codeOf((await gql(url, HISTORY, { id: sessionId }, h5)).body)).toBe('ASSIGNMENT_NOT_FOUND');
    expect((await send('after')).body.data.sendMessage).toEqual({
      __typename: 'DomainError',
      code: 'ASSIGNMENT_NOT_FOUND',
    });
    const refused = phoneSocket.subscribe(EVENTS, { sessionId });
    await refused.ended();
    const refusal = refused.results[0]?.errors ?? (refused.error as { extensions?: Record<string, unknown> }[]);
    expect(refusal?.[0]?.extensions?.code).toBe('ASSIGNMENT_NOT_FOUND');

    // The support view reads and follows the session still.
    const adminHistory = await gql(url, HISTORY, { id: sessionId }, admin(orgId));
    expect(adminHistory.body.data.chatSession.messages.nodes).toEqual([{ text: 'before' }]);
    expect(support.completed).toBe(false);

    // Assigned again: the same session, with its history.
    await assignWhenKnown(url, admin(orgId), { agentId, h5UserId });
    expect((await gql(url, OPEN, { agentId }, h5)).body.data.openChatSession).toEqual({
      __typename: 'ChatSession',
      id: sessionId,
    });
    expect((await gql(url, HISTORY, { id: sessionId }, h5)).body.data.chatSession.messages.nodes).toEqual([
      { text: 'before' },
    ]);
    const again = (await send('again')).body.data.sendMessage;
    expect(again.__typename).toBe('ChatMessage');
    const seen = await eventually(
      async () => support.results.map((result) => result.data?.chatEvents).filter((event) => event?.message),
      (events) => events.some((event) => event.message.text === 'again'),
    );
    expect(seen.filter((event) => event.type === 'MESSAGE_CREATED' && event.message.text === 'again')).toEqual([
      { type: 'MESSAGE_CREATED', sequence: again.sequence, message: { text: 'again' } },
    ]);
    support.unsubscribe();
  }, 120_000);
});
