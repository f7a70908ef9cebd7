/**
 * What an agent may do with approvals, decided from work's events (governance cannot read work's
 * boards or tasks): an agent requests approvals for tasks of its organization where it is the
 * board's lead (any task of the board) or the task's assignee, and reads the approvals it requested
 * plus every approval of the boards it leads or has a task assigned on (`agentReadableBoards`), by id,
 * in the list of such a board, through `Task.approvals` and `Board.pendingApprovalCount` alike.
 * Agents never resolve approvals.
 *
 * Work's events reach governance asynchronously, so a request about a task created or assigned a
 * moment ago may find the projection behind: the check re-reads it until it agrees or `waitMs`
 * passed. Only then is a task never heard of NOT_FOUND and a task the agent does not own FORBIDDEN;
 * both are answers about the projection at that time, so a retry once it caught up succeeds.
 */
import { AccessError, DomainError, ErrorCode, type Identity, notFound } from '@mc/kit';
import type { BoardStateRow, ProjectionStore, TaskStateRow } from '../db/projection-store.ts';
import { projectedBoard } from './access.ts';

export type AgentIdentity = Extract<Identity, { kind: 'agent' }>;

const POLL_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The board, known from work's events to be the agent's organization's and not deleted; else NOT_FOUND. */
export async function agentBoard(
  projections: ProjectionStore,
  agent: AgentIdentity,
  boardId: string,
  waitMs = 0,
): Promise<BoardStateRow> {
  const board = await projectedBoard(projections, boardId, waitMs);
  if (!board || board.organizationId !== agent.orgId || board.deletedAt) throw notFound('Board', boardId);
  return board;
}

export const isLead = (agent: AgentIdentity, board: Pick<BoardStateRow, 'leadAgentId'>) =>
  board.leadAgentId !== null && board.leadAgentId === agent.agentId;

/**
 * Asserts the agent may request an approval over `taskIds` of `boardId` (see the module comment);
 * returns the board. Tasks of another organization or deleted are NOT_FOUND, tasks of another
 * board BAD_USER_INPUT, like for people; the ids are in the error.
 */
export async function requireAgentRequester(
  projections: ProjectionStore,
  agent: AgentIdentity,
  boardId: string,
  taskIds: readonly string[],
  waitMs: number,
): Promise<BoardStateRow> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const board = await agentBoard(projections, agent, boardId, Math.max(0, deadline - Date.now()));
    const tasks = await projections.tasks(taskIds);
    const verdict = judge(agent, board, taskIds, tasks);
    if (verdict === null) return board;
    if (Date.now() >= deadline) throw verdict;
    await sleep(POLL_MS);
  }
}

/** Null when allowed, else the error to report if the projection does not change its mind. */
function judge(
  agent: AgentIdentity,
  board: BoardStateRow,
  taskIds: readonly string[],
  tasks: Map<string, TaskStateRow>,
): Error | null {
  const unknown = taskIds.filter((id) => {
    const task = tasks.get(id);
    return !task || task.organizationId !== agent.orgId || task.deletedAt;
  });
  if (unknown.length > 0) {
    return new DomainError(ErrorCode.NOT_FOUND, 'Task not found', { field: 'input.taskIds', ids: unknown });
  }
  const elsewhere = taskIds.filter((id) => tasks.get(id)?.boardId !== board.boardId);
  if (elsewhere.length > 0) {
    return new DomainError(ErrorCode.BAD_USER_INPUT, 'Every task must be on the approval’s board', {
      field: 'input.taskIds',
      ids: elsewhere,
    });
  }
  if (isLead(agent, board)) return null;
  const foreign = taskIds.filter((id) => tasks.get(id)?.assigneeAgentId !== agent.agentId);
  if (foreign.length === 0) return null;
  return new AccessError(
    ErrorCode.FORBIDDEN,
    'An agent requests approvals only for tasks assigned to it or on boards it leads',
    { field: 'input.taskIds', ids: foreign },
  );
}

/**
 * Which of `boardIds` the agent may read approvals of through the board or its tasks: boards of its
 * organization, not deleted, that it leads or has a task assigned on (the rule for requesting).
 */
export async function agentReadableBoards(
  projections: ProjectionStore,
  agent: AgentIdentity,
  boardIds: readonly string[],
): Promise<Set<string>> {
  const boards = await projections.boards(boardIds);
  const ours = [...boards.values()].filter((board) => board.organizationId === agent.orgId && !board.deletedAt);
  const assigned = await projections.boardsAssignedTo(
    agent.agentId,
    ours.filter((board) => !isLead(agent, board)).map((board) => board.boardId),
  );
  return new Set(ours.filter((board) => isLead(agent, board) || assigned.has(board.boardId)).map((b) => b.boardId));
}
