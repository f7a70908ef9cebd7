/** SQL for snapshots of every board and task (of all organizations, or one), in id order, a page at a time. */
import type { Database } from '@mc/kit';
import { and, asc, eq, gt } from 'drizzle-orm';
import { boards, tasks } from './tables.ts';

export class SnapshotStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async boards(organizationId: string | null, afterId: string | null, limit: number) {
    return this.db
      .select({
        id: boards.id,
        organizationId: boards.organizationId,
        groupId: boards.groupId,
        leadAgentId: boards.leadAgentId,
      })
      .from(boards)
      .where(
        and(
          organizationId ? eq(boards.organizationId, organizationId) : undefined,
          afterId ? gt(boards.id, afterId) : undefined,
        ),
      )
      .orderBy(asc(boards.id))
      .limit(limit);
  }

  async tasks(organizationId: string | null, afterId: string | null, limit: number) {
    return this.db
      .select({
        id: tasks.id,
        organizationId: tasks.organizationId,
        boardId: tasks.boardId,
        status: tasks.status,
        assigneeAgentId: tasks.assigneeAgentId,
      })
      .from(tasks)
      .where(
        and(
          organizationId ? eq(tasks.organizationId, organizationId) : undefined,
          afterId ? gt(tasks.id, afterId) : undefined,
        ),
      )
      .orderBy(asc(tasks.id))
      .limit(limit);
  }
}
