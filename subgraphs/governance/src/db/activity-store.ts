/** SQL for the activity timeline: idempotent appends and keyset lists, newest first. No updates, no deletes. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, arrayContains, desc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { activity } from './tables.ts';

export type ActivityRow = typeof activity.$inferSelect;
export type NewActivity = typeof activity.$inferInsert;

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

export class ActivityStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Appends one entry; a redelivered event (same event id) adds nothing. Returns whether it was new. */
  async append(entry: NewActivity): Promise<boolean> {
    const rows = await this.db
      .insert(activity)
      .values(entry)
      .onConflictDoNothing({ target: activity.eventId })
      .returning({ id: activity.id });
    return rows.length > 0;
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
