/**
 * @mentions of a comment being written: resolved against the board's lead and work's projection of
 * fleet's agents (`mention-resolver.ts`), kept on the comment, and announced as one durable
 * `work.agentMentioned` per mentioned agent (not the author itself) for fleet to deliver.
 */
import type { Database } from '@mc/kit';
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

/** Records `work.agentMentioned` once per resolved agent other than the author, in the change's transaction. */
export async function recordMentions(
  record: RecordEvent,
  comment: { task: CommentedTask; commentId: string; body: string; mentions: readonly ResolvedMention[] },
  actor: Actor,
): Promise<void> {
  const seen = new Set<string>();
  for (const mention of comment.mentions) {
    const agentId = mention.agentId;
    if (mention.status !== 'RESOLVED' || !agentId || seen.has(agentId)) continue;
    seen.add(agentId);
    if (actor.kind === 'agent' && actor.id === agentId) continue;
    await record(
      workEvents.agentMentioned,
      {
        boardId: comment.task.boardId,
        taskId: comment.task.id,
        commentId: comment.commentId,
        agentId,
        token: mention.token,
        excerpt: comment.body.slice(0, EXCERPT_MAX),
      },
      { organizationId: comment.task.organizationId, actor },
    );
  }
}
