/**
 * The work side of approvals: governance owns approvals and announces their changes as domain
 * events; work keeps a projection (`task_approvals`) that the move rules read. Applying an event
 * is idempotent and order-tolerant (a resolved approval never goes back to pending), so an
 * at-least-once consumer can call it as often as events arrive. The consumer wiring comes with
 * the governance subgraph.
 */
import { badInput, parseId } from '@mc/kit';
import type { ApprovalStatus, TaskApprovalStore } from '../db/task-approval-store.ts';

export interface ApprovalEvent {
  approvalId: string;
  taskIds: readonly string[];
  status: ApprovalStatus;
}

const STATUSES: readonly ApprovalStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];

export class TaskApprovalService {
  private readonly store: TaskApprovalStore;

  constructor(store: TaskApprovalStore) {
    this.store = store;
  }

  /** Returns the tasks whose approval state changed (empty when the event was already applied). */
  async applyApprovalEvent(event: ApprovalEvent): Promise<{ changedTaskIds: string[] }> {
    const approvalId = parseId(event.approvalId, 'approvalId');
    if (!STATUSES.includes(event.status)) throw badInput('status is not an approval status', 'status');
    const taskIds = [...new Set(event.taskIds.map((id, index) => parseId(id, `taskIds.${index}`)))];
    return { changedTaskIds: await this.store.apply(approvalId, taskIds, event.status) };
  }
}
