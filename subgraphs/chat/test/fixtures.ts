/** Builders for chat tests: organizations with callers, fleet/identity-shaped events, GraphQL documents. */
import { randomUUID } from 'node:crypto';
import type { DomainEvent, Identity, OrgRole, SubgraphInstance } from '@mc/kit';
import { executeAs, startTestSubgraph, type TestDatabaseKind, type TestSubgraph, userIdentity } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ChatContext } from '../src/context.ts';
import { chatModule } from '../src/index.ts';
import type { FleetAgentChange, FleetAgentReply } from '../src/upstream-events.ts';

export interface TestOrg {
  id: string;
  admin: Identity;
  owner: Identity;
  member: Identity;
  as(role: OrgRole): Identity;
  h5(h5UserId?: string): Identity & { kind: 'h5' };
  agent(agentId: string): Identity;
}

export function makeOrg(): TestOrg {
  const id = randomUUID();
  const as = (role: OrgRole) => userIdentity(randomUUID(), { id, role });
  return {
    id,
    admin: as('ADMIN'),
    owner: as('OWNER'),
    member: as('MEMBER'),
    as,
    h5: (h5UserId = randomUUID()) => ({ kind: 'h5', h5UserId, orgId: id }),
    agent: (agentId) => ({ kind: 'agent', agentId, orgId: id, credentialId: randomUUID() }),
  };
}

export function event<T>(topic: string, organizationId: string | null, payload: T, at = new Date()): DomainEvent<T> {
  return {
    id: randomUUID(),
    topic,
    organizationId,
    actor: { kind: 'system', id: 'fleet' },
    occurredAt: at.toISOString(),
    payload,
  };
}

export const agentEvent = (
  kind: 'agentCreated' | 'agentUpdated' | 'agentDeleted',
  change: FleetAgentChange,
  at = new Date(),
): DomainEvent<FleetAgentChange> => event(`fleet.${kind}`, change.organizationId, change, at);

export const replyEvent = (organizationId: string, reply: FleetAgentReply) =>
  event('fleet.agentReply', organizationId, reply);

/** Polls until `check` stops throwing (events are consumed asynchronously). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The codes of a result's errors, in order. */
export const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);

export const MESSAGE_FIELDS =
  'id sessionId sequence author authorId clientMessageId runId text status error createdAt updatedAt';

export const ASSIGN = `mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) {
  __typename ... on ChatAssignment { id agentId h5UserId agent { id name online status } }
  ... on DomainError { code field ids message } } }`;

export const UNASSIGN = `mutation($id: ID!) { unassignChatAgent(id: $id) {
  __typename ... on ChatAssignment { id } ... on DomainError { code ids } } }`;

export const OPEN = `mutation($agentId: ID!) { openChatSession(agentId: $agentId) {
  __typename ... on ChatSession { id agentId h5UserId lastSequence } ... on DomainError { code ids message } } }`;

