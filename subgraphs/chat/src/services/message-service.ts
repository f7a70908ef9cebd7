/**
 * Messages: an H5 user's send (committed with the session's next sequence number before it is
 * acknowledged, idempotent by client message id, relayed to the agent as `chat.messageSent`), an
 * agent's reply (posted directly, or from fleet's `agentReply` events), typing, and the pending
 * rule: a message sent while its agent is offline waits as PENDING and is relayed when the agent
 * comes back, or marked FAILED (`AGENT_UNAVAILABLE`) by the `chat-pending-deliveries` job after the
 * timeout — the session's subscribers see every change.
 */
import { randomUUID } from 'node:crypto';
import {
  badInput,
  type Clock,
  type Database,
  type DatabaseHandle,
  type DomainEvent,
  type DomainEvents,
  type EventBus,
  enforceRateLimit,
  type Identity,
  isUuid,
  type JobQueue,
  parseId,
  type RateLimiter,
  type RateLimitRule,
  type Recorded,
  requireText,
  type SubgraphRuntime,
} from '@mc/kit';
import { AssignmentStore } from '../db/assignment-store.ts';
import { type AppendedMessage, type MessageRow, MessageStore, type SessionEventKind } from '../db/message-store.ts';
import { type AgentState, ProjectionStore } from '../db/projection-store.ts';
import { type SessionRow, SessionStore } from '../db/session-store.ts';
import { type ChatMessageSent, chatEvents } from '../domain-events.ts';
import type { ChatEnv } from '../env.ts';
import {
  type ChatEvent,
  isOnline,
  type Presence,
  presenceTopic,
  sessionTopic,
  sessionUpdatedTopic,
} from '../events.ts';
import { type FleetAgentChange, type FleetAgentReply, fleetEvents } from '../upstream-events.ts';
import { requireAgent, requireAssigned, requireH5, sessionRole } from './access.ts';
import { agentUnavailable, assignmentNotFound, ChatErrorCode, messageTooLong, sessionNotFound } from './errors.ts';

type Logger = SubgraphRuntime['logger'];

export const CLIENT_MESSAGE_ID_MAX = 100;
/** Typing indicators are live-only fan-out: bounded per caller so nobody floods a session's channel. */
export const TYPING_RULE: RateLimitRule = { name: 'chat-typing', limit: 30, windowSeconds: 10 };
export const PENDING_QUEUE = 'chat-pending-deliveries';

/** One message's timeout, or (no id) the periodic sweep that catches timeouts lost with a restart. */
export interface PendingJob {
  messageId?: string;
}

export interface SendInput {
  sessionId: string;
  clientMessageId: string;
  text: string;
}

export interface AgentPostInput {
  sessionId: string;
  text: string;
  clientMessageId?: string | null;
}

export interface MessageServiceDeps {
  database: DatabaseHandle;
  events: DomainEvents;
  bus: EventBus;
  limiter: RateLimiter;
  clock: Clock;
  logger: Logger;
  env: ChatEnv;
  pending: JobQueue<PendingJob>;
}

/** Thrown inside a transaction to roll it back when there is nothing to change after all. */
class NothingToDo extends Error {}

export class MessageService {
  private readonly deps: MessageServiceDeps;
  private readonly db: Database;
  private readonly sendRule: RateLimitRule;
  /** Whose sessions replies arrive for (agent, organization: never change), so a reply's delta reads nothing. */
  private readonly owners = new SessionOwners();

  constructor(deps: MessageServiceDeps) {
    this.deps = deps;
    this.db = deps.database.db;
    this.sendRule = {
      name: 'chat-send',
      limit: deps.env.CHAT_SEND_LIMIT,
      windowSeconds: deps.env.CHAT_SEND_WINDOW_SECONDS,
    };
  }

