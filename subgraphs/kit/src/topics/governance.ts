/**
 * The governance domain's durable event declarations: topic names and payload types only, so work
 * can react to approvals without depending on the governance package. Owned by the governance
 * domain (recorded by `subgraphs/governance/src/services/approval-service.ts`). Work consumes
 * `approvalResolved` to open the done gate (only done actions, see work's `DONE_ACTION_TYPES`) and
 * `approvalRequested` to block status changes while an approval is pending. `approvalCancelled`
 * (the approval's tasks or board were deleted in work) concerns only tasks that no longer exist;
 * `approvalTasksDropped` (some of its tasks were deleted, it stays pending for the others) too.
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

/** Deleted tasks dropped from a pending approval that still covers others (`taskIds`: the tasks left). */
export interface ApprovalTasksDropped extends ApprovalChange {
  droppedTaskIds: string[];
}

export const governanceEvents = {
  approvalRequested: defineDomainEvent<ApprovalChange>('governance', 'approvalRequested'),
  approvalResolved: defineDomainEvent<ApprovalChange>('governance', 'approvalResolved'),
  approvalCancelled: defineDomainEvent<ApprovalChange>('governance', 'approvalCancelled'),
  approvalTasksDropped: defineDomainEvent<ApprovalTasksDropped>('governance', 'approvalTasksDropped'),
} as const;

export const allGovernanceEvents = Object.values(governanceEvents);

/**
 * Governance asks work for a snapshot of every board and task (`work.boardSnapshot`,
 * `work.taskSnapshot`), recorded once per database by the first governance instance that starts
 * without the named backfill (`governance.projection_backfills`).
 */
export interface ProjectionSnapshotRequest {
  /** Which backfill asks (e.g. `leads-and-assignees`): for logs. */
  name: string;
  /** Only this organization's boards and tasks (absent: every organization's). */
  organizationId?: string | null;
}

export const governanceRequestTopics = {
  projectionSnapshotRequested: defineDomainEvent<ProjectionSnapshotRequest>(
    'governance',
    'projectionSnapshotRequested',
  ),
} as const;
