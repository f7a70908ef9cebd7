/** `moveTask`: status changes under the board's rules. */
import { builder } from '../builder.ts';
import { TaskRef, TaskStatusEnum, versionedErrors } from './task.ts';

builder.mutationFields((t) => ({
  moveTask: t.field({
    type: TaskRef,
    description:
      'Moves a task to another status. Refusals: TASK_BLOCKED (ids: the unfinished dependencies), ' +
      'APPROVAL_PENDING, REVIEW_REQUIRED, COMMENT_REQUIRED, APPROVAL_REQUIRED; for a worker agent ONLY_LEAD and ' +
      'ASSIGNEE_MISMATCH; a stale expectedVersion gives TaskConflict. A comment is stored as a task comment. ' +
      'A worker moving to IN_PROGRESS takes the task; to REVIEW hands it to the lead; the lead sending ' +
      'REVIEW → INBOX hands it back to the last worker',
    authScopes: { user: true, agent: true },
    errors: versionedErrors,
    args: {
      id: t.arg.id(),
      status: t.arg({ type: TaskStatusEnum }),
      expectedVersion: t.arg.int({ required: false }),
      comment: t.arg.string({ required: false, description: 'At most 10,000 characters' }),
    },
    resolve: (_root, args, context) => context.services.taskMoves.move(context.identity, args.id, args),
  }),
}));
