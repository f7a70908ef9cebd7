/**
 * @mentions of a comment being written: resolved against the board's lead and work's projection of
 * fleet's agents (`mention-resolver.ts`), kept on the comment, and announced as one durable
 * `work.agentMentioned` per mentioned agent (not the author itself) for fleet to deliver.
 */
import type { Database, Identity } from '@mc/kit';
import { AgentDirectoryStore } from '../db/agent-directory-store.ts';
import { BoardStore } from '../db/board-store.ts';
import { workEvents } from '../domain-events.ts';
import type { Actor } from '../events.ts';
import type { RecordEvent } from './changes.ts';
import { mentionKey, type ResolvedMention, resolveMentions } from './mention-resolver.ts';

export const EXCERPT_MAX = 280;

interface CommentedTask {
  id: string;
  boardId: string;
  organizationId: string;
  title: string;
}

/** Resolves `tokens` for a comment on `task`, reading through `db` (the change's transaction). */
export async function resolveCommentMentions(
  db: Database,
  task: CommentedTask,
  tokens: readonly string[],
): Promise<ResolvedMention[]> {
  if (tokens.length === 0) return [];
  const board = (await new BoardStore(db).byIds([task.boardId])).get(task.boardId);
  const agents = await new AgentDirectoryStore(db).named(task.organizationId, tokens.map(mentionKey));
  return resolveMentions(tokens, { boardId: task.boardId, leadAgentId: board?.leadAgentId ?? null, agents });
}

/**
 * Records `work.agentMentioned` once per resolved agent other than the author, in the change's
 * transaction, with what fleet tells the agent: the task, its board and the author's name
 * (an agent's from work's agent directory, a person's display name from their identity, else e-mail).
 */
export async function recordMentions(
  db: Database,
  record: RecordEvent,
  comment: { task: CommentedTask; commentId: string; body: string; mentions: readonly ResolvedMention[] },
  author: { actor: Actor; identity: Identity },
): Promise<void> {
  const { actor } = author;
  const agentIds = [
    ...new Set(comment.mentions.flatMap((m) => (m.status === 'RESOLVED' && m.agentId ? [m.agentId] : []))),
  ].filter((agentId) => !(actor.kind === 'agent' && actor.id === agentId));
  if (agentIds.length === 0) return;
  const board = (await new BoardStore(db).byIds([comment.task.boardId])).get(comment.task.boardId);
  const { identity } = author;
  const authorName =
    actor.kind === 'agent'
      ? await new AgentDirectoryStore(db).nameOf(actor.id)
      : identity.kind === 'user'
        ? (identity.name ?? identity.email)
        : null;
  const seen = new Set<string>();
  for (const mention of comment.mentions) {
    const agentId = mention.agentId;
    if (!agentId || !agentIds.includes(agentId) || seen.has(agentId)) continue;
    seen.add(agentId);
    await record(
      workEvents.agentMentioned,
      {
        boardId: comment.task.boardId,
        taskId: comment.task.id,
        commentId: comment.commentId,
        agentId,
        token: mention.token,
        excerpt: comment.body.slice(0, EXCERPT_MAX),
        taskTitle: comment.task.title,
        boardName: board?.name ?? '',
        authorName,
      },
      { organizationId: comment.task.organizationId, actor },
    );
  }
}
