/** SQL for task comments: keyset pages per task and inserts. */
import type { CursorPosition, Database } from '@mc/kit';
import { pagesPerParent } from './keyset.ts';
import { taskComments } from './tables.ts';

export type TaskCommentRow = typeof taskComments.$inferSelect;
export type NewTaskComment = typeof taskComments.$inferInsert;

export class TaskCommentStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * The first `limit` comments after `after` of each task, in one statement (a window per task),
   * oldest first.
   */
  async pages(
    taskIds: readonly string[],
    after: CursorPosition | undefined,
    limit: number,
  ): Promise<Map<string, TaskCommentRow[]>> {
    return pagesPerParent({
      db: this.db,
      table: taskComments,
      parent: taskComments.taskId,
      parentOf: (row) => row.taskId,
      parentIds: taskIds,
      after,
      limit,
    });
  }

  async create(values: NewTaskComment): Promise<TaskCommentRow> {
    const [row] = await this.db.insert(taskComments).values(values).returning();
    return row;
  }
}
