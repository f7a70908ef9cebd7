/** SQL for sessions: open-or-reopen, batched lookups, the per-session sequence, keyset pages. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { MessageRow } from './message-store.ts';
import { agentStates, assignments, messages, sessions } from './tables.ts';

export type SessionRow = typeof sessions.$inferSelect;

/** What a send or post checks before it writes, read in one statement. */
export interface WriteContext {
  session: SessionRow;
  /** The organization of the assignment of the session's H5 user to its agent; null when unassigned. */
  assignedIn: string | null;
  /** The agent as fleet last described it; null when chat never heard of it. */
  agent: { status: string; deletedAt: Date | null } | null;
  /** The caller's message stored under this client id already (a retry), or null. */
  existing: MessageRow | null;
}

/** Where a session sits in last-activity order: its last message's time (null: none yet), its id. */
export interface ActivityPosition {
  at: Date | null;
  id: string;
}

export type SessionListOrder =
  | { by: 'CREATED'; after?: CursorPosition }
  | { by: 'LAST_ACTIVITY'; after?: ActivityPosition };

export interface SessionListQuery {
  organizationId: string;
  agentId?: string;
  h5UserId?: string;
  order: SessionListOrder;
  limit: number;
}

function prepareWriteContext(db: Database) {
  return (
    db
      .select({
        session: sessions,
        assignedIn: assignments.organizationId,
        agentStatus: agentStates.status,
        agentDeletedAt: agentStates.deletedAt,
        existing: messages,
      })
      .from(sessions)
      .leftJoin(
        assignments,
        and(eq(assignments.h5UserId, sessions.h5UserId), eq(assignments.agentId, sessions.agentId)),
      )
      .leftJoin(agentStates, eq(agentStates.agentId, sessions.agentId))
      // A null client id matches nothing (`= null`).
      .leftJoin(
        messages,
        and(
          eq(messages.sessionId, sessions.id),
          eq(messages.author, sql.placeholder('author')),
          eq(messages.clientMessageId, sql.placeholder('clientMessageId')),
        ),
      )
      .where(eq(sessions.id, sql.placeholder('sessionId')))
      .prepare('chat_write_context')
  );
}

const writeContextQueries = new WeakMap<Database, ReturnType<typeof prepareWriteContext>>();

