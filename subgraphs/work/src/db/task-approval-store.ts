/** SQL for the task-approval projection (governance approvals as seen by work). */
import type { Database } from '@mc/kit';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { taskApprovals, tasks } from './tables.ts';

export type ApprovalStatus = (typeof taskApprovals.$inferSelect)['status'];

export interface TaskApprovalState {
  pending: boolean;
  approved: boolean;
}

export class TaskApprovalStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async stateOf(taskId: string): Promise<TaskApprovalState> {
    const rows = await this.db
      .selectDistinct({ status: taskApprovals.status })
      .from(taskApprovals)
      .where(eq(taskApprovals.taskId, taskId));
    const statuses = new Set(rows.map((row) => row.status));
    return { pending: statuses.has('PENDING'), approved: statuses.has('APPROVED') };
  }

  /**
   * Records an approval's status for the tasks that exist here (unknown ids are skipped). A
   * resolved approval is final: a late or redelivered PENDING never overwrites APPROVED/REJECTED,
   * so applying events again, or out of order, converges to the same rows. Returns the task ids
   * whose row was inserted or changed. With `organizationId`, other organizations' tasks are skipped.
   */
  async apply(
    approvalId: string,
    taskIds: readonly string[],
    status: ApprovalStatus,
    organizationId?: string,
  ): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const existing = this.db
      .select({
        approvalId: sql`${approvalId}::uuid`.as('approval_id'),
        taskId: tasks.id,
        status: sql`${status}::work.approval_status`.as('status'),
        updatedAt: sql`now()`.as('updated_at'),
      })
      .from(tasks)
      .where(
        and(inArray(tasks.id, [...taskIds]), organizationId ? eq(tasks.organizationId, organizationId) : undefined),
      );
    const rows = await this.db
      .insert(taskApprovals)
      .select(existing)
      .onConflictDoUpdate({
        target: [taskApprovals.approvalId, taskApprovals.taskId],
        set: { status, updatedAt: new Date() },
        setWhere: and(eq(taskApprovals.status, 'PENDING'), sql`${taskApprovals.status} <> excluded.status`),
      })
      .returning({ taskId: taskApprovals.taskId });
    return rows.map((row) => row.taskId);
  }
}
