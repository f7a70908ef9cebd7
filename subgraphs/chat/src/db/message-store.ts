/** SQL for messages and the session stream: inserts, idempotency look-ups, history and replay pages. */
import type { Database } from '@mc/kit';
import { and, asc, desc, eq, gt, inArray, lt, lte, type SQL } from 'drizzle-orm';
import { messages, sessionEvents, sessions } from './tables.ts';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type MessageStatus = MessageRow['status'];
export type SessionEventKind = (typeof sessionEvents.$inferSelect)['kind'];

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

  async byRunId(sessionId: string, runId: string): Promise<MessageRow | undefined> {
    const [row] = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.runId, runId)));
    return row;
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