export class SessionStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** The H5 user's session with the agent, created on first open (`created` says whether this call made it). */
  async openOrGet(values: {
    organizationId: string;
    agentId: string;
    h5UserId: string;
  }): Promise<{ session: SessionRow; created: boolean }> {
    const [row] = await this.db
      .insert(sessions)
      .values(values)
      .onConflictDoNothing({ target: [sessions.h5UserId, sessions.agentId] })
      .returning();
    if (row) return { session: row, created: true };
    const [existing] = await this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.h5UserId, values.h5UserId), eq(sessions.agentId, values.agentId)));
    return { session: existing, created: false };
  }

  /** A session, and whether a message of run `runId` is stored in it already (an agent's reply: one read). */
  async withRun(id: string, runId: string): Promise<{ session: SessionRow; answered: boolean } | undefined> {
    const [row] = await this.db
      .select({
        session: sessions,
        answered: sql<boolean>`exists (select 1 from ${messages} where ${messages.sessionId} = ${sessions.id} and ${messages.runId} = ${runId})`,
      })
      .from(sessions)
      .where(eq(sessions.id, id));
    return row;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, SessionRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(sessions)
      .where(inArray(sessions.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Each session's stream head and whether its H5 user is still assigned to its agent (one statement
   * for all of them: the subscriptions' shared poll). Unknown ids are absent.
   */
  async heads(ids: readonly string[]): Promise<Map<string, { lastSequence: number; assigned: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: sessions.id, lastSequence: sessions.lastSequence, assignmentId: assignments.id })
      .from(sessions)
      .leftJoin(
        assignments,
        and(
          eq(assignments.h5UserId, sessions.h5UserId),
          eq(assignments.agentId, sessions.agentId),
          eq(assignments.organizationId, sessions.organizationId),
        ),
      )
      .where(inArray(sessions.id, [...ids]));
    return new Map(
      rows.map((row) => [row.id, { lastSequence: row.lastSequence, assigned: row.assignmentId !== null }]),
    );
  }

  /**
   * The session with its assignment, its agent and the `author`'s message under `clientMessageId`
   * (when given), in one statement; undefined when the session does not exist.
   */
  async writeContext(
    sessionId: string,
    author: MessageRow['author'],
    clientMessageId: string | null,
  ): Promise<WriteContext | undefined> {
    // Every send and post runs it: built once per database (a prepared statement on each connection).
    let query = writeContextQueries.get(this.db);
    if (!query) {
      query = prepareWriteContext(this.db);
      writeContextQueries.set(this.db, query);
    }
    const [row] = await query.execute({ sessionId, author, clientMessageId });
    if (!row) return undefined;
    return {
      session: row.session,
      assignedIn: row.assignedIn,
      agent: row.agentStatus === null ? null : { status: row.agentStatus, deletedAt: row.agentDeletedAt },
      existing: row.existing,
    };
  }

  /** Sessions of these (H5 user, agent) pairs, keyed `h5UserId:agentId`. */
  async byPairs(pairs: readonly { h5UserId: string; agentId: string }[]): Promise<Map<string, SessionRow>> {
    if (pairs.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(sessions)
      .where(or(...pairs.map((pair) => and(eq(sessions.h5UserId, pair.h5UserId), eq(sessions.agentId, pair.agentId)))));
    return new Map(rows.map((row) => [`${row.h5UserId}:${row.agentId}`, row]));
  }

  /**
   * Takes the session's next sequence number. The row lock it holds until the transaction ends
   * serializes writers of one session, so numbers are gap-free and committed in order.
   */
  async nextSequence(sessionId: string, at: Date, message: boolean): Promise<number> {
    const [row] = await this.db
      .update(sessions)
      .set({
        lastSequence: sql`${sessions.lastSequence} + 1`,
        ...(message ? { lastMessageAt: at } : {}),
      })
      .where(eq(sessions.id, sessionId))
      .returning({ sequence: sessions.lastSequence });
    return row.sequence;
  }

  /**
   * Newest first by creation (CREATED), or by the last message (LAST_ACTIVITY: sessions without a
   * message after all others); the id breaks ties in both, so the keyset cursor is exact. The
   * activity order is written as `sessions_org_activity_idx` is (NULLS LAST on both), so it can use it.
   */
  async list(query: SessionListQuery): Promise<SessionRow[]> {
    const conditions: (SQL | undefined)[] = [eq(sessions.organizationId, query.organizationId)];
    if (query.agentId) conditions.push(eq(sessions.agentId, query.agentId));
    if (query.h5UserId) conditions.push(eq(sessions.h5UserId, query.h5UserId));
    const { order } = query;
    if (order.by === 'CREATED') {
      if (order.after) {
        const { at, id } = order.after;
        conditions.push(or(lt(sessions.createdAt, at), and(eq(sessions.createdAt, at), lt(sessions.id, id))));
      }
      return this.db
        .select()
        .from(sessions)
        .where(and(...conditions))
        .orderBy(desc(sessions.createdAt), desc(sessions.id))
        .limit(query.limit);
    }
    if (order.after) {
      const { at, id } = order.after;
      conditions.push(
        at === null
          ? and(isNull(sessions.lastMessageAt), lt(sessions.id, id))
          : or(
              lt(sessions.lastMessageAt, at),
              and(eq(sessions.lastMessageAt, at), lt(sessions.id, id)),
              isNull(sessions.lastMessageAt),
            ),
      );
    }
    return this.db
      .select()
      .from(sessions)
      .where(and(...conditions))
      .orderBy(sql`${sessions.lastMessageAt} desc nulls last, ${sessions.id} desc nulls last`)
      .limit(query.limit);
  }
}
