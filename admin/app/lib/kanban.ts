/**
 * The kanban's client-side logic: grouping tasks into status columns, planning a move (drag and
 * drop or keyboard), and applying it optimistically so the card moves at once and goes back if the
 * API refuses.
 */

export const STATUSES = ['INBOX', 'IN_PROGRESS', 'REVIEW', 'DONE'] as const;
export type Status = (typeof STATUSES)[number];

export interface CardLike {
  id: string;
  status: Status;
  version: number;
}

/** What a kanban card shows. */
export interface KanbanTask extends CardLike {
  title: string;
  priority: string;
  blocked: boolean;
  tags: readonly { id: string; name: string; color: string }[];
}

export type Columns<T extends CardLike> = Record<Status, T[]>;

export function groupByStatus<T extends CardLike>(tasks: readonly T[]): Columns<T> {
  const columns: Columns<T> = { INBOX: [], IN_PROGRESS: [], REVIEW: [], DONE: [] };
  for (const task of tasks) columns[task.status].push(task);
  return columns;
}

export interface PlannedMove {
  taskId: string;
  from: Status;
  to: Status;
  expectedVersion: number;
}

/** A move to send, or null when the card is dropped where it already is. */
export function planMove(task: CardLike, to: Status): PlannedMove | null {
  if (task.status === to) return null;
  return { taskId: task.id, from: task.status, to, expectedVersion: task.version };
}

/** The column left (-1) or right (+1) of a status, or null at the edges (keyboard moves). */
export function neighbour(status: Status, direction: -1 | 1): Status | null {
  const index = STATUSES.indexOf(status) + direction;
  return STATUSES[index] ?? null;
}

/**
 * The task list with one task moved (to the end of its new column). Returns a new array; the
 * pending map lets a refetch that arrives mid-move keep showing the card where it was dropped.
 */
export function applyMove<T extends CardLike>(tasks: readonly T[], move: PlannedMove): T[] {
  return tasks.map((task) => (task.id === move.taskId ? { ...task, status: move.to } : task));
}

/** Server tasks overlaid with moves still in flight. */
export function withPending<T extends CardLike>(tasks: readonly T[], pending: ReadonlyMap<string, Status>): T[] {
  if (pending.size === 0) return [...tasks];
  return tasks.map((task) => {
    const status = pending.get(task.id);
    return status && status !== task.status ? { ...task, status } : task;
  });
}

/** Reads the task id a drag carried; only ids this board shows are accepted. */
export function draggedTaskId(data: string, known: ReadonlySet<string>): string | null {
  const id = data.trim();
  return known.has(id) ? id : null;
}
