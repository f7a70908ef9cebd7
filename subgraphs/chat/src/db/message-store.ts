/** SQL for messages and the session stream: inserts, idempotency look-ups, history and replay pages. */
import { type Database, type DomainEvent, eventOf, type OutboxRecord } from '@mc/kit';
import { and, asc, desc, eq, gt, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import { messages, sessionEvents, sessions } from './tables.ts';
import { uniqueViolation } from './unique-violation.ts';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type MessageStatus = MessageRow['status'];
export type SessionEventKind = (typeof sessionEvents.$inferSelect)['kind'];

/** What a new message is made of (its id chosen by the caller: a domain event may name it); the store sets its sequence and times. */
export type AppendedMessage = Pick<
  NewMessage,
  'sessionId' | 'organizationId' | 'author' | 'authorId' | 'clientMessageId' | 'runId' | 'text' | 'status' | 'error'
> & { id: string };

/**
 * The insert of a domain event recorded with the message, given the event's JSON (its `payload.sequence`
 * is set in); it returns the outbox row's `seq` and the event as stored.
 */
export type OutboxInsert = (json: SQL) => SQL;

/** A stored message and the domain event recorded with it (as committed: to publish from memory). */
export interface AppendResult {
  message: MessageRow;
  recorded: OutboxRecord | null;
}

/** A client id or run id already used in the session: the statement failed, nothing was taken. */
const IDEMPOTENCY_KEYS = new Set(['messages_client_id_key', 'messages_run_key', '']);

/** One entry of a session's stream with the message as it is now. */
export interface StreamEntry {
  sequence: number;
  kind: SessionEventKind;
  message: MessageRow;
}

export class MessageStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * Creates a message at its session's next sequence, logs it in the session stream and (with
   * `outbox`) records a domain event naming it, in one statement — its own transaction: the session
   * row's lock serializes the session's writers, and a client id or run id used already fails the
   * whole statement, so no number is taken and sequences stay gap-free. Undefined in that case. The
   * event comes back as stored (outbox `seq`, the JSON with its sequence set in), to publish from memory.
   */
  async append(
    values: AppendedMessage,
    at: Date,
    outbox?: { event: object; insert: OutboxInsert },
  ): Promise<AppendResult | undefined> {
    const { id } = values;
    const head = sql`(select sequence from head)`;
    const recorded = outbox
      ? sql`, recorded as (${outbox.insert(
          sql`jsonb_set(${JSON.stringify(outbox.event)}::jsonb, '{payload,sequence}', to_jsonb(${head}))`,
        )})`
      : sql``;
    const selected = outbox
      ? sql`created.sequence, recorded.seq, recorded.event from created, recorded`
      : sql`sequence from created`;
    try {
      const result = await this.db.execute(sql`
        with head as (
          update ${sessions} set last_sequence = last_sequence + 1, last_message_at = ${at.toISOString()}
          where id = ${values.sessionId} returning last_sequence as sequence
        ), created as (
          insert into ${messages} (id, session_id, organization_id, sequence, author, author_id, client_message_id,
            run_id, text, status, error, created_at, updated_at)
          values (${id}, ${values.sessionId}, ${values.organizationId}, ${head}, ${values.author}, ${values.authorId},
            ${values.clientMessageId ?? null}, ${values.runId ?? null}, ${values.text}, ${values.status},
            ${values.error ?? null}, ${at.toISOString()}, ${at.toISOString()})
          returning sequence
        ), logged as (
          insert into ${sessionEvents} (session_id, sequence, kind, message_id, occurred_at)
          values (${values.sessionId}, ${head}, 'MESSAGE_CREATED', ${id}, ${at.toISOString()})
        )${recorded}
        select ${selected}`);
      const [row] = (
        result as unknown as { rows: { sequence: number; seq?: string | number; event?: DomainEvent | string }[] }
      ).rows;
      const message: MessageRow = {
        id,
        sessionId: values.sessionId,
        organizationId: values.organizationId,
        sequence: Number(row.sequence),
        author: values.author,
        authorId: values.authorId,
        clientMessageId: values.clientMessageId ?? null,
        runId: values.runId ?? null,
        text: values.text,
        status: values.status,
        error: values.error ?? null,
        createdAt: at,
        updatedAt: at,
      };
      const event = outbox && row.event != null ? { seq: String(row.seq), event: eventOf(row.event) } : null;
      return { message, recorded: event };
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint !== null && IDEMPOTENCY_KEYS.has(constraint)) return undefined;
      throw error;
    }
  }

  /** Inserts a message; undefined when its client id (or run id) was already used in the session. */
  async insert(values: NewMessage): Promise<MessageRow | undefined> {
    const [row] = await this.db.insert(messages).values(values).onConflictDoNothing().returning();
    return row;
  }

  async appendEvent(sessionId: string, sequence: number, kind: SessionEventKind, messageId: string, at: Date) {
    await this.db.insert(sessionEvents).values({ sessionId, sequence, kind, messageId, occurredAt: at });
  }

  async byClientId(sessionId: string, author: MessageRow['author'], clientMessageId: string) {
    const [row] = await this.db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.sessionId, sessionId),
          eq(messages.author, author),
          eq(messages.clientMessageId, clientMessageId),
        ),
      );
    return row as MessageRow | undefined;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, MessageRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(messages)
      .where(inArray(messages.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Changes a message's status only if it still has `from`; undefined otherwise. */
  async transition(
    id: string,
    from: MessageStatus,
    to: MessageStatus,
    at: Date,
    error: string | null = null,
  ): Promise<MessageRow | undefined> {
    const [row] = await this.db
      .update(messages)
      .set({ status: to, error, updatedAt: at })
      .where(and(eq(messages.id, id), eq(messages.status, from)))
      .returning();
    return row;
  }

  /** A page of history by sequence: oldest first after `after`, or newest first before `before`. */
  async history(
    sessionId: string,
    page: { after?: number; before?: number; newestFirst: boolean; limit: number },
  ): Promise<MessageRow[]> {
    const conditions: SQL[] = [eq(messages.sessionId, sessionId)];
    if (page.after !== undefined) conditions.push(gt(messages.sequence, page.after));
    if (page.before !== undefined) conditions.push(lt(messages.sequence, page.before));
    return this.db
      .select()
      .from(messages)
      .where(and(...conditions))
      .orderBy(page.newestFirst ? desc(messages.sequence) : asc(messages.sequence))
      .limit(page.limit);
  }

  /** The session stream after `after` (exclusive), oldest first, with each message as it is now. */
  async stream(sessionId: string, after: number, limit: number): Promise<StreamEntry[]> {
    const rows = await this.db
      .select({ sequence: sessionEvents.sequence, kind: sessionEvents.kind, message: messages })
      .from(sessionEvents)
      .innerJoin(messages, eq(messages.id, sessionEvents.messageId))
      .where(and(eq(sessionEvents.sessionId, sessionId), gt(sessionEvents.sequence, after)))
      .orderBy(asc(sessionEvents.sequence))
      .limit(limit);
    return rows;
  }

  /** PENDING messages of every session with this agent, oldest first. */
  async pendingOfAgent(agentId: string): Promise<MessageRow[]> {
    const rows = await this.db
      .select({ message: messages })
      .from(messages)
      .innerJoin(sessions, eq(sessions.id, messages.sessionId))
      .where(and(eq(sessions.agentId, agentId), eq(messages.status, 'PENDING')))
      .orderBy(asc(messages.sessionId), asc(messages.sequence));
    return rows.map((row) => row.message);
  }

  /** Ids of messages PENDING since `before` or earlier, oldest first (the sweep's backstop). */
  async pendingSince(before: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.status, 'PENDING'), lte(messages.createdAt, before)))
      .orderBy(asc(messages.createdAt))
      .limit(limit);
    return rows.map((row) => row.id);
  }

  /** The newest message of each session, in one statement. */
  async lastOfSessions(sessionIds: readonly string[]): Promise<Map<string, MessageRow>> {
    if (sessionIds.length === 0) return new Map();
    const rows = await this.db
      .selectDistinctOn([messages.sessionId])
      .from(messages)
      .where(inArray(messages.sessionId, [...sessionIds]))
      .orderBy(messages.sessionId, desc(messages.sequence));
    return new Map(rows.map((row) => [row.sessionId, row]));
  }
}
