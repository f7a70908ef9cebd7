/**
 * The board rules a status change must pass, as a pure function of what the move service loaded.
 * Each refusal is a `DomainError` with a stable code and the ids involved.
 */
import { DomainError } from '@mc/kit';
import type { BoardRow } from '../db/board-store.ts';
import type { TaskApprovalState } from '../db/task-approval-store.ts';
import type { TaskRow, TaskStatus } from '../db/task-store.ts';

export const MoveErrorCode = {
  TASK_BLOCKED: 'TASK_BLOCKED',
  APPROVAL_PENDING: 'APPROVAL_PENDING',
  APPROVAL_REQUIRED: 'APPROVAL_REQUIRED',
  REVIEW_REQUIRED: 'REVIEW_REQUIRED',
  COMMENT_REQUIRED: 'COMMENT_REQUIRED',
} as const;

export type MoveRules = Pick<
  BoardRow,
  | 'requireApprovalForDone'
  | 'requireReviewBeforeDone'
  | 'commentRequiredForReview'
  | 'blockStatusChangesWithPendingApproval'
>;

export interface MoveFacts {
  board: MoveRules;
  task: Pick<TaskRow, 'id' | 'status'>;
  to: TaskStatus;
  /** The trimmed comment, or null. */
  comment: string | null;
  /** Whether some dependency of the task is not DONE. */
  blocked: boolean;
  /** Ids of the unfinished dependencies the caller may see (a worker: its own and unassigned ones). */
  blockerIds: readonly string[];
  approvals: TaskApprovalState;
}

/** What the move service must load before `checkMove` can decide. */
export function neededFacts(board: MoveRules, to: TaskStatus) {
  return {
    blockers: to !== 'INBOX',
    approvals: board.blockStatusChangesWithPendingApproval || (to === 'DONE' && board.requireApprovalForDone),
  };
}

/** Throws the first rule the move breaks; returns normally when it is allowed. */
export function checkMove(facts: MoveFacts): void {
  const { board, task, to } = facts;
  const ids = [task.id];
  if (board.blockStatusChangesWithPendingApproval && facts.approvals.pending) {
    throw new DomainError(
      MoveErrorCode.APPROVAL_PENDING,
      'An approval for this task is pending: wait for its decision',
      {
        ids,
      },
    );
  }
  // A blocked task cannot leave the inbox, and a task re-blocked after it left (a dependency was
  // reopened) may only go back to it: every other status change waits for the dependencies.
  if (to !== 'INBOX' && facts.blocked) {
    throw blockedError(
      facts.blockerIds,
      task.status === 'INBOX' ? 'it cannot leave the inbox' : 'its status may only go back to inbox',
    );
  }
  if (to === 'REVIEW' && board.commentRequiredForReview && !facts.comment) {
    throw new DomainError(MoveErrorCode.COMMENT_REQUIRED, 'This board needs a comment to move a task to review', {
      field: 'comment',
      ids,
    });
  }
  if (to === 'DONE' && board.requireReviewBeforeDone && task.status !== 'REVIEW') {
    throw new DomainError(MoveErrorCode.REVIEW_REQUIRED, 'On this board a task reaches done only from review', {
      ids,
    });
  }
  if (to === 'DONE' && board.requireApprovalForDone && !facts.approvals.approved) {
    throw new DomainError(MoveErrorCode.APPROVAL_REQUIRED, 'This board needs a granted approval to finish a task', {
      ids,
    });
  }
}

/** `TASK_BLOCKED` with the ids of the unfinished dependencies. */
export function blockedError(blockerIds: readonly string[], consequence: string): DomainError {
  return new DomainError(MoveErrorCode.TASK_BLOCKED, `The task is blocked by unfinished dependencies: ${consequence}`, {
    ids: [...blockerIds],
  });
}
