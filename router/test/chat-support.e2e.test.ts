/**
 * The admin's chat support list through the router with real processes on PostgreSQL + Redis:
 * `ChatSession.h5User` is resolved across subgraphs (chat references identity's `H5User`; identity
 * shows it to the organization's admins only, an H5 user reading their own session gets null), and
 * `chatSessionUpdated` delivers a row update — with the H5 user's name, from identity — when an H5
 * user writes and when the agent's final reply is stored, never for streamed parts, and never to
 * another organization's admins.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  announceAgent,
  chatSession,
  createOrganization,
  fleetEvent,
  useSharedChatStack,
} from './support/chat-fixtures.ts';
import { bearer, gql } from './support/processes.ts';
import { connect } from './support/subscription-fixtures/client.ts';

const SESSIONS = `query { chatSessions(first: 10) { nodes { id h5UserId h5User { id displayName } } } }`;
const OWN_SESSION = 'query($id: ID!) { chatSession(id: $id) { id h5UserId h5User { displayName } } }';
const UPDATED = `subscription { chatSessionUpdated {
  id lastSequence lastMessageAt lastMessage { text author } h5User { displayName } } }`;
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
  ... on ChatMessage { sequence } ... on DomainError { code } } }`;

type Row = {
  id: string;
  lastSequence: number;
  lastMessageAt: string | null;
  lastMessage: { text: string; author: string } | null;
  h5User: { displayName: string } | null;
};

describe('chat support list through the router', () => {
  const chat = useSharedChatStack();

  it('names sessions through identity (admins only) and follows their changes live, per organization', async () => {
    const { stack, fleet, sockets } = chat;
    const url = stack.routerUrl;
    const admin = (orgId: string) => bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
    const orgId = await createOrganization(url, stack.env.LOCAL_AUTH_TOKEN, 'Support');
    const otherOrgId = await createOrganization(url, stack.env.LOCAL_AUTH_TOKEN, 'Support Other');
    const agentId = randomUUID();
    const otherAgentId = randomUUID();
    await announceAgent(fleet, orgId, { agentId, name: 'Ada', status: 'ONLINE' });
    await announceAgent(fleet, otherOrgId, { agentId: otherAgentId, name: 'Bea', status: 'ONLINE' });
    const ann = await chatSession(url, admin(orgId), orgId, agentId, { displayName: 'Ann', emailPrefix: 'sup' });
    const bo = await chatSession(url, admin(orgId), orgId, agentId, { displayName: 'Bo', emailPrefix: 'sup' });
    const other = await chatSession(url, admin(otherOrgId), otherOrgId, otherAgentId, {
      displayName: 'Otto',
      emailPrefix: 'sup',
    });

    // Names across subgraphs, for the admin; null (never the name) for the H5 user themselves.
    const list = await gql(url, SESSIONS, {}, admin(orgId));
    expect(list.body.errors).toBeUndefined();
    const names = new Map(
      list.body.data.chatSessions.nodes.map((node: { id: string; h5User: { displayName: string } }) => [
        node.id,
        node.h5User.displayName,
      ]),
    );
    expect(names).toEqual(
      new Map([
        [ann.sessionId, 'Ann'],
        [bo.sessionId, 'Bo'],
      ]),
    );
    const own = await gql(url, OWN_SESSION, { id: ann.sessionId }, ann.h5);
    expect(own.body.data.chatSession).toEqual({ id: ann.sessionId, h5UserId: ann.user.userId, h5User: null });
    expect(JSON.stringify(own.body)).not.toContain('Ann');

    const h5Socket = connect(url, { authorization: ann.h5.authorization });
    const adminSocket = connect(url, admin(orgId));
    const otherSocket = connect(url, admin(otherOrgId));
    sockets.push(h5Socket, adminSocket, otherSocket);
    // H5 users are refused with a typed error.
    const refused = h5Socket.subscribe(UPDATED);
    await refused.ended();
    const refusal = refused.results[0]?.errors ?? (refused.error as { extensions?: Record<string, unknown> }[]);
    expect(refusal?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const live = adminSocket.subscribe(UPDATED);
    const otherLive = otherSocket.subscribe(UPDATED);
    const rows = (watch: typeof live) =>
      watch.results.map((result) => {
        expect(result.errors).toBeUndefined();
        return result.data?.chatSessionUpdated as Row;
      });
    const send = async (h5: Record<string, string>, sessionId: string, text: string) => {
      const sent = await gql(url, SEND, { input: { sessionId, clientMessageId: randomUUID(), text } }, h5);
      expect(sent.body.data.sendMessage.__typename).toBe('ChatMessage');
      return sent.body.data.sendMessage.sequence as number;
    };
    // graphql-ws does not acknowledge a subscription: write until each list hears of its own session.
    for (const [watch, user, label] of [
      [live, bo, 'bo'],
      [otherLive, other, 'otto'],
    ] as const) {
      for (let attempt = 0; watch.results.length === 0; attempt += 1) {
        expect(attempt).toBeLessThan(10);
        await send(user.h5, user.sessionId, `ping ${label} ${attempt}`);
        await watch.waitFor(1, 1_000).catch(() => undefined);
      }
    }
    // Late pings may still arrive: wait for Ann's rows themselves.
    const annRows = async (done: (found: Row[]) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = rows(live).filter((row) => row.id === ann.sessionId);
        if (done(found) || Date.now() > deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    // Ann writes: her row moves, with her name and her message.
    const sequence = await send(ann.h5, ann.sessionId, 'I need help');
    expect((await annRows((found) => found.length > 0))[0]).toEqual({
      id: ann.sessionId,
      lastSequence: sequence,
      lastMessageAt: expect.any(String),
      lastMessage: { text: 'I need help', author: 'H5_USER' },
      h5User: { displayName: 'Ann' },
    });

    // The agent's reply: streamed parts send nothing, the stored final reply does. (Fleet may first
    // report the relay of Ann's message failed — no gateway serves this agent —, a stored change too.)
    const runId = `run-${randomUUID()}`;
    const part = (kind: string, text: string, order: number) =>
      fleetEvent(orgId, 'fleet.agentReply', {
        sessionId: ann.sessionId,
        agentId,
        runId,
        part: kind,
        text,
        sequence: order,
      });
    await fleet.append([
      part('delta', 'Let me ', 1),
      part('delta', 'Let me look', 2),
      part('final', 'Let me look.', 3),
    ]);
    const isReply = (row: Row) => row.lastMessage?.text === 'Let me look.';
    const replied = await annRows((found) => found.some(isReply));
    expect(replied.find(isReply)).toMatchObject({
      lastSequence: expect.any(Number),
      lastMessage: { text: 'Let me look.', author: 'AGENT' },
      h5User: { displayName: 'Ann' },
    });
    expect(replied.find(isReply)?.lastSequence).toBeGreaterThan(sequence);
    // Nothing after the final reply (its streamed parts sent nothing), and at most one other change.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = rows(live).filter((row) => row.id === ann.sessionId);
    expect(all.at(-1)).toEqual(replied.find(isReply));
    expect(all.length).toBeLessThanOrEqual(3);

    // The other organization's admin heard only of their own session.
    expect(new Set(rows(otherLive).map((row) => row.id))).toEqual(new Set([other.sessionId]));
    expect(rows(otherLive).every((row) => row.h5User?.displayName === 'Otto')).toBe(true);
    expect(live.error).toBeUndefined();
    live.unsubscribe();
    otherLive.unsubscribe();
  }, 120_000);
});