  async send(identity: Identity, input: SendInput): Promise<MessageRow> {
    const caller = requireH5(identity);
    const sessionId = parseId(input.sessionId, 'sessionId');
    const clientMessageId = requireText(input.clientMessageId, 'clientMessageId', CLIENT_MESSAGE_ID_MAX);
    const text = this.parseText(input.text);
    // Session, assignment, agent and a stored retry in one statement.
    const context = await new SessionStore(this.db).writeContext(sessionId, 'H5_USER', clientMessageId);
    const session = context?.session;
    if (!context || !session || sessionRole(identity, session) !== 'H5_USER') throw sessionNotFound(sessionId);
    // Unassigned, the user has no access to the session at all (not even to a retried send's original).
    if (context.assignedIn !== session.organizationId) throw assignmentNotFound();
    // A retry of a stored send is answered with the original, whatever happened since.
    if (context.existing) return context.existing;
    await enforceRateLimit(this.deps.limiter, this.sendRule, caller.h5UserId);
    const agent = context.agent;
    if (!agent || agent.deletedAt) throw agentUnavailable(session.agentId);
    const online = isOnline(agent.status);
    const created = await this.append(session, {
      author: 'H5_USER',
      authorId: caller.h5UserId,
      clientMessageId,
      text,
      status: online ? 'SENT' : 'PENDING',
    });
    if (!created) {
      return (await new MessageStore(this.db).byClientId(session.id, 'H5_USER', clientMessageId)) as MessageRow;
    }
    if (created.status === 'PENDING') await this.schedulePendingTimeout(created);
    return created;
  }

  /** An agent answers in its own session (dial-in gateways, tests); idempotent by client message id. */
  async postAgentMessage(identity: Identity, input: AgentPostInput): Promise<MessageRow> {
    const caller = requireAgent(identity);
    const sessionId = parseId(input.sessionId, 'input.sessionId');
    const text = this.parseText(input.text, 'input.text');
    const clientMessageId =
      input.clientMessageId == null
        ? null
        : requireText(input.clientMessageId, 'input.clientMessageId', CLIENT_MESSAGE_ID_MAX);
    const context = await new SessionStore(this.db).writeContext(sessionId, 'AGENT', clientMessageId);
    const session = context?.session;
    if (!context || !session || sessionRole(identity, session) !== 'AGENT') throw sessionNotFound(sessionId);
    if (context.existing) return context.existing;
    const messages = new MessageStore(this.db);
    const created = await this.append(session, {
      author: 'AGENT',
      authorId: caller.agentId,
      clientMessageId,
      text,
      status: 'SENT',
    });
    if (created) return created;
    return (await messages.byClientId(session.id, 'AGENT', clientMessageId as string)) as MessageRow;
  }

  /** Live-only: tells the other side of the session that the caller is (or stopped) typing. */
  async typing(identity: Identity, rawSessionId: string, typing: boolean): Promise<boolean> {
    const sessionId = parseId(rawSessionId, 'sessionId');
    const session = (await new SessionStore(this.db).byIds([sessionId])).get(sessionId);
    const role = session ? sessionRole(identity, session) : null;
    if (!session || (role !== 'H5_USER' && role !== 'AGENT')) throw sessionNotFound(sessionId);
    if (role === 'H5_USER') await requireAssigned(new AssignmentStore(this.db), session);
    const authorId = role === 'AGENT' ? session.agentId : session.h5UserId;
    await enforceRateLimit(this.deps.limiter, TYPING_RULE, authorId);
    await this.publishLive([
      liveEvent('TYPING', session.id, {
        typing: { author: role, authorId, typing },
      }),
    ]);
    return true;
  }

  /** Job: a message still PENDING when its timeout passes is FAILED, and the session is told. */
  async failPending(messageId: string): Promise<boolean> {
    const now = this.deps.clock.now();
    let changed: ChatEvent | null = null;
    try {
      changed = await this.db.transaction(async (transaction) => {
        const tx = transaction as unknown as Database;
        const message = (await new MessageStore(tx).byIds([messageId])).get(messageId);
        if (message?.status !== 'PENDING') return null;
        return this.transition(tx, message, 'FAILED', now, ChatErrorCode.AGENT_UNAVAILABLE);
      });
    } catch (error) {
      if (!(error instanceof NothingToDo)) throw error;
    }
    if (changed) {
      await this.publishLive([changed]);
      await this.announceByIds([changed.sessionId]);
    }
    return changed !== null;
  }

  /**
   * Backstop for the per-message timeouts (an in-process queue forgets delayed jobs when the process
   * restarts; queuing may have failed): fails every message PENDING for longer than the timeout.
   */
  async sweepPending(): Promise<number> {
    const timeoutMs = this.deps.env.CHAT_PENDING_TIMEOUT_SECONDS * 1000;
    const before = new Date(this.deps.clock.now().getTime() - timeoutMs);
    let failed = 0;
    for (const id of await new MessageStore(this.db).pendingSince(before, 500)) {
      if (await this.failPending(id)) failed += 1;
    }
    return failed;
  }

