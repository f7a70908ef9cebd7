/** SQL for the task-approval projection (governance approvals as seen by work). */
import type { Database } from '@mc/kit';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { taskApprovals, tasks } from './tables.ts';

export type ApprovalStatus = (typeof taskApprovals.$inferSelect)['status'];

/**
 * The action types whose granted approval opens the done gate (compared case-insensitively). An
 * approval of any other action (e.g. `deploy`) still blocks status changes while it is pending, but
 * never lets a task finish. Rows without an action type come from events recorded before governance
 * carried it and count as done approvals.
 */
export const DONE_ACTION_TYPES: readonly string[] = ['task.done', 'task_done', 'mark_done'];

export interface TaskApprovalState {
  pending: boolean;
  approved: boolean;
}

export class TaskApprovalStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * `pending`: some approval of the task (any action) awaits its decision. `approved`: a granted
   * done approval (`DONE_ACTION_TYPES`) that no earlier arrival in DONE has spent.
   */
  async stateOf(taskId: string): Promise<TaskApprovalState> {
    const [row] = await this.db
      .select({
        pending: sql<boolean>`coalesce(bool_or(${taskApprovals.status} = 'PENDING'), false)`,
        approved: sql<boolean>`coalesce(bool_or(${doneGrant}), false)`,
      })
      .from(taskApprovals)
      .where(eq(taskApprovals.taskId, taskId));
    return { pending: row?.pending === true, approved: row?.approved === true };
  }

  /**
   * The task entered DONE: its granted done approvals are spent, so a task reopened later (or moved
   * back) needs a new approval to finish again. Run in the move's transaction.
   */
  async spend(taskId: string, at: Date): Promise<void> {
    await this.db
      .update(taskApprovals)
      .set({ spentAt: at })
      .where(and(eq(taskApprovals.taskId, taskId), doneGrant));
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
    actionType?: string | null,
  ): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const existing = this.db
      .select({
        approvalId: sql`${approvalId}::uuid`.as('approval_id'),
        taskId: tasks.id,
        status: sql`${status}::work.approval_status`.as('status'),
        actionType: sql`${actionType ?? null}::text`.as('action_type'),
        spentAt: sql`null::timestamptz`.as('spent_at'),
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
        set: {
          status,
          actionType: sql`coalesce(excluded.action_type, ${taskApprovals.actionType})`,
          updatedAt: new Date(),
        },
        setWhere: and(eq(taskApprovals.status, 'PENDING'), sql`${taskApprovals.status} <> excluded.status`),
      })
      .returning({ taskId: taskApprovals.taskId });
    return rows.map((row) => row.taskId);
  }
}

/** A granted, unspent approval of a done action (or of an unknown action, from older events). */
const doneGrant = and(
  eq(taskApprovals.status, 'APPROVED'),
  isNull(taskApprovals.spentAt),
  or(isNull(taskApprovals.actionType), inArray(sql`lower(${taskApprovals.actionType})`, [...DONE_ACTION_TYPES])),
);
