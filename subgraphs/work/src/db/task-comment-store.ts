/** SQL for task comments: keyset pages per task and inserts. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, eq, gt, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
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
    const result = new Map<string, TaskCommentRow[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return result;
    const conditions: (SQL | undefined)[] = [inArray(taskComments.taskId, [...taskIds])];
    if (after) {
      conditions.push(
        or(
          gt(taskComments.createdAt, after.at),
          and(eq(taskComments.createdAt, after.at), gt(taskComments.id, after.id)),
        ),
      );
    }
    const ranked = this.db
      .select({
        id: taskComments.id,
        taskId: taskComments.taskId,
        authorKind: taskComments.authorKind,
        authorId: taskComments.authorId,
        body: taskComments.body,
        mentions: taskComments.mentions,
        createdAt: taskComments.createdAt,
        updatedAt: taskComments.updatedAt,
        rank: sql<number>`row_number() over (partition by ${taskComments.taskId} order by ${taskComments.createdAt}, ${taskComments.id})`.as(
          'rank',
        ),
      })
      .from(taskComments)
      .where(and(...conditions))
      .as('ranked');
    const rows = await this.db
      .select()
      .from(ranked)
      .where(lte(ranked.rank, limit))
      .orderBy(asc(ranked.createdAt), asc(ranked.id));
    for (const { rank: _rank, ...row } of rows) result.get(row.taskId)?.push(row);
    return result;
  }

  async create(values: NewTaskComment): Promise<TaskCommentRow> {
    const [row] = await this.db.insert(taskComments).values(values).returning();
    return row;
  }
}
