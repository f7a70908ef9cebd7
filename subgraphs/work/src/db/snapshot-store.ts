/** SQL for snapshots of every board and task (all organizations), in id order, a page at a time. */
import type { Database } from '@mc/kit';
import { asc, gt } from 'drizzle-orm';
import { boards, tasks } from './tables.ts';

export class SnapshotStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async boards(afterId: string | null, limit: number) {
    return this.db
      .select({
        id: boards.id,
        organizationId: boards.organizationId,
        groupId: boards.groupId,
        leadAgentId: boards.leadAgentId,
      })
      .from(boards)
      .where(afterId ? gt(boards.id, afterId) : undefined)
      .orderBy(asc(boards.id))
      .limit(limit);
  }

  async tasks(afterId: string | null, limit: number) {
    return this.db
      .select({
        id: tasks.id,
        organizationId: tasks.organizationId,
        boardId: tasks.boardId,
        status: tasks.status,
        assigneeAgentId: tasks.assigneeAgentId,
      })
      .from(tasks)
      .where(afterId ? gt(tasks.id, afterId) : undefined)
      .orderBy(asc(tasks.id))
      .limit(limit);
  }
}
