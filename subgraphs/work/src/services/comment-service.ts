/**
 * Task comments: people who can write the task's board comment, and agents: the board's lead on
 * every task, a worker on its own or unassigned tasks; anyone who can read a task reads them. The
 * author is the caller. @mentions are kept as raw tokens and as resolved to agents when written
 * (`mention-service.ts`); each mentioned agent is announced by `work.agentMentioned`.
 */
import { badInput, byCreation, type Connection, decodeCursor, type Identity, parseFirst, toConnection } from '@mc/kit';
import { type TaskCommentRow, TaskCommentStore } from '../db/task-comment-store.ts';
import { workEvents } from '../domain-events.ts';
import { actorKindOf, actorOf, taskCommentAdded } from '../events.ts';
import { requireOwnOrUnassigned } from './agent-rules.ts';
import type { Changes } from './changes.ts';
import { parseComment, parseMentions } from './comment-text.ts';
import type { EventPublisher } from './event-publisher.ts';
import { recordMentions, resolveCommentMentions } from './mention-service.ts';
import type { TaskAccess } from './task-access.ts';

export class CommentService {
  private readonly store: TaskCommentStore;
  private readonly access: TaskAccess;
  private readonly events: EventPublisher;
  private readonly changes: Changes;

  constructor(store: TaskCommentStore, access: TaskAccess, events: EventPublisher, changes: Changes) {
    this.store = store;
    this.access = access;
    this.events = events;
    this.changes = changes;
  }

  /**
   * Comments of tasks the caller already read (the parent `Task`s), oldest first: one statement
   * for every task of a list (the `Task.comments` dataloader).
   */
  async pages(
    taskIds: readonly string[],
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<TaskCommentRow>[]> {
    const limit = parseFirst(args.first);
    const pages = await this.store.pages(taskIds, decodeCursor(args.after), limit + 1);
    return taskIds.map((id) => toConnection(pages.get(id) ?? [], limit, byCreation));
  }

  async add(identity: Identity, taskId: string, body: string): Promise<TaskCommentRow> {
    const { task, caller } = await this.access.require(identity, taskId, 'write', 'taskId');
    // The lead comments on every task of its board, a worker on its own or unassigned ones.
    if (caller.kind === 'agent') requireOwnOrUnassigned(caller, task);
    const text = parseComment(body, 'body');
    if (!text) throw badInput('body must not be empty', 'body');
    const actor = actorOf(identity);
    const mentions = parseMentions(text);
    const row = await this.changes.run(async (tx, record) => {
      const resolvedMentions = await resolveCommentMentions(tx, task, mentions);
      const created = await new TaskCommentStore(tx).create({
        taskId: task.id,
        authorKind: actorKindOf(actor),
        authorId: actor.id,
        body: text,
        mentions,
        resolvedMentions,
      });
      await record(
        workEvents.taskCommented,
        {
          boardId: task.boardId,
          taskId: task.id,
          before: null,
          after: { commentId: created.id, body: text, mentions, resolvedMentions },
        },
        { organizationId: task.organizationId, actor },
      );
      await recordMentions(
        tx,
        record,
        { task, commentId: created.id, body: text, mentions: resolvedMentions },
        { actor, identity },
      );
      return created;
    });
    await this.events.publish(taskCommentAdded, {
      organizationId: task.organizationId,
      boardId: task.boardId,
      taskId: task.id,
      actor,
      commentId: row.id,
      mentions,
    });
    return row;
  }
}
