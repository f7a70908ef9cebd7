/**
 * SQL for what governance knows about work's boards and tasks, built only from work's domain
 * events: board organization and group, task status now (`task_states`) and over time
 * (`task_transitions`). Writes are idempotent per event id.
 */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { boardGroupStates, boardStates, taskStates, taskTransitions } from './tables.ts';

export type BoardStateRow = typeof boardStates.$inferSelect;
export type BoardGroupStateRow = typeof boardGroupStates.$inferSelect;
export type TaskStateRow = typeof taskStates.$inferSelect;
export type TransitionRow = typeof taskTransitions.$inferSelect;

export interface Transition {
  eventId: string;
  organizationId: string;
  boardId: string;
  taskId: string;
  fromStatus: string | null;
  toStatus: string;
  at: Date;
}

export class ProjectionStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Records a board's organization and, when the event says, its group and lead agent. */
  async upsertBoard(board: {
    boardId: string;
    organizationId: string;
    boardGroupId?: string | null;
    leadAgentId?: string | null;
    deleted?: boolean;
    at: Date;
  }): Promise<void> {
    const set: Partial<BoardStateRow> = { updatedAt: board.at };
    if (board.boardGroupId !== undefined) set.boardGroupId = board.boardGroupId;
    if (board.leadAgentId !== undefined) set.leadAgentId = board.leadAgentId;
    if (board.deleted) set.deletedAt = board.at;
    await this.db
      .insert(boardStates)
      .values({
        boardId: board.boardId,
        organizationId: board.organizationId,
        boardGroupId: board.boardGroupId ?? null,
        leadAgentId: board.leadAgentId ?? null,
        deletedAt: board.deleted ? board.at : null,
        updatedAt: board.at,
      })
      .onConflictDoUpdate({ target: boardStates.boardId, set });
  }

  async upsertGroup(group: { boardGroupId: string; organizationId: string; deleted?: boolean; at: Date }) {
    const deletedAt = group.deleted ? group.at : null;
    await this.db
      .insert(boardGroupStates)
      .values({
        boardGroupId: group.boardGroupId,
        organizationId: group.organizationId,
        deletedAt,
        updatedAt: group.at,
      })
      .onConflictDoUpdate({
        target: boardGroupStates.boardGroupId,
        set: group.deleted ? { deletedAt, updatedAt: group.at } : { updatedAt: group.at },
      });
    // A deleted group's boards still exist, ungrouped.
    if (group.deleted) {
      await this.db
        .update(boardStates)
        .set({ boardGroupId: null })
        .where(eq(boardStates.boardGroupId, group.boardGroupId));
    }
  }

  async group(id: string): Promise<BoardGroupStateRow | undefined> {
    const [row] = await this.db.select().from(boardGroupStates).where(eq(boardGroupStates.boardGroupId, id));
    return row;
  }

  async boards(ids: readonly string[]): Promise<Map<string, BoardStateRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(boardStates)
      .where(inArray(boardStates.boardId, [...ids]));
    return new Map(rows.map((row) => [row.boardId, row]));
  }

  async tasks(ids: readonly string[]): Promise<Map<string, TaskStateRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(taskStates)
      .where(inArray(taskStates.taskId, [...ids]));
    return new Map(rows.map((row) => [row.taskId, row]));
  }

  /** Boards of a group that still exist, per the events. */
  async boardsOfGroup(organizationId: string, boardGroupId: string): Promise<string[]> {
    const rows = await this.db
      .select({ boardId: boardStates.boardId })
      .from(boardStates)
      .where(
        and(
          eq(boardStates.organizationId, organizationId),
          eq(boardStates.boardGroupId, boardGroupId),
          isNull(boardStates.deletedAt),
        ),
      );
    return rows.map((row) => row.boardId);
  }

  /** Appends a status change and folds it into the task's current state (idempotent per event). */
  async applyTransition(transition: Transition): Promise<void> {
    const inserted = await this.db
      .insert(taskTransitions)
      .values(transition)
      .onConflictDoNothing({ target: taskTransitions.eventId })
      .returning({ seq: taskTransitions.seq });
    if (inserted.length === 0) return;
    const deleted = transition.toStatus === 'DELETED';
    const inProgress = transition.toStatus === 'IN_PROGRESS' ? transition.at : null;
    const done = transition.toStatus === 'DONE' ? transition.at : null;
    await this.db
      .insert(taskStates)
      .values({
        taskId: transition.taskId,
        organizationId: transition.organizationId,
        boardId: transition.boardId,
        status: deleted ? (transition.fromStatus ?? 'INBOX') : transition.toStatus,
        firstInProgressAt: inProgress,
        doneAt: done,
        deletedAt: deleted ? transition.at : null,
        updatedAt: transition.at,
      })
      .onConflictDoUpdate({
        target: taskStates.taskId,
        set: {
          // A late, older event never overwrites a newer status.
          status: deleted
            ? sql`${taskStates.status}`
            : sql`case when ${taskStates.updatedAt} <= ${transition.at}::timestamptz then ${transition.toStatus} else ${taskStates.status} end`,
          firstInProgressAt: sql`least(${taskStates.firstInProgressAt}, ${inProgress}::timestamptz)`,
          doneAt: done ? sql`greatest(${taskStates.doneAt}, ${done}::timestamptz)` : sql`${taskStates.doneAt}`,
          deletedAt: deleted ? transition.at : sql`${taskStates.deletedAt}`,
          updatedAt: sql`greatest(${taskStates.updatedAt}, ${transition.at}::timestamptz)`,
        },
      });
  }

  /**
   * Records a task's assignee agent as of `at` (after its state row exists); a late, older event
   * never overwrites a newer assignment.
   */
  async setAssignee(taskId: string, assigneeAgentId: string | null, at: Date): Promise<void> {
    await this.db
      .update(taskStates)
      .set({ assigneeAgentId, assignedAt: at })
      .where(and(eq(taskStates.taskId, taskId), or(isNull(taskStates.assignedAt), lte(taskStates.assignedAt, at))));
  }

  /** Every transition of these boards before `until`, oldest first (for metrics). */
  async transitions(boardIds: readonly string[], until: Date): Promise<TransitionRow[]> {
    if (boardIds.length === 0) return [];
    return this.db
      .select()
      .from(taskTransitions)
      .where(and(inArray(taskTransitions.boardId, [...boardIds]), lt(taskTransitions.at, until)))
      .orderBy(asc(taskTransitions.at), asc(taskTransitions.seq));
  }
}
