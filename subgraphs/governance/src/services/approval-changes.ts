/**
 * How an approval change is recorded: its domain event (outbox, for work's done gate and any other
 * consumer) and its activity entry, in the transaction of the change; then, after commit, the outbox
 * is relayed and the live `approvalChanged` topic tells the console's queues to refresh.
 */
import type { Database, DomainEvents, EventBus } from '@mc/kit';
import { ActivityStore } from '../db/activity-store.ts';
import type { ApprovalRow } from '../db/approval-store.ts';
import { type ApprovalChange, governanceEvents } from '../domain-events.ts';
import { type Actor, approvalChanged } from '../events.ts';

export type ApprovalTopic = Exclude<
  (typeof governanceEvents)[keyof typeof governanceEvents],
  typeof governanceEvents.approvalTasksDropped
>;

export class ApprovalChanges {
  private readonly events: DomainEvents;
  private readonly bus: EventBus;

  constructor(events: DomainEvents, bus: EventBus) {
    this.events = events;
    this.bus = bus;
  }

  async record(
    tx: Database,
    topic: ApprovalTopic,
    row: ApprovalRow,
    taskIds: string[],
    actor: Actor,
    before: Record<string, unknown> | null,
  ): Promise<void> {
    const payload: ApprovalChange = {
      approvalId: row.id,
      boardId: row.boardId,
      taskIds,
      status: row.status,
      actionType: row.actionType,
    };
    const event = await this.events.record(tx, topic, payload, { organizationId: row.organizationId, actor });
    await new ActivityStore(tx).append({
      eventId: event.id,
      organizationId: row.organizationId,
      boardId: row.boardId,
      taskId: taskIds.length === 1 ? taskIds[0] : null,
      taskIds: taskIds.length > 1 ? taskIds : null,
      actorKind: actor.kind,
      actorId: actor.id,
      verb: topic.name,
      targetType: 'APPROVAL',
      targetId: row.id,
      before,
      after: {
        status: row.status,
        actionType: row.actionType,
        taskIds,
        ...(row.resolutionNote ? { note: row.resolutionNote } : {}),
      },
      occurredAt: new Date(event.occurredAt),
    });
  }

  /**
   * Deleted tasks dropped from a pending approval that still covers `remaining`: its own event and
   * timeline entry (filed under the dropped tasks), so the change is visible where the deletion is.
   */
  async recordTasksDropped(
    tx: Database,
    row: ApprovalRow,
    remaining: string[],
    dropped: string[],
    actor: Actor,
    before: string[],
  ): Promise<void> {
    const payload = {
      approvalId: row.id,
      boardId: row.boardId,
      taskIds: remaining,
      droppedTaskIds: dropped,
      status: row.status,
      actionType: row.actionType,
    };
    const topic = governanceEvents.approvalTasksDropped;
    const event = await this.events.record(tx, topic, payload, { organizationId: row.organizationId, actor });
    await new ActivityStore(tx).append({
      eventId: event.id,
      organizationId: row.organizationId,
      boardId: row.boardId,
      taskId: dropped.length === 1 ? dropped[0] : null,
      taskIds: dropped.length > 1 ? dropped : null,
      actorKind: actor.kind,
      actorId: actor.id,
      verb: topic.name,
      targetType: 'APPROVAL',
      targetId: row.id,
      before: { taskIds: before },
      after: { status: row.status, actionType: row.actionType, taskIds: remaining, droppedTaskIds: dropped },
      occurredAt: new Date(event.occurredAt),
    });
  }

  /** After the change committed: relay its events now and tell live readers. */
  async published(rows: readonly ApprovalRow[]): Promise<void> {
    await this.events.publish();
    for (const row of rows) {
      await this.bus.publish(approvalChanged, {
        organizationId: row.organizationId,
        boardId: row.boardId,
        approvalId: row.id,
      });
    }
  }
}
