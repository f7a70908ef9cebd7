/**
 * SQL for what governance knows about work's boards and tasks, built only from work's domain
 * events: board organization and group, task status now (`task_states`) and over time
 * (`task_transitions`). Writes are idempotent per event id.
 */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { boardGroupStates, boardStates, projectionBackfills, taskStates, taskTransitions } from './tables.ts';

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
    const set: PgUpdateSetSource<typeof boardStates> = { updatedAt: board.at };
    if (board.boardGroupId !== undefined) set.boardGroupId = board.boardGroupId;
    if (board.leadAgentId !== undefined) {
      // A late, older event never overwrites a newer lead (nor a newer snapshot's).
      const newer = sql`${boardStates.leadSetAt} is null or ${boardStates.leadSetAt} <= ${board.at}::timestamptz`;
      set.leadAgentId = sql`case when ${newer} then ${board.leadAgentId}::uuid else ${boardStates.leadAgentId} end`;
      set.leadSetAt = sql`case when ${newer} then ${board.at}::timestamptz else ${boardStates.leadSetAt} end`;
    }
    if (board.deleted) set.deletedAt = board.at;
    await this.db
      .insert(boardStates)
      .values({
        boardId: board.boardId,
        organizationId: board.organizationId,
        boardGroupId: board.boardGroupId ?? null,
        leadAgentId: board.leadAgentId ?? null,
        leadSetAt: board.leadAgentId !== undefined ? board.at : null,
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

  /** Which of these boards have a task (not deleted) assigned to `agentId`, per the events. */
  async boardsAssignedTo(agentId: string, boardIds: readonly string[]): Promise<Set<string>> {
    if (boardIds.length === 0) return new Set();
    const rows = await this.db
      .selectDistinct({ boardId: taskStates.boardId })
      .from(taskStates)
      .where(
        and(
          eq(taskStates.assigneeAgentId, agentId),
          inArray(taskStates.boardId, [...boardIds]),
          isNull(taskStates.deletedAt),
        ),
      );
    return new Set(rows.map((row) => row.boardId));
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

  /**
   * Work's snapshot of a board as of `at`: a board never heard of gets its row; a known one takes the
   * lead unless an event at or after `at` set it (the snapshot would undo a newer change).
   */
  async applyBoardSnapshot(board: {
    boardId: string;
    organizationId: string;
    boardGroupId: string | null;
    leadAgentId: string | null;
    at: Date;
  }): Promise<void> {
    await this.db
      .insert(boardStates)
      .values({ ...board, leadSetAt: board.at, deletedAt: null, updatedAt: board.at })
      .onConflictDoUpdate({
        target: boardStates.boardId,
        set: { leadAgentId: board.leadAgentId, leadSetAt: board.at },
        setWhere: and(
          or(isNull(boardStates.leadSetAt), lt(boardStates.leadSetAt, board.at)),
          isNull(boardStates.deletedAt),
        ),
      });
  }

  /**
   * Work's snapshot of a task as of `at`: a task never heard of gets its state row (no transition:
   * its history is unknown); the assignee is taken unless a newer assignment was applied.
   */
  async applyTaskSnapshot(task: {
    taskId: string;
    organizationId: string;
    boardId: string;
    status: string;
    assigneeAgentId: string | null;
    at: Date;
  }): Promise<void> {
    await this.db
      .insert(taskStates)
      .values({
        taskId: task.taskId,
        organizationId: task.organizationId,
        boardId: task.boardId,
        status: task.status,
        updatedAt: task.at,
      })
      .onConflictDoNothing({ target: taskStates.taskId });
    await this.db
      .update(taskStates)
      .set({ assigneeAgentId: task.assigneeAgentId, assignedAt: task.at })
      .where(
        and(
          eq(taskStates.taskId, task.taskId),
          isNull(taskStates.deletedAt),
          or(isNull(taskStates.assignedAt), lt(taskStates.assignedAt, task.at)),
        ),
      );
  }

  /** Records that this database asked for the backfill `name`; false when it already had. */
  async claimBackfill(name: string, at: Date): Promise<boolean> {
    const claimed = await this.db
      .insert(projectionBackfills)
      .values({ name, requestedAt: at })
      .onConflictDoNothing({ target: projectionBackfills.name })
      .returning({ name: projectionBackfills.name });
    return claimed.length > 0;
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
