/** SQL for task dependencies: batched edge lookups and the serialized per-board replacement. */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { boards, taskDependencies, tasks } from './tables.ts';
import type { TaskRow } from './task-store.ts';

export interface Edge {
  taskId: string;
  dependsOnTaskId: string;
}

export class TaskDependencyStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** For each task, the tasks it depends on, in the order they were given. */
  async dependenciesOf(taskIds: readonly string[]): Promise<Map<string, TaskRow[]>> {
    return this.edgesFrom(taskIds, false);
  }

  /** For each task, its dependencies that are not DONE (what blocks it), in dependency order. */
  async blockersOf(taskIds: readonly string[]): Promise<Map<string, TaskRow[]>> {
    return this.edgesFrom(taskIds, true);
  }

  /** For each task, the tasks that depend on it, oldest first. */
  async dependentsOf(taskIds: readonly string[]): Promise<Map<string, TaskRow[]>> {
    const result = new Map<string, TaskRow[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return result;
    const rows = await this.db
      .select({ key: taskDependencies.dependsOnTaskId, task: tasks })
      .from(taskDependencies)
      .innerJoin(tasks, eq(tasks.id, taskDependencies.taskId))
      .where(inArray(taskDependencies.dependsOnTaskId, [...taskIds]))
      .orderBy(asc(tasks.createdAt), asc(tasks.id));
    for (const row of rows) result.get(row.key)?.push(row.task);
    return result;
  }

  private async edgesFrom(taskIds: readonly string[], unfinishedOnly: boolean): Promise<Map<string, TaskRow[]>> {
    const result = new Map<string, TaskRow[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return result;
    const rows = await this.db
      .select({ key: taskDependencies.taskId, task: tasks })
      .from(taskDependencies)
      .innerJoin(tasks, eq(tasks.id, taskDependencies.dependsOnTaskId))
      .where(and(inArray(taskDependencies.taskId, [...taskIds]), unfinishedOnly ? ne(tasks.status, 'DONE') : undefined))
      .orderBy(asc(taskDependencies.position));
    for (const row of rows) result.get(row.key)?.push(row.task);
    return result;
  }

  /**
   * Replaces the dependencies of `taskId` while holding the board's row lock, so two concurrent
   * changes cannot together close a cycle. `check` sees every other edge of the board and throws
   * to refuse (rolling back). Returns the task and its previous dependencies (in order), or
   * undefined when the task is no longer at `version`.
   */
  async replace(
    boardId: string,
    taskId: string,
    version: number,
    dependsOn: readonly string[],
    check: (otherEdges: Edge[]) => void,
  ): Promise<{ task: TaskRow; previous: string[] } | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.select({ id: boards.id }).from(boards).where(eq(boards.id, boardId)).for('update');
      const edges = await tx
        .select({ taskId: taskDependencies.taskId, dependsOnTaskId: taskDependencies.dependsOnTaskId })
        .from(taskDependencies)
        .where(eq(taskDependencies.boardId, boardId))
        .orderBy(asc(taskDependencies.position));
      check(edges.filter((edge) => edge.taskId !== taskId));
      const previous = edges.filter((edge) => edge.taskId === taskId).map((edge) => edge.dependsOnTaskId);
      const [row] = await tx
        .update(tasks)
        .set({ version: sql`${tasks.version} + 1`, updatedAt: new Date() })
        .where(and(eq(tasks.id, taskId), eq(tasks.version, version)))
        .returning();
      if (!row) return undefined;
      await tx.delete(taskDependencies).where(eq(taskDependencies.taskId, taskId));
      if (dependsOn.length > 0) {
        await tx
          .insert(taskDependencies)
          .values(dependsOn.map((id, position) => ({ taskId, dependsOnTaskId: id, boardId, position })));
      }
      return { task: row, previous };
    });
  }
}