  /**
   * Fleet's agent lifecycle: updates the projection; an agent coming online gets its PENDING
   * messages relayed (in order), a deleted agent fails them; presence changes are published.
   */
  async onAgentChange(
    event: DomainEvent<FleetAgentChange>,
    tx: Database,
    recorded: Recorded,
  ): Promise<(() => Promise<void>) | undefined> {
    const change = event.payload;
    const organizationId = change?.organizationId ?? event.organizationId;
    if (!change || !isUuid(String(change.agentId)) || !organizationId || !isUuid(organizationId)) {
      this.deps.logger.warn({ eventId: event.id, topic: event.topic }, 'malformed agent event skipped');
      return undefined;
    }
    const deleted = event.topic === fleetEvents.agentDeleted.name;
    const at = new Date(event.occurredAt);
    const applied = await new ProjectionStore(tx).applyAgent({
      agentId: change.agentId.toLowerCase(),
      organizationId: organizationId.toLowerCase(),
      name: String(change.name ?? ''),
      status: String(change.status ?? 'OFFLINE'),
      deletedAt: deleted ? at : null,
      changedAt: at,
    });
    if (!applied) return undefined;
    const wasOnline = reachable(applied.before);
    const nowOnline = reachable(applied.after);
    const now = this.deps.clock.now();
    const live: ChatEvent[] = [];
    if (nowOnline && !wasOnline) {
      for (const message of await new MessageStore(tx).pendingOfAgent(applied.after.agentId)) {
        live.push(await this.transition(tx, message, 'SENT', now, null, recorded));
      }
    } else if (applied.after.deletedAt && !applied.before?.deletedAt) {
      for (const message of await new MessageStore(tx).pendingOfAgent(applied.after.agentId)) {
        live.push(await this.transition(tx, message, 'FAILED', now, ChatErrorCode.AGENT_UNAVAILABLE));
      }
    }
    const presence: Presence | null =
      applied.before === undefined || wasOnline !== nowOnline
        ? { agentId: applied.after.agentId, online: nowOnline, status: applied.after.status }
        : null;
    // The kit publishes the `chat.messageSent` of messages relayed to an agent that came back (`recorded`)
    // once this transaction committed, before this runs.
    return async () => {
      if (live.length > 0) {
        await this.publishLive(live);
        await this.announceByIds(live.map((event) => event.sessionId));
      }
      if (presence) await this.safePublish(() => this.deps.bus.publish(presenceTopic(presence.agentId), presence));
    };
  }

  /**
   * Fleet's relay of an agent's answer: deltas are live-only, a final (or error, aborted) part is
   * stored once per run — except that an error or abort of a run named after an H5 message (fleet's
   * run per message) marks that message FAILED with the code, so the user sees which message failed. Events naming a session of another agent or organization are ignored.
   */
  async onAgentReply(event: DomainEvent<FleetAgentReply>, tx: Database): Promise<(() => Promise<void>) | undefined> {
    const reply = event.payload;
    if (!reply || !isUuid(String(reply.sessionId)) || !isUuid(String(reply.agentId)) || !reply.runId) {
      this.deps.logger.warn({ eventId: event.id }, 'malformed agent reply skipped');
      return undefined;
    }
    const sessionId = reply.sessionId.toLowerCase();
    const organizationId = event.organizationId?.toLowerCase();
    const runId = String(reply.runId).slice(0, 200);
    const ours = (owner: SessionOwner | undefined): owner is SessionOwner => {
      const match =
        owner !== undefined &&
        owner.agentId === reply.agentId.toLowerCase() &&
        (!organizationId || organizationId === owner.organizationId);
      if (!match) this.deps.logger.warn({ eventId: event.id, sessionId }, 'agent reply for an unknown session skipped');
      return match;
    };
    if (reply.part === 'delta') {
      const owner = this.owners.get(sessionId) ?? (await new SessionStore(tx).byIds([sessionId])).get(sessionId);
      if (!ours(owner)) return undefined;
      this.owners.remember(sessionId, owner);
      const delta = { runId, text: String(reply.text ?? ''), sequence: reply.sequence ?? null };
      return async () => this.publishLive([liveEvent('REPLY_DELTA', sessionId, { delta })]);
    }
    const found = await new SessionStore(tx).withRun(sessionId, runId);
    const session = found?.session;
    if (!ours(session)) return undefined;
    this.owners.remember(sessionId, session);
    if (found?.answered) return undefined;
    const messages = new MessageStore(tx);
    const failed = reply.part === 'error' || reply.part === 'aborted';
    const code = reply.part === 'aborted' ? 'ABORTED' : String(reply.code ?? 'AGENT_ERROR');
    const now = this.deps.clock.now();
    // Fleet runs each H5 message under its message id: a failed delivery fails that message itself.
    const asked =
      failed && isUuid(runId) ? (await messages.byIds([runId.toLowerCase()])).get(runId.toLowerCase()) : undefined;
    if (asked && asked.sessionId === session.id && asked.author === 'H5_USER') {
      if (asked.status === 'FAILED') return undefined;
      const updated = await this.transition(tx, asked, 'FAILED', now, code.slice(0, 100));
      return async () => {
        await this.publishLive([updated]);
        await this.announce([{ ...session, lastSequence: updated.sequence ?? session.lastSequence }]);
      };
    }
    // A run id taken meanwhile fails the statement and so this transaction: the redelivery finds the reply.
    const appended = await messages.append(
      {
        id: randomUUID(),
        sessionId: session.id,
        organizationId: session.organizationId,
        author: 'AGENT',
        authorId: session.agentId,
        runId,
        text: String(reply.text ?? '').slice(0, this.deps.env.CHAT_MESSAGE_MAX_CHARS * 4),
        status: failed ? 'FAILED' : 'SENT',
        error: failed ? code.slice(0, 100) : null,
      },
      now,
    );
    if (!appended) return undefined;
    const { message } = appended;
    return async () => {
      await this.publishLive([streamEvent('MESSAGE_CREATED', message.sequence, message)]);
      await this.announce([afterMessage(session, message)]);
    };
  }

