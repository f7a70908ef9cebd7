/**
 * Durable domain events the governance subgraph records (outbox, in the transaction of the change).
 * Work consumes `approvalResolved` to open the done gate and `approvalRequested` to block status
 * changes while an approval is pending.
 */
import { defineDomainEvent } from '@mc/kit';

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface ApprovalChange {
  approvalId: string;
  boardId: string;
  taskIds: string[];
  status: ApprovalStatus;
}

export const governanceEvents = {
  approvalRequested: defineDomainEvent<ApprovalChange>('governance', 'approvalRequested'),
  approvalResolved: defineDomainEvent<ApprovalChange>('governance', 'approvalResolved'),
} as const;

export const allGovernanceEvents = Object.values(governanceEvents);
