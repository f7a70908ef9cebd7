/**
 * Tenant isolation of every chat root field: callers of another organization — its admin, an H5 user
 * and an agent carrying the very same ids as organization A's — see nothing of A and change nothing.
 * The list of root fields is read from the schema: a new field without a case here fails the test.
 */
import { DATABASE_KINDS, startTestSubgraph, subscribeAs } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatModule } from '../src/index.ts';
import { ASSIGN, ChatHarness, type ChatWorld, HISTORY, makeOrg, OPEN, POST_AGENT, SEND, UNASSIGN } from './fixtures.ts';

type Case = (world: ChatWorld, chat: ChatHarness) => Promise<void>;

const errorCode = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;

const CASES: Record<string, Case> = {
  'Query.chatAssignments': async (_world, chat) => {
    const other = makeOrg();
    expect((await chat.ok(other.admin, '{ chatAssignments { nodes { id } } }')).chatAssignments.nodes).toEqual([]);
  },
  'Query.myChatAssignments': async (world, chat) => {
    const twin = makeOrg().h5(world.h5.h5UserId);
    expect((await chat.ok(twin, '{ myChatAssignments { id } }')).myChatAssignments).toEqual([]);
  },
  'Query.chatSession': async (world, chat) => {
    const other = makeOrg();
    for (const caller of [other.admin, other.h5(world.h5.h5UserId), other.agent(world.agentId)]) {
      expect(errorCode(await chat.run(caller, HISTORY, { id: world.sessionId }))).toBe('SESSION_NOT_FOUND');
    }
  },
  'Query.chatSessions': async (world, chat) => {
    const other = makeOrg();
    for (const caller of [other.admin, other.agent(world.agentId)]) {
      expect((await chat.ok(caller, '{ chatSessions { nodes { id } } }')).chatSessions.nodes).toEqual([]);
    }
  },
  'Mutation.assignChatAgent': async (world, chat) => {
    const result = await chat.ok(makeOrg().admin, ASSIGN, {
      input: { agentId: world.agentId, h5UserId: world.h5.h5UserId },
    });
    expect(result.assignChatAgent.code).toBe('NOT_FOUND');
  },
  'Mutation.unassignChatAgent': async (world, chat) => {
    const result = await chat.ok(makeOrg().admin, UNASSIGN, { id: world.assignmentId });
    expect(result.unassignChatAgent.code).toBe('ASSIGNMENT_NOT_FOUND');
  },
  'Mutation.openChatSession': async (world, chat) => {
    const result = await chat.ok(makeOrg().h5(world.h5.h5UserId), OPEN, { agentId: world.agentId });
    expect(result.openChatSession.code).toBe('ASSIGNMENT_NOT_FOUND');
  },
  'Mutation.sendMessage': async (world, chat) => {
    const result = await chat.ok(makeOrg().h5(world.h5.h5UserId), SEND, {
      input: { sessionId: world.sessionId, clientMessageId: 'x', text: 'intrusion' },
    });
    expect(result.sendMessage.code).toBe('SESSION_NOT_FOUND');
  },
  'Mutation.postAgentMessage': async (world, chat) => {
    const result = await chat.ok(makeOrg().agent(world.agentId), POST_AGENT, {
      input: { sessionId: world.sessionId, text: 'intrusion' },
    });
    expect(result.postAgentMessage.code).toBe('SESSION_NOT_FOUND');
  },
  'Mutation.setChatTyping': async (world, chat) => {
    const other = makeOrg();
    for (const caller of [other.h5(world.h5.h5UserId), other.agent(world.agentId)]) {
      const result = await chat.run(caller, 'mutation($id: ID!) { setChatTyping(sessionId: $id, typing: true) }', {
        id: world.sessionId,
      });
      expect(errorCode(result)).toBe('SESSION_NOT_FOUND');
    }
  },
  'Subscription.chatEvents': async (world, chat) => {
    const other = makeOrg();
    for (const caller of [other.admin, other.h5(world.h5.h5UserId), other.agent(world.agentId)]) {
      const result = await chat.subscribe(caller, { sessionId: world.sessionId, after: 0 });
      expect(result.take).toBeNull();
      const error = result.error?.errors?.[0] as { originalError?: { code?: string } } | undefined;
      expect(error?.originalError?.code).toBe('SESSION_NOT_FOUND');
    }
  },
  'Subscription.chatSessionOpened': async (_world, chat) => {
    const other = makeOrg();
    const watcher = await chat.subscribe(other.admin, {}, 'subscription { chatSessionOpened { id } }');
    expect(watcher.error).toBeNull();
    // A session opened in another organization (a fresh world opens one; A's assignments stay as they
    // are) reaches nobody outside it, while its own admin hears of the next one.
    const fresh = await chat.world();
    expect(await watcher.result?.(300)).toBe('timeout');
    const own = await chat.subscribe(fresh.org.admin, {}, 'subscription { chatSessionOpened { id } }');
    const h5 = await chat.h5User(fresh.org);
    await chat.assign(fresh.org, fresh.agentId, h5.h5UserId);
    const sessionId = await chat.open(h5, fresh.agentId);
    expect(await own.result?.()).toMatchObject({ data: { chatSessionOpened: { id: sessionId } } });
    expect(await watcher.result?.(300)).toBe('timeout');
    await own.close?.();
    await watcher.close?.();
  },
  'Subscription.chatSessionUpdated': async (_world, chat) => {
    const other = makeOrg();
    const UPDATED = 'subscription { chatSessionUpdated { id lastSequence } }';
    const fresh = await chat.world();
    const watcher = await subscribeAs(chat.instance, other.admin, UPDATED);
    const own = await subscribeAs(chat.instance, fresh.org.admin, UPDATED);
    expect([watcher.errors, own.errors]).toEqual([undefined, undefined]);
    // A message in another organization's session reaches its own admins only.
    await chat.send(fresh.h5, fresh.sessionId, 'only for the fresh organization');
    expect(await own.next()).toMatchObject({ data: { chatSessionUpdated: { id: fresh.sessionId, lastSequence: 1 } } });
    expect(await watcher.next(300)).toBe('timeout');
    await own.close();
    await watcher.close();
  },
};

describe.each(DATABASE_KINDS)('chat tenant isolation on %s', (kind) => {
  let chat: ChatHarness;
  let world: ChatWorld;

  beforeAll(async () => {
    chat = new ChatHarness(await startTestSubgraph(chatModule, kind));
    world = await chat.world();
    await chat.send(world.h5, world.sessionId, 'only for A', 'a-1');
  });
  afterAll(async () => {
    await chat?.subgraph.close();
  });

  it('has a case for every root field', () => {
    const schema = chat.instance.schema;
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const fields = roots.flatMap((root) =>
      Object.keys(root?.getFields() ?? {})
        .filter((name) => !name.startsWith('_'))
        .map((name) => `${root?.name}.${name}`),
    );
    expect(fields.sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.keys(CASES))('%s shows and changes nothing of another organization', async (field) => {
    await CASES[field](world, chat);
    const history = await chat.ok(world.h5, HISTORY, { id: world.sessionId });
    expect(history.chatSession.messages.nodes.map((m: { text: string }) => m.text)).toEqual(['only for A']);
    const assignments = await chat.ok(world.org.admin, '{ chatAssignments { nodes { id } } }');
    expect(assignments.chatAssignments.nodes).toEqual([{ id: world.assignmentId }]);
  });
});
