/**
 * Access to one task for the task services: the caller's board permission decides (kit policy),
 * another organization's or an unreadable board's task is NOT_FOUND, and versioned writes give
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
import type { TaskRow, TaskStore } from '../db/task-store.ts';

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

  constructor(store: TaskStore) {
    this.store = store;
  }

  /** The task `id` if the caller may `needed` its board; NOT_FOUND when it may not even read it. */
  async require(
    identity: Identity,
    id: string,
    needed: BoardPermission,
    field = 'id',
  ): Promise<{ task: TaskRow; org: OrgAccess }> {
    const org = requireMember(identity);
    const taskId = parseId(id, field);
    const task = (await this.store.byIds([taskId])).get(taskId);
    if (!task) throw notFound('Task', taskId);
    return { task, org: checkTaskAccess(org, task, needed) };
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
    attempt: (task: TaskRow, org: OrgAccess) => Promise<TaskRow | undefined>,
  ): Promise<TaskRow> {
    const expected = expectedVersion ?? null;
    for (let round = 0; ; round += 1) {
      const { task, org } = await this.require(identity, id, 'write');
      if (expected !== null && task.version !== expected) throw new TaskConflictError(task, expected);
      const written = await attempt(task, org);
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
