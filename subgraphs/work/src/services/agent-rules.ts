/**
 * Who may do what on a task when the caller is an agent (issue 3, "Who may do what"), as pure
 * functions of the caller and the rows already loaded. A board's **lead** agent (`Board.leadAgentId`)
 * assigns, moves, sets dependencies and tags; a **worker** moves and comments on its own or
 * unassigned tasks. Any agent of the board's organization is a worker for the unassigned tasks of
 * every board of it (that is how a worker picks up work), and for the tasks assigned to it.
 * Each refusal is a `DomainError` with a stable code and the ids involved.
 */
import { DomainError, type Identity, notFound } from '@mc/kit';
import type { BoardRow } from '../db/board-store.ts';
import type { TaskRow, TaskStatus } from '../db/task-store.ts';

export const AgentErrorCode = {
  FIELD_FORBIDDEN: 'FIELD_FORBIDDEN',
  ASSIGNEE_MISMATCH: 'ASSIGNEE_MISMATCH',
  ONLY_LEAD: 'ONLY_LEAD',
} as const;

export type AgentIdentity = Extract<Identity, { kind: 'agent' }>;

/** An agent acting on one board: its lead, or a worker. */
export interface AgentCaller {
  kind: 'agent';
  agentId: string;
  orgId: string;
  role: 'lead' | 'worker';
}

/** The agent's role on `board`; another organization's board is NOT_FOUND. */
export function agentOnBoard(identity: AgentIdentity, board: Pick<BoardRow, 'id' | 'organizationId' | 'leadAgentId'>) {
  if (board.organizationId !== identity.orgId) throw notFound('Board', board.id);
  const role: AgentCaller['role'] = board.leadAgentId === identity.agentId ? 'lead' : 'worker';
  return { kind: 'agent', agentId: identity.agentId, orgId: identity.orgId, role } satisfies AgentCaller;
}

/** Whether the agent may see `task`: the lead sees every task, a worker its own and unassigned ones. */
export function agentMaySee(caller: AgentCaller, task: Pick<TaskRow, 'assigneeAgentId'>): boolean {
  return caller.role === 'lead' || task.assigneeAgentId === null || task.assigneeAgentId === caller.agentId;
}

export function fieldForbidden(caller: AgentCaller, task: Pick<TaskRow, 'id'>, field: string): DomainError {
  const who = caller.role === 'lead' ? 'The lead agent' : 'A worker agent';
  return new DomainError(AgentErrorCode.FIELD_FORBIDDEN, `${who} cannot change ${field}`, {
    field,
    ids: [task.id, caller.agentId],
  });
}

/** A worker acts only on its own or unassigned tasks. */
export function requireOwnOrUnassigned(caller: AgentCaller, task: Pick<TaskRow, 'id' | 'assigneeAgentId'>): void {
  if (caller.role === 'lead') return;
  if (task.assigneeAgentId !== null && task.assigneeAgentId !== caller.agentId) {
    // The worker may not read this task: it learns that the task is someone else's, not whose.
    throw new DomainError(AgentErrorCode.ASSIGNEE_MISMATCH, 'This task is assigned to another agent', {
      ids: [task.id],
    });
  }
}

/** Fields of `updateTask` the lead may change; a worker may change none. */
const LEAD_FIELDS = new Set(['assigneeAgentId']);

/** Refuses the first field of `patchKeys` the agent may not change (`input.<field>`). */
export function checkAgentUpdate(caller: AgentCaller, task: Pick<TaskRow, 'id'>, patchKeys: readonly string[]): void {
  for (const key of patchKeys) {
    if (caller.role === 'worker' || !LEAD_FIELDS.has(key)) throw fieldForbidden(caller, task, `input.${key}`);
  }
}

/** A move by an agent: who may move, and who owns the task afterwards. */
export function checkAgentMove(
  caller: AgentCaller,
  board: Pick<BoardRow, 'onlyLeadChangesStatus'>,
  task: Pick<TaskRow, 'id' | 'assigneeAgentId'>,
): void {
  if (caller.role === 'worker' && board.onlyLeadChangesStatus) {
    throw new DomainError(AgentErrorCode.ONLY_LEAD, 'On this board only the lead agent changes status', {
      field: 'status',
      ids: [task.id, caller.agentId],
    });
  }
  requireOwnOrUnassigned(caller, task);
}

export interface Handoff {
  assigneeAgentId: string | null;
  lastWorkerAgentId: string | null;
}

/**
 * The assignment a move leaves behind, or null when it keeps the task's: a worker moving to
 * IN_PROGRESS takes ownership; a worker moving to REVIEW hands the task to the lead (if the board
 * has one) and is remembered as its last worker; the lead sending REVIEW → INBOX hands it back to
 * that last worker.
 */
export function handoffOf(
  caller: AgentCaller,
  board: Pick<BoardRow, 'leadAgentId'>,
  task: Pick<TaskRow, 'status' | 'assigneeAgentId' | 'lastWorkerAgentId'>,
  to: TaskStatus,
): Handoff | null {
  if (caller.role === 'worker' && to === 'IN_PROGRESS') {
    return { assigneeAgentId: caller.agentId, lastWorkerAgentId: task.lastWorkerAgentId };
  }
  if (caller.role === 'worker' && to === 'REVIEW') {
    return { assigneeAgentId: board.leadAgentId ?? caller.agentId, lastWorkerAgentId: caller.agentId };
  }
  if (caller.role === 'lead' && task.status === 'REVIEW' && to === 'INBOX' && task.lastWorkerAgentId) {
    return { assigneeAgentId: task.lastWorkerAgentId, lastWorkerAgentId: task.lastWorkerAgentId };
  }
  return null;
}