  /**
   * Creates a message at the session's next sequence, with `chat.messageSent` for an H5 message to an
   * online agent, in one statement (`MessageStore.append`); undefined when its client id was taken meanwhile.
   */
  private async append(
    session: SessionRow,
    values: Pick<AppendedMessage, 'author' | 'authorId' | 'clientMessageId' | 'text' | 'status'>,
  ): Promise<MessageRow | undefined> {
    const now = this.deps.clock.now();
    const message: AppendedMessage = {
      ...values,
      id: randomUUID(),
      sessionId: session.id,
      organizationId: session.organizationId,
    };
    const relayed = values.author === 'H5_USER' && values.status === 'SENT';
    // The statement sets the payload's sequence.
    const outbox = relayed
      ? this.deps.events.draft(
          chatEvents.messageSent,
          sentPayload(session, { ...message, sequence: 0 }),
          sentMeta(session),
        )
      : undefined;
    const appended = await new MessageStore(this.db).append(message, now, outbox);
    if (!appended) return undefined;
    const { message: created, recorded } = appended;
    // The statement committed (its own transaction): its event goes to the stream from memory, now and
    // without waiting — the relay's poll is the backstop, and an acknowledgement never waits for other
    // subgraphs' delivery.
    if (recorded) void this.deps.events.publish({ events: [recorded] });
    await this.publishLive([streamEvent('MESSAGE_CREATED', created.sequence, created)]);
    await this.announce([afterMessage(session, created)]);
    return created;
  }

  /**
   * Moves a message to a new status at the session's next sequence (in the caller's transaction); a
   * message SENT records `chat.messageSent` into `recorded`, the transaction's, to publish once it committed.
   */
  private async transition(
    tx: Database,
    message: MessageRow,
    to: 'SENT' | 'FAILED',
    now: Date,
    error: string | null,
    recorded?: Recorded,
  ): Promise<ChatEvent> {
    // The session row first: every writer of a session takes its lock in the same order.
    const sequence = await new SessionStore(tx).nextSequence(message.sessionId, now, false);
    const messages = new MessageStore(tx);
    const row = await messages.transition(message.id, message.status, to, now, error);
    if (!row) throw new NothingToDo();
    await messages.appendEvent(message.sessionId, sequence, 'MESSAGE_UPDATED', row.id, now);
    if (to === 'SENT') {
      const session = (await new SessionStore(tx).byIds([row.sessionId])).get(row.sessionId) as SessionRow;
      await this.recordSent(tx, session, row, recorded);
    }
    return streamEvent('MESSAGE_UPDATED', sequence, row);
  }

