/**
 * What a mentioned agent reads in its main session: who mentioned it, on which task of which board,
 * the start of the comment, and the ids it needs to answer through the API. Deterministic for one
 * event, so a retried send with the same idempotency key carries the same text.
 */
import type { DomainEventActor } from '@mc/kit';
import type { AgentMentioned } from '@mc/kit/topics/work';

export function mentionMessage(mention: AgentMentioned, actor: DomainEventActor | null): string {
  const author = mention.authorName || (actor ? `${actor.kind} ${actor.id}` : 'someone');
  const task = mention.taskTitle ? `task "${mention.taskTitle}"` : `task ${mention.taskId}`;
  const board = mention.boardName ? `board "${mention.boardName}"` : `board ${mention.boardId}`;
  return [
    `${author} mentioned you (@${mention.token}) in a comment on ${task} (${board}):`,
    '',
    mention.excerpt,
    '',
    `Board ${mention.boardId}, task ${mention.taskId}, comment ${mention.commentId}.`,
  ].join('\n');
}
