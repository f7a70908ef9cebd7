/** SQL for task comments: keyset pages per task and inserts. */
import type { Database } from '@mc/kit';
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { Position } from '../services/pagination.ts';
import { taskComments } from './tables.ts';

export type TaskCommentRow = typeof taskComments.$inferSelect;
export type NewTaskComment = typeof taskComments.$inferInsert;

export class TaskCommentStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async list(taskId: string, after: Position | undefined, limit: number): Promise<TaskCommentRow[]> {
    const conditions: (SQL | undefined)[] = [eq(taskComments.taskId, taskId)];
    if (after) {
      conditions.push(
        or(
          gt(taskComments.createdAt, after.createdAt),
          and(eq(taskComments.createdAt, after.createdAt), gt(taskComments.id, after.id)),
        ),
      );
    }
    return this.db
      .select()
      .from(taskComments)
      .where(and(...conditions))
      .orderBy(asc(taskComments.createdAt), asc(taskComments.id))
      .limit(limit);
  }

  async create(values: NewTaskComment): Promise<TaskCommentRow> {
    const [row] = await this.db.insert(taskComments).values(values).returning();
    return row;
  }
}
