/**
 * SQL for the activity timeline: idempotent appends (each also on its organization's lossless
 * stream, `activity:<organizationId>`) and keyset lists, newest first. No updates, no deletes.
 */
import { randomUUID } from 'node:crypto';
import { appendToStream, type CursorPosition, type Database } from '@mc/kit';
import { and, arrayContains, desc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { activity, governanceSchema } from './tables.ts';

export type ActivityRow = typeof activity.$inferSelect;
export type NewActivity = typeof activity.$inferInsert;

/** The lossless stream of an organization's timeline (`Subscription.activityEvents`). */
export const activityStreamKey = (organizationId: string) => `activity:${organizationId}`;

export interface ActivityListQuery {
  organizationId: string;
  /** `all`, or the boards whose entries the caller may see (entries without a board are always visible). */
  readable: 'all' | readonly string[];
  boardId?: string;
  taskId?: string;
  actorKind?: string;
  actorId?: string;
  verbs?: readonly string[];
  since?: Date;
  until?: Date;
  after?: CursorPosition;
  limit: number;
}

const schemaName = governanceSchema.schemaName;

export class ActivityStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * Appends one entry with the next sequence of its organization's stream; call it in the
   * transaction of the change. A redelivered event (same event id) adds nothing (a concurrent
   * duplicate fails on the unique event id and rolls back). Returns whether it was new.
   */
  async append(entry: NewActivity): Promise<boolean> {
    const [known] = await this.db
      .select({ id: activity.id })
      .from(activity)
      .where(eq(activity.eventId, entry.eventId))
      .limit(1);
    if (known) return false;
    const row = { ...entry, id: entry.id ?? randomUUID() };
    const { seq } = await appendToStream(this.db, schemaName, activityStreamKey(row.organizationId), row);
    await this.db.insert(activity).values({ ...row, sequence: seq });
    return true;
  }

  /** One statement, newest first. */
  async list(query: ActivityListQuery): Promise<ActivityRow[]> {
    const conditions: (SQL | undefined)[] = [eq(activity.organizationId, query.organizationId)];
    if (query.readable !== 'all') {
      conditions.push(
        query.readable.length === 0
          ? isNull(activity.boardId)
          : or(isNull(activity.boardId), inArray(activity.boardId, [...query.readable])),
      );
    }
    if (query.boardId) conditions.push(eq(activity.boardId, query.boardId));
    if (query.taskId) {
      conditions.push(or(eq(activity.taskId, query.taskId), arrayContains(activity.taskIds, [query.taskId])));
    }
    if (query.actorKind) conditions.push(eq(activity.actorKind, query.actorKind));
    if (query.actorId) conditions.push(eq(activity.actorId, query.actorId));
    if (query.verbs) conditions.push(inArray(activity.verb, [...query.verbs]));
    if (query.since) conditions.push(gte(activity.occurredAt, query.since));
    if (query.until) conditions.push(lt(activity.occurredAt, query.until));
    if (query.after) {
      const { at, id } = query.after;
      conditions.push(or(lt(activity.occurredAt, at), and(eq(activity.occurredAt, at), lt(activity.id, id))));
    }
    return this.db
      .select()
      .from(activity)
      .where(and(...conditions))
      .orderBy(desc(activity.occurredAt), desc(activity.id))
      .limit(query.limit);
  }
}
