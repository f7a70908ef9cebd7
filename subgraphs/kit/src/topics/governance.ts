/**
 * The governance domain's durable event declarations: topic names and payload types only, so work
 * can react to approvals without depending on the governance package. Owned by the governance
 * domain (recorded by `subgraphs/governance/src/services/approval-service.ts`). Work consumes
 * `approvalResolved` to open the done gate (only done actions, see work's `DONE_ACTION_TYPES`) and
 * `approvalRequested` to block status changes while an approval is pending. `approvalCancelled`
 * (the approval's tasks or board were deleted in work) concerns only tasks that no longer exist.
 */
import { defineDomainEvent } from '../event-stream.ts';

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';

export interface ApprovalChange {
  approvalId: string;
  boardId: string;
  taskIds: string[];
  status: ApprovalStatus;
  /** The approved action (e.g. `task.done`); absent in events recorded before it was carried. */
  actionType?: string;
}

export const governanceEvents = {
  approvalRequested: defineDomainEvent<ApprovalChange>('governance', 'approvalRequested'),
  approvalResolved: defineDomainEvent<ApprovalChange>('governance', 'approvalResolved'),
  approvalCancelled: defineDomainEvent<ApprovalChange>('governance', 'approvalCancelled'),
} as const;

export const allGovernanceEvents = Object.values(governanceEvents);
