/**
 * Status changes of tasks by people with write access and by agents (the board's lead, or a
 * worker on its own or an unassigned task — `agent-rules.ts`, with the hand-offs of ownership a
 * worker's or the lead's move implies): loads what the board rules need, checks
 * them (`task-move-rules.ts`) and writes the status — and the comment, when one is given — with a
 * compare-and-set on the version the rules were checked against.
 *
 * Reopening: moving a DONE task back makes its dependents blocked again (`Task.blocked` is
 * computed from the dependencies' statuses); dependents that already left the inbox stay where
 * they are, but while blocked their status may only go back to INBOX (`TASK_BLOCKED` otherwise).
 */
import { badInput, type Identity, notFound } from '@mc/kit';
import type { BoardStore } from '../db/board-store.ts';
import { type TaskApprovalState, TaskApprovalStore } from '../db/task-approval-store.ts';
import type { TaskDependencyStore } from '../db/task-dependency-store.ts';
import { type TaskRow, type TaskStatus, TaskStore } from '../db/task-store.ts';
import { workEvents } from '../domain-events.ts';
import { actorKindOf, actorOf, taskCommentAdded, taskMoved } from '../events.ts';
import { agentMaySee, checkAgentMove, type Handoff, handoffOf } from './agent-rules.ts';
import type { Changes } from './changes.ts';
import { parseComment, parseMentions } from './comment-text.ts';
import type { EventPublisher } from './event-publisher.ts';
import { recordMentions, resolveCommentMentions } from './mention-service.ts';
import type { TaskAccess } from './task-access.ts';
import { checkMove, neededFacts } from './task-move-rules.ts';

const NO_APPROVALS: TaskApprovalState = { pending: false, approved: false };

export interface MoveArgs {
  status: TaskStatus;
  expectedVersion?: number | null;
  comment?: string | null;
}

export class TaskMoveService {
  private readonly boards: BoardStore;
  private readonly dependencies: TaskDependencyStore;
  private readonly approvals: TaskApprovalStore;
  private readonly access: TaskAccess;
  private readonly events: EventPublisher;
  private readonly changes: Changes;

  constructor(deps: {
    boards: BoardStore;
    dependencies: TaskDependencyStore;
    approvals: TaskApprovalStore;
    access: TaskAccess;
    events: EventPublisher;
    changes: Changes;
  }) {
    this.boards = deps.boards;
    this.dependencies = deps.dependencies;
    this.approvals = deps.approvals;
    this.access = deps.access;
    this.events = deps.events;
    this.changes = deps.changes;
  }

  async move(identity: Identity, id: string, args: MoveArgs): Promise<TaskRow> {
    const comment = parseComment(args.comment);
    const actor = actorOf(identity);
    let from: TaskStatus = 'INBOX';
    let commentId: string | null = null;
    const row = await this.access.versioned(identity, id, args.expectedVersion, async (task, caller) => {
      if (task.status === args.status) throw badInput(`The task is already in ${args.status}`, 'status');
      const board = (await this.boards.byIds([task.boardId])).get(task.boardId);
      if (!board) throw notFound('Task', task.id);
      let handoff: Handoff | null = null;
      if (caller.kind === 'agent') {
        checkAgentMove(caller, board, task);
        handoff = handoffOf(caller, board, task, args.status);
      }
      const needed = neededFacts(board, args.status);
      const blockers = needed.blockers ? (await this.dependencies.blockersOf([task.id])).get(task.id) : undefined;
      const approvals = needed.approvals ? await this.approvals.stateOf(task.id) : NO_APPROVALS;
      // A worker learns that the task waits, not the ids of tasks it may not see (an empty id list
      // still refuses the move).
      const visible =
        caller.kind === 'agent' ? (blockers ?? []).filter((blocker) => agentMaySee(caller, blocker)) : (blockers ?? []);
      checkMove({
        board,
        task,
        to: args.status,
        comment,
        blocked: (blockers ?? []).length > 0,
        blockerIds: visible.map((blocker) => blocker.id),
        approvals,
      });
      from = task.status;
      const mentions = comment ? parseMentions(comment) : [];
      const written = await this.changes.run(async (tx, record) => {
        const resolvedMentions = await resolveCommentMentions(tx, task, mentions);
        const moved = await new TaskStore(tx).move(
          task.id,
          task.version,
          args.status,
          comment
            ? { authorKind: actorKindOf(actor), authorId: actor.id, body: comment, mentions, resolvedMentions }
            : undefined,
          handoff ?? undefined,
        );
        if (!moved) return undefined;
        // A granted done approval opens the gate once: reopening the task needs a new one.
        if (args.status === 'DONE') await new TaskApprovalStore(tx).spend(task.id, new Date());
        const meta = { organizationId: task.organizationId, actor };
        const change = { boardId: task.boardId, taskId: task.id };
        await record(
          workEvents.taskMoved,
          {
            ...change,
            from: task.status,
            to: args.status,
            before: handoff ? { status: task.status, assigneeAgentId: task.assigneeAgentId } : { status: task.status },
            after: handoff
              ? { status: args.status, assigneeAgentId: handoff.assigneeAgentId }
              : { status: args.status },
          },
          meta,
        );
        if (moved.commentId && comment) {
          await record(
            workEvents.taskCommented,
            {
              ...change,
              before: null,
              after: { commentId: moved.commentId, body: comment, mentions, resolvedMentions },
            },
            meta,
          );
          const written = { task, commentId: moved.commentId, body: comment, mentions: resolvedMentions };
          await recordMentions(tx, record, written, { actor, identity });
        }
        return moved;
      });
      commentId = written?.commentId ?? null;
      return written?.task;
    });
    const base = { organizationId: row.organizationId, boardId: row.boardId, taskId: row.id, actor };
    await this.events.publish(taskMoved, { ...base, from, to: row.status, commentId });
    if (commentId && comment) {
      await this.events.publish(taskCommentAdded, { ...base, commentId, mentions: parseMentions(comment) });
    }
    return row;
  }
}