  private async recordSent(tx: Database, session: SessionRow, message: MessageRow, recorded?: Recorded) {
    const payload = sentPayload(session, message);
    await this.deps.events.record(tx, chatEvents.messageSent, payload, sentMeta(session), recorded);
  }

  private async schedulePendingTimeout(message: MessageRow): Promise<void> {
    try {
      await this.deps.pending.add(
        { messageId: message.id },
        { id: `pending:${message.id}`, delayMs: this.deps.env.CHAT_PENDING_TIMEOUT_SECONDS * 1000, attempts: 5 },
      );
    } catch (error) {
      // The message is stored; it is still relayed when the agent comes back.
      this.deps.logger.error({ err: error, messageId: message.id }, 'could not schedule the pending timeout');
    }
  }

  private parseText(text: string, field = 'text'): string {
    if (text.trim().length === 0) throw badInput(`${field} must not be empty`, field);
    if ([...text].length > this.deps.env.CHAT_MESSAGE_MAX_CHARS) {
      throw messageTooLong(this.deps.env.CHAT_MESSAGE_MAX_CHARS, field);
    }
    return text;
  }

  /** After a commit: fans the session events out (failures are logged). */
  private async publishLive(events: ChatEvent[]): Promise<void> {
    for (const event of events) {
      await this.safePublish(() => this.deps.bus.publish(sessionTopic(event.sessionId), event));
    }
  }

  /** Tells the organizations' admins (support list) how these sessions look after a stored change. */
  private async announce(sessions: SessionRow[]): Promise<void> {
    for (const session of sessions) {
      await this.safePublish(() => this.deps.bus.publish(sessionUpdatedTopic(session.organizationId), session));
    }
  }

  /** `announce` for changes that did not have their sessions at hand (background paths: one read). */
  private async announceByIds(sessionIds: string[]): Promise<void> {
    try {
      const sessions = await new SessionStore(this.db).byIds([...new Set(sessionIds)]);
      await this.announce([...sessions.values()]);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'reading sessions to announce failed');
    }
  }

  private async safePublish(publish: () => Promise<void>): Promise<void> {
    try {
      await publish();
    } catch (error) {
      // Live fan-out only: subscribers recover durable events from the database by sequence.
      this.deps.logger.error({ err: error }, 'chat live publish failed');
    }
  }
}

function sentPayload(session: SessionRow, message: Pick<MessageRow, 'id' | 'sequence' | 'text'>): ChatMessageSent {
  return {
    sessionId: session.id,
    messageId: message.id,
    sequence: message.sequence,
    organizationId: session.organizationId,
    agentId: session.agentId,
    h5UserId: session.h5UserId,
    text: message.text,
  };
}

const sentMeta = (session: SessionRow) => ({
  organizationId: session.organizationId,
  actor: { kind: 'h5' as const, id: session.h5UserId },
});

/** The session as `MessageStore.append` left it: the message is its head and its latest. */
function afterMessage(session: SessionRow, message: MessageRow): SessionRow {
  return { ...session, lastSequence: message.sequence, lastMessageAt: message.createdAt };
}

function reachable(agent: AgentState | undefined): boolean {
  return agent !== undefined && agent.deletedAt === null && isOnline(agent.status);
}

export function streamEvent(kind: SessionEventKind, sequence: number, message: MessageRow): ChatEvent {
  return liveEvent(kind, message.sessionId, { sequence, message });
}

export function liveEvent(type: ChatEvent['type'], sessionId: string, fields: Partial<ChatEvent>): ChatEvent {
  return { type, sessionId, sequence: null, message: null, delta: null, typing: null, presence: null, ...fields };
}

/** What never changes about a session: its agent and organization. */
type SessionOwner = Pick<SessionRow, 'agentId' | 'organizationId'>;

/** The owners of the sessions replies arrived for lately (bounded: the oldest are forgotten first). */
class SessionOwners {
  private readonly owners = new Map<string, SessionOwner>();

  get(sessionId: string): SessionOwner | undefined {
    return this.owners.get(sessionId);
  }

  remember(sessionId: string, { agentId, organizationId }: SessionOwner): void {
    if (this.owners.has(sessionId)) return;
    if (this.owners.size >= SESSION_OWNERS_KEPT) this.owners.delete(this.owners.keys().next().value as string);
    this.owners.set(sessionId, { agentId, organizationId });
  }
}

const SESSION_OWNERS_KEPT = 10_000;
