/**
 * Assignments and sessions through the chat schema on a real database: admins assign H5 users to
 * agents of their organization (both sides checked against chat's projections of fleet's and
 * identity's events), H5 users see their agents and open one session per agent.
 */
import { randomUUID } from 'node:crypto';
import { anonymous, DATABASE_KINDS, startTestSubgraph, statementsOf } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatModule } from '../src/index.ts';
import { ASSIGN, ChatHarness, codes, makeOrg, OPEN, UNASSIGN } from './fixtures.ts';

/** Statements of the request itself, not of the kit's background relays and pollers. */
const ours = (statement: string) => !/mc_outbox|mc_inbox|mc_stream|skip locked/i.test(statement);

describe.each(DATABASE_KINDS)('chat assignments on %s', (kind) => {
  let chat: ChatHarness;

  beforeAll(async () => {
    chat = new ChatHarness(await startTestSubgraph(chatModule, kind));
  });
  afterAll(async () => {
    await chat?.subgraph.close();
  });

  it('lets an admin or owner assign an H5 user to an agent of the organization, once', async () => {
    const org = makeOrg();
    const agentId = await chat.agent(org, { name: 'Ada' });
    const h5 = await chat.h5User(org);
    const first = await chat.ok(org.admin, ASSIGN, { input: { agentId, h5UserId: h5.h5UserId } });
    expect(first.assignChatAgent).toMatchObject({
      __typename: 'ChatAssignment',
      agentId,
      h5UserId: h5.h5UserId,
      agent: { id: agentId, name: 'Ada', online: true, status: 'ONLINE' },
    });
    const again = await chat.ok(org.owner, ASSIGN, { input: { agentId, h5UserId: h5.h5UserId } });
    expect(again.assignChatAgent.id).toBe(first.assignChatAgent.id);
    const list = await chat.ok(
      org.admin,
      '{ chatAssignments { nodes { id agentId h5UserId } pageInfo { hasNextPage } } }',
    );
    expect(list.chatAssignments.nodes).toEqual([{ id: first.assignChatAgent.id, agentId, h5UserId: h5.h5UserId }]);
  });

  it('refuses members, H5 users, agents and anonymous callers', async () => {
    const org = makeOrg();
    const agentId = await chat.agent(org);
    const h5 = await chat.h5User(org);
    const input = { input: { agentId, h5UserId: h5.h5UserId } };
    expect(codes(await chat.run(org.member, ASSIGN, input))).toEqual(['FORBIDDEN']);
    expect(codes(await chat.run(h5, ASSIGN, input))).toEqual(['FORBIDDEN']);
    expect(codes(await chat.run(org.agent(agentId), ASSIGN, input))).toEqual(['FORBIDDEN']);
    expect(codes(await chat.run(anonymous, ASSIGN, input))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await chat.run(org.member, '{ chatAssignments { nodes { id } } }'))).toEqual(['FORBIDDEN']);
  });

  it('answers NOT_FOUND for agents and H5 users of another organization, unknown or deleted ones', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const agentId = await chat.agent(org);
    const h5 = await chat.h5User(org);
    const foreignAgent = await chat.agent(other);
    const foreignH5 = await chat.h5User(other);
    const deletedAgent = await chat.agent(org);
    await chat.setAgent(org, deletedAgent, 'DELETING', 'Ada', 'agentDeleted');
    const cases: [string, string, string][] = [
      [foreignAgent, h5.h5UserId, foreignAgent],
      [agentId, foreignH5.h5UserId, foreignH5.h5UserId],
      [randomUUID(), h5.h5UserId, ''],
      [agentId, randomUUID(), ''],
      [deletedAgent, h5.h5UserId, deletedAgent],
    ];
    for (const [a, u, id] of cases) {
      const result = await chat.ok(org.admin, ASSIGN, { input: { agentId: a, h5UserId: u } });
      expect(result.assignChatAgent).toMatchObject({ __typename: 'DomainError', code: 'NOT_FOUND' });
      if (id) expect(result.assignChatAgent.ids).toEqual([id]);
    }
    const bad = await chat.ok(org.admin, ASSIGN, { input: { agentId: 'nope', h5UserId: h5.h5UserId } });
    expect(bad.assignChatAgent).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agentId' });
  });

  it('knows an H5 user from their own signed calls too (accounts made before identity announced them)', async () => {
    const org = makeOrg();
    const agentId = await chat.agent(org);
    const h5 = org.h5();
    const before = await chat.ok(org.admin, ASSIGN, { input: { agentId, h5UserId: h5.h5UserId } });
    expect(before.assignChatAgent.code).toBe('NOT_FOUND');
    expect((await chat.ok(h5, '{ myChatAssignments { id } }')).myChatAssignments).toEqual([]);
    const after = await chat.ok(org.admin, ASSIGN, { input: { agentId, h5UserId: h5.h5UserId } });
    expect(after.assignChatAgent.__typename).toBe('ChatAssignment');
  });

  it('unassigns, then answers ASSIGNMENT_NOT_FOUND; another organization’s admin cannot touch it', async () => {
    const org = makeOrg();
    const other = makeOrg();
    const agentId = await chat.agent(org);
    const h5 = await chat.h5User(org);
    const id = await chat.assign(org, agentId, h5.h5UserId);
    const foreign = await chat.ok(other.admin, UNASSIGN, { id });
    expect(foreign.unassignChatAgent).toEqual({ __typename: 'DomainError', code: 'ASSIGNMENT_NOT_FOUND', ids: [id] });
    expect((await chat.ok(org.admin, UNASSIGN, { id })).unassignChatAgent).toEqual({
      __typename: 'ChatAssignment',
      id,
    });
    const again = await chat.ok(org.admin, UNASSIGN, { id });
    expect(again.unassignChatAgent.code).toBe('ASSIGNMENT_NOT_FOUND');
    expect((await chat.ok(h5, '{ myChatAssignments { id } }')).myChatAssignments).toEqual([]);
    expect((await chat.ok(h5, OPEN, { agentId })).openChatSession.code).toBe('ASSIGNMENT_NOT_FOUND');
  });

  it('shows an H5 user their agents with presence, and one session per agent that re-opens', async () => {
    const org = makeOrg();
    const h5 = await chat.h5User(org);
    const ada = await chat.agent(org, { name: 'Ada', status: 'ONLINE' });
    const bob = await chat.agent(org, { name: 'Bob', status: 'OFFLINE' });
    await chat.assign(org, ada, h5.h5UserId);
    await chat.assign(org, bob, h5.h5UserId);
    const sessionId = await chat.open(h5, ada);
    expect(await chat.open(h5, ada)).toBe(sessionId);
    const mine = await chat.ok(h5, '{ myChatAssignments { agent { id name online } session { id } } }');
    expect(mine.myChatAssignments).toEqual([
      { agent: { id: ada, name: 'Ada', online: true }, session: { id: sessionId } },
      { agent: { id: bob, name: 'Bob', online: false }, session: null },
    ]);
    // Another H5 user of the same organization sees nothing of it and cannot open it.
    const stranger = await chat.h5User(org);
    expect((await chat.ok(stranger, '{ myChatAssignments { id } }')).myChatAssignments).toEqual([]);
    expect((await chat.ok(stranger, OPEN, { agentId: ada })).openChatSession.code).toBe('ASSIGNMENT_NOT_FOUND');
  });

  it('refuses to open a session with a deleted agent (AGENT_UNAVAILABLE)', async () => {
    const org = makeOrg();
    const h5 = await chat.h5User(org);
    const agentId = await chat.agent(org);
    await chat.assign(org, agentId, h5.h5UserId);
    await chat.setAgent(org, agentId, 'DELETING', 'Ada', 'agentDeleted');
    expect((await chat.ok(h5, OPEN, { agentId })).openChatSession).toMatchObject({
      code: 'AGENT_UNAVAILABLE',
      ids: [agentId],
    });
  });

  it('ignores a stale agent event that arrives after a newer one', async () => {
    const org = makeOrg();
    const agentId = await chat.agent(org, { status: 'ONLINE' });
    const { agentEvent } = await import('./fixtures.ts');
    await chat.append(
      agentEvent(
        'agentUpdated',
        { agentId, organizationId: org.id, name: 'Old', status: 'OFFLINE' },
        new Date(Date.now() - 60_000),
      ),
    );
    await chat.setAgent(org, agentId, 'ONLINE', 'New');
    const h5 = await chat.h5User(org);
    const assigned = await chat.ok(org.admin, ASSIGN, { input: { agentId, h5UserId: h5.h5UserId } });
    expect(assigned.assignChatAgent.agent).toMatchObject({ name: 'New', online: true });
  });

  it('pages assignments and sessions in a bounded number of statements, whatever the page size', async () => {
    const org = makeOrg();
    const h5 = await chat.h5User(org);
    for (let i = 0; i < 4; i += 1) {
      const agentId = await chat.agent(org, { name: `Agent ${i}` });
      await chat.assign(org, agentId, h5.h5UserId);
      await chat.open(h5, agentId);
    }
    const counts: number[] = [];
    for (const first of [2, 4]) {
      let page: Record<string, any> = {};
      const seen = (
        await statementsOf(chat.subgraph.runtime.database, async () => {
          page = await chat.ok(
            org.admin,
            `query($first: Int) {
        chatAssignments(first: $first) { nodes { id agent { name } session { id agent { name } } } }
        chatSessions(first: $first) { nodes { id agent { name } lastMessage { text } } pageInfo { hasNextPage endCursor } } }`,
            { first },
          );
        })
      ).filter(ours);
      expect(page.chatAssignments.nodes).toHaveLength(first);
      expect(page.chatSessions.nodes).toHaveLength(first);
      counts.push(seen.length);
    }
    // Two pages, then one batch per loaded field (agents of assignments and of sessions may share a
    // tick): bounded, whatever the page size.
    for (const count of counts) expect(count).toBeLessThanOrEqual(7);
    let result: Record<string, any> = {};
    const mine = (
      await statementsOf(chat.subgraph.runtime.database, async () => {
        result = await chat.ok(h5, '{ myChatAssignments { agent { name } session { id } } }');
      })
    ).filter(ours);
    expect(result.myChatAssignments).toHaveLength(4);
    expect(mine.length).toBeLessThanOrEqual(4); // remember the caller, assignments, agents, sessions
  });

  it('pages the support view with cursors, newest session first', async () => {
    const org = makeOrg();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const h5 = await chat.h5User(org);
      const agentId = await chat.agent(org);
      await chat.assign(org, agentId, h5.h5UserId);
      ids.push(await chat.open(h5, agentId));
    }
    const query = `query($after: String) { chatSessions(first: 2, after: $after) {
      nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const first = await chat.ok(org.admin, query);
    const second = await chat.ok(org.admin, query, { after: first.chatSessions.pageInfo.endCursor });
    const seen = [...first.chatSessions.nodes, ...second.chatSessions.nodes].map((node: { id: string }) => node.id);
    expect(seen).toEqual([...ids].reverse());
    expect(first.chatSessions.pageInfo.hasNextPage).toBe(true);
    expect(second.chatSessions.pageInfo.hasNextPage).toBe(false);
    const filtered = await chat.ok(
      org.admin,
      'query($f: ChatSessionFilter) { chatSessions(filter: $f) { nodes { id } } }',
      {
        f: { h5UserId: randomUUID() },
      },
    );
    expect(filtered.chatSessions.nodes).toEqual([]);
  });

  it('lets an agent list its own sessions (and no other agent’s), and links fleet’s Agent by key', async () => {
    const org = makeOrg();
    const ada = await chat.agent(org, { name: 'Ada' });
    const bob = await chat.agent(org, { name: 'Bob' });
    const mine: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const h5 = await chat.h5User(org);
      await chat.assign(org, ada, h5.h5UserId);
      mine.push(await chat.open(h5, ada));
      await chat.assign(org, bob, h5.h5UserId);
      await chat.open(h5, bob);
    }
    const query =
      'query($f: ChatSessionFilter) { chatSessions(filter: $f) { nodes { id agent { id agent { id } } } } }';
    const listed = await chat.ok(org.agent(ada), query);
    expect(listed.chatSessions.nodes.map((node: { id: string }) => node.id)).toEqual([...mine].reverse());
    expect(listed.chatSessions.nodes[0].agent).toEqual({ id: ada, agent: { id: ada } });
    expect((await chat.ok(org.agent(ada), query, { f: { agentId: bob } })).chatSessions.nodes).toEqual([]);
    expect((await chat.ok(org.admin, query, { f: { agentId: bob } })).chatSessions.nodes).toHaveLength(2);
    expect(codes(await chat.run(org.h5(), query))).toEqual(['FORBIDDEN']);
  });
});
