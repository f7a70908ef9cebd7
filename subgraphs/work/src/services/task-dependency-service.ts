/**
 * Task dependencies: a directed acyclic graph local to one board. Setting a task's dependencies
 * replaces them (order kept, duplicates dropped); self-dependencies, unknown tasks, tasks of
 * another board and cycles are refused. A task is blocked while any dependency is not DONE.
 * Read through an agent, the lists hold only the tasks the agent may see (a worker: its own and
 * unassigned ones), so other agents' task ids never leak through the graph.
 */
import { badInput, DomainError, ErrorCode, type Identity, parseId } from '@mc/kit';
import type { BoardStore } from '../db/board-store.ts';
import { type Edge, TaskDependencyStore } from '../db/task-dependency-store.ts';
import type { TaskRow, TaskStore } from '../db/task-store.ts';
import { workEvents } from '../domain-events.ts';
import { actorOf, taskDependenciesChanged } from '../events.ts';
import { fieldForbidden } from './agent-rules.ts';
import type { Changes } from './changes.ts';
import type { EventPublisher } from './event-publisher.ts';
import { agentMayRead, type TaskAccess } from './task-access.ts';

export const MAX_DEPENDENCIES = 100;
export const CYCLE = 'CYCLE';

export class TaskDependencyService {
  private readonly store: TaskDependencyStore;
  private readonly tasks: TaskStore;
  private readonly access: TaskAccess;
  private readonly events: EventPublisher;
  private readonly changes: Changes;
  private readonly boards: BoardStore;

  constructor(
    store: TaskDependencyStore,
    tasks: TaskStore,
    access: TaskAccess,
    events: EventPublisher,
    changes: Changes,
    boards: BoardStore,
  ) {
    this.store = store;
    this.tasks = tasks;
    this.access = access;
    this.events = events;
    this.changes = changes;
    this.boards = boards;
  }

  /**
   * Dataloader batches for `Task.dependencies`, `Task.dependents` and `Task.blockedBy` (the parent
   * task was access-checked; for an agent, what it may not see is left out).
   */
  async dependenciesOf(identity: Identity, taskIds: readonly string[]): Promise<TaskRow[][]> {
    return this.visibleTo(identity, taskIds, await this.store.dependenciesOf(taskIds));
  }

  async dependentsOf(identity: Identity, taskIds: readonly string[]): Promise<TaskRow[][]> {
    return this.visibleTo(identity, taskIds, await this.store.dependentsOf(taskIds));
  }

  async blockersOf(identity: Identity, taskIds: readonly string[]): Promise<TaskRow[][]> {
    return this.visibleTo(identity, taskIds, await this.store.blockersOf(taskIds));
  }

  /** `Task.blocked`: whether any dependency is unfinished, seen or not (a worker must know it waits). */
  async blockedFlags(taskIds: readonly string[]): Promise<boolean[]> {
    const map = await this.store.blockersOf(taskIds);
    return taskIds.map((id) => (map.get(id) ?? []).length > 0);
  }

  /** Lists per task, filtered for an agent with one batched board lookup (people see the whole board). */
  private async visibleTo(
    identity: Identity,
    taskIds: readonly string[],
    map: Map<string, TaskRow[]>,
  ): Promise<TaskRow[][]> {
    const lists = taskIds.map((id) => map.get(id) ?? []);
    if (identity.kind !== 'agent') return lists;
    const boards = await this.boards.byIds([...new Set(lists.flat().map((row) => row.boardId))]);
    return lists.map((rows) =>
      rows.filter((row) => {
        const board = boards.get(row.boardId);
        return board !== undefined && agentMayRead(identity, row, board);
      }),
    );
  }

  async set(
    identity: Identity,
    taskId: string,
    dependsOn: readonly string[],
    expectedVersion: number | null | undefined,
  ): Promise<TaskRow> {
    const ids = [...new Set(dependsOn.map((id, index) => parseId(id, `dependsOn.${index}`)))];
    if (ids.length > MAX_DEPENDENCIES) {
      throw badInput(`A task can depend on at most ${MAX_DEPENDENCIES} tasks`, 'dependsOn');
    }
    const actor = actorOf(identity);
    const row = await this.access.versioned(identity, taskId, expectedVersion, async (task, caller) => {
      // The lead sets dependencies; a worker may not.
      if (caller.kind === 'agent' && caller.role !== 'lead') throw fieldForbidden(caller, task, 'dependsOn');
      if (ids.includes(task.id)) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, 'A task cannot depend on itself', {
          field: 'dependsOn',
          ids: [task.id],
        });
      }
      const found = await this.tasks.byIds(ids);
      // Another organization's task is as unknown as a missing one: nothing about it leaks.
      const unknown = ids.filter((id) => found.get(id)?.organizationId !== task.organizationId);
      if (unknown.length > 0) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Unknown tasks in dependsOn', {
          field: 'dependsOn',
          ids: unknown,
        });
      }
      const foreign = ids.filter((id) => found.get(id)?.boardId !== task.boardId);
      if (foreign.length > 0) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Dependencies must be tasks of the same board', {
          field: 'dependsOn',
          ids: foreign,
        });
      }
      return this.changes.run(async (tx, record) => {
        const replaced = await new TaskDependencyStore(tx).replace(
          task.boardId,
          task.id,
          task.version,
          ids,
          (edges) => {
            const cycle = findCycle(edges, task.id, ids);
            if (cycle) {
              throw new DomainError(CYCLE, 'These dependencies would create a cycle', {
                field: 'dependsOn',
                ids: cycle,
              });
            }
          },
        );
        if (!replaced) return undefined;
        await record(
          workEvents.taskDependenciesChanged,
          {
            boardId: task.boardId,
            taskId: task.id,
            before: { dependsOn: replaced.previous },
            after: { dependsOn: ids },
          },
          { organizationId: task.organizationId, actor },
        );
        return replaced.task;
      });
    });
    await this.events.publish(taskDependenciesChanged, {
      organizationId: row.organizationId,
      boardId: row.boardId,
      taskId: row.id,
      actor,
    });
    return row;
  }
}

/**
 * The cycle `taskId → … → taskId` that giving `taskId` the dependencies `dependsOn` would close,
 * given the board's other edges, as the list of task ids along it (starting at `taskId`); or null.
 */
export function findCycle(otherEdges: readonly Edge[], taskId: string, dependsOn: readonly string[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const edge of otherEdges) {
    const list = next.get(edge.taskId) ?? [];
    list.push(edge.dependsOnTaskId);
    next.set(edge.taskId, list);
  }
  next.set(taskId, [...dependsOn]);
  // Iterative depth-first search from taskId, remembering each node's predecessor.
  const parent = new Map<string, string>();
  const stack = [...dependsOn].reverse().map((id) => ({ id, from: taskId }));
  const visited = new Set<string>();
  while (stack.length > 0) {
    const { id, from } = stack.pop() as { id: string; from: string };
    if (visited.has(id)) continue;
    visited.add(id);
    parent.set(id, from);
    if (id === taskId) {
      const path = [taskId];
      for (let at = from; at !== taskId; at = parent.get(at) as string) path.push(at);
      return [taskId, ...path.slice(1).reverse()];
    }
    for (const child of [...(next.get(id) ?? [])].reverse()) {
      if (!visited.has(child) || child === taskId) stack.push({ id: child, from: id });
    }
  }
  return null;
}
