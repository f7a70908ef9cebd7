/**
 * The work side of approvals: governance owns approvals and announces their changes as domain
 * events; work keeps a projection (`task_approvals`) that the move rules read. Applying an event
 * is idempotent and order-tolerant (a resolved approval never goes back to pending), so an
 * at-least-once consumer can call it as often as events arrive (`consumeApprovalEvents` does, in
 * the kit inbox's transaction).
 */

import { badInput, type Database, DomainError, type DomainEvent, isUuid, parseId, type SubgraphRuntime } from '@mc/kit';
import { type ApprovalChange, governanceEvents } from '@mc/kit/topics/governance';
import { type ApprovalStatus, TaskApprovalStore } from '../db/task-approval-store.ts';

export interface ApprovalEvent {
  approvalId: string;
  taskIds: readonly string[];
  status: ApprovalStatus;
  /** The approved action; only done actions open the done gate (`DONE_ACTION_TYPES`). */
  actionType?: string | null;
  /** When given, only this organization's tasks are affected. */
  organizationId?: string | null;
}

const STATUSES: readonly ApprovalStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];

export class TaskApprovalService {
  private readonly store: TaskApprovalStore;

  constructor(store: TaskApprovalStore) {
    this.store = store;
  }

  /** Returns the tasks whose approval state changed (empty when the event was already applied). */
  async applyApprovalEvent(event: ApprovalEvent, tx?: Database): Promise<{ changedTaskIds: string[] }> {
    const approvalId = parseId(event.approvalId, 'approvalId');
    if (!STATUSES.includes(event.status)) throw badInput('status is not an approval status', 'status');
    const taskIds = [...new Set(event.taskIds.map((id, index) => parseId(id, `taskIds.${index}`)))];
    const organizationId = event.organizationId == null ? undefined : parseId(event.organizationId, 'organizationId');
    const store = tx ? new TaskApprovalStore(tx) : this.store;
    const actionType = typeof event.actionType === 'string' ? event.actionType.slice(0, 100) : null;
    return { changedTaskIds: await store.apply(approvalId, taskIds, event.status, organizationId, actionType) };
  }
}

/**
 * Reacts to governance's approval events for the runtime's life (stopped by `stopRuntime`):
 * requested → PENDING, resolved → APPROVED/REJECTED, once per event (kit inbox). A malformed
 * event is logged and skipped, never retried forever.
 */
export function consumeApprovalEvents(runtime: SubgraphRuntime, service: TaskApprovalService): Promise<void> {
  return runtime.events.consume(
    [governanceEvents.approvalRequested, governanceEvents.approvalResolved],
    async (event: DomainEvent<ApprovalChange>, tx) => {
      const payload = event.payload ?? ({} as ApprovalChange);
      // Resolved approvals are APPROVED or REJECTED (`applyApprovalEvent` refuses anything else).
      const status =
        event.topic === governanceEvents.approvalRequested.name ? 'PENDING' : (payload.status as ApprovalStatus);
      const organizationId =
        typeof event.organizationId === 'string' && isUuid(event.organizationId) ? event.organizationId : null;
      try {
        if (!organizationId) throw badInput('the event names no organization', 'organizationId');
        await service.applyApprovalEvent(
          {
            approvalId: payload.approvalId,
            taskIds: Array.isArray(payload.taskIds) ? payload.taskIds : [],
            status,
            organizationId,
            actionType: payload.actionType ?? null,
          },
          tx,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        runtime.logger.warn(
          { err: error, eventId: event.id, topic: event.topic },
          'skipped a malformed approval event',
        );
      }
    },
    { consumer: 'work-approvals' },
  );
}
