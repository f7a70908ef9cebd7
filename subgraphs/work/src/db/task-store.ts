/** SQL for tasks: batched lookups, filtered keyset pages, grouped counts and versioned writes. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, count, eq, exists, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { afterPosition } from './keyset.ts';
import { type ResolvedMention, taskComments, tasks, taskTags } from './tables.ts';

export type TaskRow = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
export type TaskStatus = TaskRow['status'];
export type TaskPriority = TaskRow['priority'];
export type TaskPatch = Partial<Pick<TaskRow, 'title' | 'description' | 'priority' | 'dueAt' | 'assigneeAgentId'>>;

export const TASK_STATUSES: readonly TaskStatus[] = ['INBOX', 'IN_PROGRESS', 'REVIEW', 'DONE'];

export interface TaskFilter {
  statuses?: readonly TaskStatus[];
  assigneeAgentId?: string;
  dueBefore?: Date;
  text?: string;
  tagId?: string;
  /** Only tasks assigned to this agent or unassigned (what a worker agent sees). */
  ownOrUnassignedOf?: string;
}

export interface TaskListQuery {
  boardId: string;
  filter: TaskFilter;
  after?: CursorPosition;
  limit: number;
}

export type TaskCounts = Record<TaskStatus, number>;

/** A comment written in the same transaction as a status change. */
export interface MoveComment {
  authorKind: TaskRow['createdByKind'];
  authorId: string;
  body: string;
  mentions: string[];
  resolvedMentions: ResolvedMention[];
}

export class TaskStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, TaskRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(tasks)
      .where(inArray(tasks.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** One statement, whatever the filter and page size. */
  async list(query: TaskListQuery): Promise<TaskRow[]> {
    const { filter } = query;
    const conditions: (SQL | undefined)[] = [eq(tasks.boardId, query.boardId)];
    if (filter.statuses?.length) conditions.push(inArray(tasks.status, [...filter.statuses]));
    if (filter.assigneeAgentId) conditions.push(eq(tasks.assigneeAgentId, filter.assigneeAgentId));
    if (filter.ownOrUnassignedOf) {
      conditions.push(or(isNull(tasks.assigneeAgentId), eq(tasks.assigneeAgentId, filter.ownOrUnassignedOf)));
    }
    if (filter.dueBefore) conditions.push(lt(tasks.dueAt, filter.dueBefore));
    if (filter.tagId) {
      const tagged = this.db
        .select({ one: sql`1` })
        .from(taskTags)
        .where(and(eq(taskTags.taskId, tasks.id), eq(taskTags.tagId, filter.tagId)));
      conditions.push(exists(tagged));
    }
    if (filter.text) {
      const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(or(ilike(tasks.title, pattern), ilike(tasks.description, pattern)));
    }
    if (query.after) {
      conditions.push(afterPosition(tasks.createdAt, tasks.id, query.after));
    }
    return this.db
      .select()
      .from(tasks)
      .where(and(...conditions))
      .orderBy(asc(tasks.createdAt), asc(tasks.id))
      .limit(query.limit);
  }

  /** Tasks per status for many boards in one grouped statement; boards without tasks count zero. */
  async countsByBoard(boardIds: readonly string[]): Promise<Map<string, TaskCounts>> {
    const result = new Map<string, TaskCounts>(boardIds.map((id) => [id, emptyCounts()]));
    if (boardIds.length === 0) return result;
    const rows = await this.db
      .select({ boardId: tasks.boardId, status: tasks.status, n: count() })
      .from(tasks)
      .where(inArray(tasks.boardId, [...boardIds]))
      .groupBy(tasks.boardId, tasks.status);
    for (const row of rows) {
      const counts = result.get(row.boardId);
      if (counts) counts[row.status] = Number(row.n);
    }
    return result;
  }

  async create(values: NewTask): Promise<TaskRow> {
    const [row] = await this.db.insert(tasks).values(values).returning();
    return row;
  }

  /**
   * Compare-and-set: applies `patch` only while the task is still at `version`, bumping it.
   * Returns undefined when the task moved on (or is gone); the caller decides what that means.
   */
  async update(id: string, version: number, patch: TaskPatch): Promise<TaskRow | undefined> {
    const [row] = await this.db
      .update(tasks)
      .set({ ...patch, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
      .where(and(eq(tasks.id, id), eq(tasks.version, version)))
      .returning();
    return row;
  }

  /**
   * Compare-and-set of the status (and of the assignment, for an agent's hand-off); the optional
   * comment is written in the same transaction.
   */
  async move(
    id: string,
    version: number,
    status: TaskStatus,
    comment?: MoveComment,
    handoff?: Pick<TaskRow, 'assigneeAgentId' | 'lastWorkerAgentId'>,
  ): Promise<{ task: TaskRow; commentId: string | null } | undefined> {
    return this.db.transaction(async (tx) => {
      const [task] = await tx
        .update(tasks)
        .set({ status, ...handoff, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
        .where(and(eq(tasks.id, id), eq(tasks.version, version)))
        .returning();
      if (!task) return undefined;
      if (!comment) return { task, commentId: null };
      const [stored] = await tx
        .insert(taskComments)
        .values({ taskId: id, ...comment })
        .returning({ id: taskComments.id });
      return { task, commentId: stored.id };
    });
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(tasks).where(eq(tasks.id, id)).returning({ id: tasks.id });
    return rows.length > 0;
  }
}

export function emptyCounts(): TaskCounts {
  return { INBOX: 0, IN_PROGRESS: 0, REVIEW: 0, DONE: 0 };
}