export const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename ... on ChatMessage { ${MESSAGE_FIELDS} } ... on DomainError { code field ids message retryAfterSeconds } } }`;

export const POST_AGENT = `mutation($input: PostAgentMessageInput!) { postAgentMessage(input: $input) {
  __typename ... on ChatMessage { ${MESSAGE_FIELDS} } ... on DomainError { code field ids message } } }`;

export const HISTORY = `query($id: ID!, $first: Int, $after: String, $newestFirst: Boolean) { chatSession(id: $id) {
  id lastSequence messages(first: $first, after: $after, newestFirst: $newestFirst) {
    nodes { ${MESSAGE_FIELDS} } pageInfo { hasNextPage endCursor } } } }`;

export const EVENTS = `subscription($sessionId: ID!, $after: Int) { chatEvents(sessionId: $sessionId, after: $after) {
  type sessionId sequence message { id sequence text status author error runId }
  delta { runId text sequence } typing { author authorId typing } presence { agentId online status } } }`;

/** A chat world: an organization with an online agent, an H5 user assigned to it, and a session. */
export interface ChatWorld {
  org: TestOrg;
  agentId: string;
  h5: Identity & { kind: 'h5' };
  assignmentId: string;
  sessionId: string;
}

/**
 * A chat subgraph on `kind` for the enclosing `describe`: started before its tests (with `envSource`
 * settings), handed to `started`, closed after them.
 */
export function chatSubgraph(
  kind: TestDatabaseKind,
  started: (chat: ChatHarness) => void,
  envSource: Record<string, string> = {},
): void {
  let chat: ChatHarness | undefined;
  beforeAll(async () => {
    chat = new ChatHarness(await startTestSubgraph(chatModule, kind, { envSource }));
    started(chat);
  });
  afterAll(async () => {
    await chat?.subgraph.close();
  });
}

/** `chatSubgraph` for live tests: its streams polled every 200 ms, so events arrive quickly. */
export function liveChatSubgraph(kind: TestDatabaseKind, started: (chat: ChatHarness) => void): void {
  chatSubgraph(kind, started, { CHAT_STREAM_POLL_MS: '200' });
}

export class ChatHarness {
  readonly subgraph: TestSubgraph<ChatContext>;

  constructor(subgraph: TestSubgraph<ChatContext>) {
    this.subgraph = subgraph;
  }

  get instance(): SubgraphInstance {
    return this.subgraph.instance;
  }

  run(identity: Identity, source: string, variables?: Record<string, unknown>) {
    return executeAs(this.subgraph.instance, identity, source, variables);
  }

  /** Runs and expects no GraphQL errors. */
  async ok(identity: Identity, source: string, variables?: Record<string, unknown>) {
    const result = await this.run(identity, source, variables);
    expect(result.errors, JSON.stringify(result.internal)).toBeUndefined();
    return result.data as Record<string, any>;
  }

  async append(...events: DomainEvent<unknown>[]): Promise<void> {
    await this.subgraph.runtime.events.stream.append(events);
  }

  /** Announces an agent as fleet does and waits until chat has applied it. */
  async agent(org: TestOrg, options: { status?: string; name?: string; agentId?: string } = {}): Promise<string> {
    const agentId = options.agentId ?? randomUUID();
    await this.setAgent(org, agentId, options.status ?? 'ONLINE', options.name ?? 'Ada', 'agentCreated');
    return agentId;
  }

  async setAgent(
    org: TestOrg,
    agentId: string,
    status: string,
    name = 'Ada',
    kind: 'agentCreated' | 'agentUpdated' | 'agentDeleted' = 'agentUpdated',
  ): Promise<void> {
    await this.append(agentEvent(kind, { agentId, organizationId: org.id, boardId: null, name, status }));
    await eventually(async () => {
      const result = await this.subgraph.runtime.database.db.execute(
        sql`select status, deleted_at from chat.agent_states where agent_id = ${agentId}`,
      );
      const row = (result as unknown as { rows: { status: string; deleted_at: unknown }[] }).rows[0];
      expect(row?.status).toBe(status);
      if (kind === 'agentDeleted') expect(row?.deleted_at).not.toBeNull();
    });
  }

  /** An H5 user identity's organization as identity announces it (`identity.h5UserRegistered`). */
  async h5User(org: TestOrg): Promise<Identity & { kind: 'h5' }> {
    const h5 = org.h5();
    await this.append(event('identity.h5UserRegistered', org.id, { h5UserId: h5.h5UserId }));
    await eventually(async () => {
      const result = await this.subgraph.runtime.database.db.execute(
        sql`select 1 from chat.h5_user_states where h5_user_id = ${h5.h5UserId}`,
      );
      expect((result as unknown as { rows: unknown[] }).rows).toHaveLength(1);
    });
    return h5;
  }

  async assign(org: TestOrg, agentId: string, h5UserId: string): Promise<string> {
    const data = await this.ok(org.admin, ASSIGN, { input: { agentId, h5UserId } });
    expect(data.assignChatAgent.__typename).toBe('ChatAssignment');
    return data.assignChatAgent.id;
  }

  async open(h5: Identity, agentId: string): Promise<string> {
    const data = await this.ok(h5, OPEN, { agentId });
    expect(data.openChatSession.__typename).toBe('ChatSession');
    return data.openChatSession.id;
  }

  async world(options: { status?: string } = {}): Promise<ChatWorld> {
    const org = makeOrg();
    const agentId = await this.agent(org, { status: options.status });
    const h5 = await this.h5User(org);
    const assignmentId = await this.assign(org, agentId, h5.h5UserId);
    const sessionId = await this.open(h5, agentId);
    return { org, agentId, h5, assignmentId, sessionId };
  }

  async send(h5: Identity, sessionId: string, text: string, clientMessageId: string = randomUUID()) {
    const data = await this.ok(h5, SEND, { input: { sessionId, clientMessageId, text } });
    return data.sendMessage;
  }

  /** Subscribes as `identity`; `take(n)` waits for the next n events. */
  async subscribe(identity: Identity, variables: Record<string, unknown>, source = EVENTS) {
    const result = await subscribe({
      schema: this.subgraph.instance.schema,
      document: parse(source),
      variableValues: variables,
      contextValue: this.subgraph.instance.createContext({
        identity,
        requestId: randomUUID(),
        logger: this.subgraph.runtime.logger,
        credentialExpiresAt: undefined,
      }),
    });
    if (!(Symbol.asyncIterator in result)) return { error: result as ExecutionResult, take: null, close: null };
    const iterator = result as AsyncGenerator<ExecutionResult>;
    return {
      error: null,
      async take(n: number, timeoutMs = 5_000): Promise<Record<string, any>[]> {
        const events: Record<string, any>[] = [];
        const deadline = Date.now() + timeoutMs;
        while (events.length < n) {
          const next = await Promise.race([
            iterator.next(),
            new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), deadline - Date.now())),
          ]);
          if (next === 'timeout') throw new Error(`timed out after ${events.length} of ${n} events`);
          if (next.done) throw new Error(`stream ended after ${events.length} of ${n} events`);
          expect(next.value.errors).toBeUndefined();
          events.push(next.value.data?.chatEvents as Record<string, any>);
        }
        return events;
      },
      /** Resolves with what arrives within `ms` (to prove nothing more comes). */
      async drain(ms: number): Promise<Record<string, any>[]> {
        const events: Record<string, any>[] = [];
        const deadline = Date.now() + ms;
        for (;;) {
          const next = await Promise.race([
            iterator.next(),
            new Promise<'timeout'>((resolve) =>
              setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())),
            ),
          ]);
          if (next === 'timeout' || next.done) return events;
          events.push(next.value.data?.chatEvents as Record<string, any>);
        }
      },
      /** The next raw result (errors included), or how the stream stopped. */
      async result(timeoutMs = 5_000): Promise<ExecutionResult | 'done' | 'timeout'> {
        let timer: NodeJS.Timeout | undefined;
        const next = await Promise.race([
          iterator.next(),
          new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (next === 'timeout') return next;
        return next.done ? 'done' : next.value;
      },
      close: () => iterator.return(undefined),
    };
  }
}

export type { FleetAgentReply };
