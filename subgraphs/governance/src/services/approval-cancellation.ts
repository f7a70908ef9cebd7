/**
 * Pending approvals whose subject disappeared in work are cancelled, from work's durable events
 * (`work.taskDeleted`, `work.boardDeleted`), in the consumer's transaction (once per event, kit
 * inbox). A board's deletion cancels all its pending approvals; a task's deletion cancels the
 * pending approvals it was the last task of, and drops the task from a pending approval that still
 * covers other tasks (that one stays pending for them: a decision about the remaining tasks is still
 * wanted), recording `governance.approvalTasksDropped` (the dropped and the remaining task ids) and its
 * timeline entry, filed under the dropped task. A cancellation records
 * status CANCELLED, resolvedAt (the event's time), the system actor `governance`, a reason,
 * `governance.approvalCancelled` and its timeline entry; the live topic goes out after commit.
 */
import type { AfterCommit, Database, DomainEvent } from '@mc/kit';
import type { WorkChange } from '@mc/kit/topics/work';
import { type ApprovalRow, ApprovalStore } from '../db/approval-store.ts';
import { governanceEvents } from '../domain-events.ts';
import type { Actor } from '../events.ts';
import type { ApprovalChanges } from './approval-changes.ts';

/** Who cancels: governance itself, reacting to work. */
export const CANCELLING_ACTOR: Actor = { kind: 'SYSTEM', id: 'governance' };

export const CANCEL_REASONS = {
  board: 'The board was deleted',
  tasks: 'Every task of this approval was deleted',
} as const;

export class ApprovalCancellation {
  private readonly changes: ApprovalChanges;

  constructor(changes: ApprovalChanges) {
    this.changes = changes;
  }

  /** Reacts to one of work's events in the consumer's transaction; the callback runs after commit. */
  async onWorkEvent(tx: Database, event: DomainEvent<WorkChange>): Promise<AfterCommit | undefined> {
    const change = event.payload ?? ({} as WorkChange);
    const at = new Date(event.occurredAt);
    let changed: ApprovalRow[] = [];
    if (event.topic === 'work.boardDeleted' && change.boardId) {
      changed = await this.cancelBoard(tx, change.boardId.toLowerCase(), at);
    } else if (event.topic === 'work.taskDeleted' && change.taskId) {
      changed = await this.dropTask(tx, change.taskId.toLowerCase(), at);
    }
    if (changed.length === 0) return undefined;
    return () => this.changes.published(changed);
  }

  private async cancelBoard(tx: Database, boardId: string, at: Date): Promise<ApprovalRow[]> {
    const store = new ApprovalStore(tx);
    const pending = await store.pendingOf({ boardId });
    const taskIds = await store.taskIdsOf(pending.map((row) => row.id));
    return this.cancelAll(tx, pending, taskIds, CANCEL_REASONS.board, at);
  }

  private async dropTask(tx: Database, taskId: string, at: Date): Promise<ApprovalRow[]> {
    const store = new ApprovalStore(tx);
    const pending = await store.pendingOf({ taskId });
    const taskIds = await store.taskIdsOf(pending.map((row) => row.id));
    const lastTask = pending.filter((row) => (taskIds.get(row.id) ?? []).every((id) => id === taskId));
    const dropped: ApprovalRow[] = [];
    for (const row of pending) {
      if (lastTask.includes(row)) continue;
      await store.removeTask(row.id, taskId);
      const before = taskIds.get(row.id) ?? [];
      const remaining = before.filter((id) => id !== taskId);
      await this.changes.recordTasksDropped(tx, row, remaining, [taskId], CANCELLING_ACTOR, before);
      dropped.push(row);
    }
    return [...dropped, ...(await this.cancelAll(tx, lastTask, taskIds, CANCEL_REASONS.tasks, at))];
  }

  private async cancelAll(
    tx: Database,
    rows: ApprovalRow[],
    taskIds: Map<string, string[]>,
    reason: string,
    at: Date,
  ): Promise<ApprovalRow[]> {
    const store = new ApprovalStore(tx);
    const cancelled: ApprovalRow[] = [];
    for (const row of rows) {
      const resolution = {
        status: 'CANCELLED',
        byKind: CANCELLING_ACTOR.kind,
        byId: CANCELLING_ACTOR.id,
        at,
        note: reason,
      } as const;
      const done = await store.resolve(row.id, resolution);
      if (!done) continue;
      const before = { status: 'PENDING' };
      await this.changes.record(
        tx,
        governanceEvents.approvalCancelled,
        done,
        taskIds.get(row.id) ?? [],
        CANCELLING_ACTOR,
        before,
      );
      cancelled.push(done);
    }
    return cancelled;
  }
}
