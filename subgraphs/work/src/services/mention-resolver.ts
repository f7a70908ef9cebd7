/**
 * Resolves a comment's @mention tokens (`comment-text.ts` parses them) to agents, from what work
 * knows: the board's lead and fleet's agents (`agent_directory`, fed by fleet's events). `@lead` is
 * the board's lead agent. Any other token is compared, ignoring case, with agents' full names first
 * and then with their first names (the first word); when several agents match, those working on the
 * comment's board are preferred. One match resolves; several are AMBIGUOUS (with the candidates:
 * never a guess); none is UNRESOLVED. Deleted agents are not candidates.
 */
import type { ResolvedMention } from '../db/tables.ts';

export type { ResolvedMention };

export interface DirectoryAgent {
  agentId: string;
  name: string;
  /** The board the agent works on, if any. */
  boardId: string | null;
}

export interface MentionScope {
  boardId: string;
  leadAgentId: string | null;
  /** The live agents of the board's organization. */
  agents: readonly DirectoryAgent[];
}

const LEAD = 'lead';

/** How tokens and names compare: case-insensitive, single-spaced. */
export const mentionKey = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const normalize = mentionKey;
const firstName = (name: string) => normalize(name).split(' ')[0] ?? '';

export function resolveMentions(tokens: readonly string[], scope: MentionScope): ResolvedMention[] {
  return tokens.map((token) => resolveOne(token, scope));
}

function resolveOne(token: string, scope: MentionScope): ResolvedMention {
  const key = normalize(token);
  if (key === LEAD) return scope.leadAgentId ? resolved(token, scope.leadAgentId) : unresolved(token);
  const byFullName = scope.agents.filter((agent) => normalize(agent.name) === key);
  const matches = byFullName.length > 0 ? byFullName : scope.agents.filter((agent) => firstName(agent.name) === key);
  const onBoard = matches.filter((agent) => agent.boardId === scope.boardId);
  const candidates = onBoard.length > 0 ? onBoard : matches;
  if (candidates.length === 1) return resolved(token, candidates[0].agentId);
  if (candidates.length === 0) return unresolved(token);
  return { token, status: 'AMBIGUOUS', agentId: null, candidateAgentIds: candidates.map((agent) => agent.agentId) };
}

const resolved = (token: string, agentId: string): ResolvedMention => ({
  token,
  status: 'RESOLVED',
  agentId,
  candidateAgentIds: [],
});

const unresolved = (token: string): ResolvedMention => ({
  token,
  status: 'UNRESOLVED',
  agentId: null,
  candidateAgentIds: [],
});
