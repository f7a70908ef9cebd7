/**
 * Access to one task for the task services: a person's board permission decides (kit policy), an
 * agent's role on the board (`agent-rules.ts`) decides what it may do; another organization's or
 * an unreadable board's task is NOT_FOUND, and versioned writes give
 * a `TaskConflictError` carrying the current task instead of overwriting someone else's change.
 */
import {
  type BoardPermission,
  boardPermission,
  DomainError,
  ErrorCode,
  forbidden,
  type Identity,
  notFound,
  type OrgAccess,
  parseId,
  requireMember,
} from '@mc/kit';
import type { BoardStore } from '../db/board-store.ts';
import type { TaskRow, TaskStore } from '../db/task-store.ts';
import { type AgentCaller, agentMaySee, agentOnBoard } from './agent-rules.ts';

/** Who acts on a task: a person with their organization access, or an agent with its board role. */
export type TaskCaller = { kind: 'human'; org: OrgAccess } | AgentCaller;

/** A stale `expectedVersion`: nothing changed; `current` is the task as it is now. */
export class TaskConflictError extends DomainError {
  override name = 'TaskConflictError';
  readonly current: TaskRow;

  constructor(current: TaskRow, expectedVersion: number | null) {
    super(
      ErrorCode.CONFLICT,
      expectedVersion === null
        ? `The task kept changing while this change was applied (now at version ${current.version}); retry`
        : `The task was changed by someone else: you expected version ${expectedVersion}, it is at version ${current.version}`,
      { ids: [current.id] },
    );
    this.current = current;
  }
}

/** How often an unversioned write retries after losing a race before it reports a conflict. */
const RETRIES = 3;

export class TaskAccess {
  private readonly store: TaskStore;
  private readonly boards: BoardStore;

  constructor(store: TaskStore, boards: BoardStore) {
    this.store = store;
    this.boards = boards;
  }

  /**
   * The task `id` if the caller may `needed` its board; NOT_FOUND when it may not even read it.
   * An agent of the task's organization gets its role on the board: what it may change is the
   * calling service's decision (`agent-rules.ts`).
   */
  async require(
    identity: Identity,
    id: string,
    needed: BoardPermission,
    field = 'id',
  ): Promise<{ task: TaskRow; caller: TaskCaller }> {
    const agent = identity.kind === 'agent' ? identity : null;
    const org = agent ? null : requireMember(identity);
    const taskId = parseId(id, field);
    const task = (await this.store.byIds([taskId])).get(taskId);
    if (!task) throw notFound('Task', taskId);
    if (org) return { task, caller: { kind: 'human', org: checkTaskAccess(org, task, needed) } };
    const board =
      agent && task.organizationId === agent.orgId
        ? (await this.boards.byIds([task.boardId])).get(task.boardId)
        : undefined;
    if (!agent || !board) throw notFound('Task', taskId);
    return { task, caller: agentOnBoard(agent, board) };
  }

  /**
   * Runs a versioned write. `attempt` validates against the task it is given and writes with a
   * compare-and-set on that task's version, returning undefined when it lost a race. A caller's
   * stale `expectedVersion` is a conflict at once; without one, a lost race is retried.
   */
  async versioned(
    identity: Identity,
    id: string,
    expectedVersion: number | null | undefined,
    attempt: (task: TaskRow, caller: TaskCaller) => Promise<TaskRow | undefined>,
  ): Promise<TaskRow> {
    const expected = expectedVersion ?? null;
    for (let round = 0; ; round += 1) {
      const { task, caller } = await this.require(identity, id, 'write');
      if (expected !== null && task.version !== expected) throw new TaskConflictError(task, expected);
      const written = await attempt(task, caller);
      if (written) return written;
      if (expected !== null || round + 1 >= RETRIES) {
        const current = (await this.store.byIds([task.id])).get(task.id);
        if (!current) throw notFound('Task', task.id);
        throw new TaskConflictError(current, expected);
      }
    }
  }
}

/** Permission check for a loaded task; unreadable is NOT_FOUND, read-only on a write is FORBIDDEN. */
export function checkTaskAccess(org: OrgAccess, task: TaskRow, needed: BoardPermission): OrgAccess {
  const permission = task.organizationId === org.id ? boardPermission(org, task.boardId) : null;
  if (!permission) throw notFound('Task', task.id);
  if (needed === 'write' && permission !== 'write') throw forbidden('You have read-only access to this board');
  return org;
}

/** Whether an agent may read `task` (its board's lead, or a worker on its own or unassigned task). */
export function agentMayRead(
  identity: Extract<Identity, { kind: 'agent' }>,
  task: TaskRow,
  board: BoardRowLike,
): boolean {
  if (task.organizationId !== identity.orgId || board.organizationId !== identity.orgId) return false;
  return agentMaySee(agentOnBoard(identity, board), task);
}

type BoardRowLike = Parameters<typeof agentOnBoard>[1];
