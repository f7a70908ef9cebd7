/**
 * Flow metrics per board or board group, computed from the task status history governance keeps
 * from work's events: throughput (moves to DONE), mean cycle time (a task's first IN_PROGRESS to
 * DONE) and WIP (tasks in IN_PROGRESS or REVIEW at a bucket's end). Buckets are consecutive windows
 * ending now (the runtime clock), oldest first; `previous` is the same span just before them.
 */
import { badInput, type Clock, type Database, type Identity, notFound, parseId } from '@mc/kit';
import { ProjectionStore, type TransitionRow } from '../db/projection-store.ts';
import { readScope, requireBoard } from './access.ts';

export type MetricsWindow = 'DAY' | 'WEEK' | 'MONTH';

export const WINDOW_MS: Record<MetricsWindow, number> = {
  DAY: 86_400_000,
  WEEK: 7 * 86_400_000,
  MONTH: 30 * 86_400_000,
};

export const MAX_BUCKETS = 90;

export interface FlowSummary {
  start: Date;
  end: Date;
  throughput: number;
  /** Null when nothing was finished in the span. */
  meanCycleTimeSeconds: number | null;
  wip: number;
}

export interface FlowMetrics {
  window: MetricsWindow;
  boardIds: string[];
  buckets: FlowSummary[];
  current: FlowSummary;
  previous: FlowSummary;
}

const ACTIVE = new Set(['IN_PROGRESS', 'REVIEW']);

export class MetricsService {
  private readonly projections: ProjectionStore;
  private readonly clock: Clock;

  constructor(db: Database, clock: Clock) {
    this.projections = new ProjectionStore(db);
    this.clock = clock;
  }

  async forBoard(identity: Identity, boardId: string, window: MetricsWindow, buckets: number): Promise<FlowMetrics> {
    const id = parseId(boardId, 'boardId');
    await requireBoard(this.projections, identity, id, 'read');
    return this.compute([id], window, buckets);
  }

  /** Over the group's boards that the caller may read. */
  async forGroup(identity: Identity, boardGroupId: string, window: MetricsWindow, buckets: number) {
    const { org, readable } = readScope(identity);
    const id = parseId(boardGroupId, 'boardGroupId');
    const group = await this.projections.group(id);
    if (!group || group.organizationId !== org.id || group.deletedAt) throw notFound('Board group', id);
    const boards = await this.projections.boardsOfGroup(org.id, id);
    return this.compute(
      readable === 'all' ? boards : boards.filter((board) => readable.includes(board)),
      window,
      buckets,
    );
  }

  private async compute(boardIds: string[], window: MetricsWindow, buckets: number): Promise<FlowMetrics> {
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
      throw badInput(`buckets must be between 1 and ${MAX_BUCKETS}`, 'buckets');
    }
    const span = WINDOW_MS[window];
    const end = this.clock.now().getTime();
    const start = end - buckets * span;
    const ranges: [number, number][] = [];
    for (let i = 0; i < buckets; i += 1) ranges.push([start + i * span, start + (i + 1) * span]);
    const transitions = await this.projections.transitions(boardIds, new Date(end));
    const [previous, current, ...perBucket] = summarize(transitions, [
      [start - buckets * span, start],
      [start, end],
      ...ranges,
    ]);
    return { window, boardIds, buckets: perBucket, current, previous };
  }
}

/** Throughput, mean cycle time and WIP at the end of each range, from transitions oldest first. */
export function summarize(transitions: readonly TransitionRow[], ranges: readonly [number, number][]): FlowSummary[] {
  // Every move to DONE with the time it took from the task's first IN_PROGRESS.
  const firstInProgress = new Map<string, number>();
  const finished: { at: number; cycleMs: number | null }[] = [];
  for (const transition of transitions) {
    const at = transition.at.getTime();
    if (transition.toStatus === 'IN_PROGRESS' && !firstInProgress.has(transition.taskId)) {
      firstInProgress.set(transition.taskId, at);
    }
    if (transition.toStatus === 'DONE') {
      const began = firstInProgress.get(transition.taskId);
      finished.push({ at, cycleMs: began === undefined ? null : at - began });
    }
  }
  return ranges.map(([from, to]) => {
    const done = finished.filter((entry) => entry.at >= from && entry.at < to);
    const cycles = done.flatMap((entry) => (entry.cycleMs === null ? [] : [entry.cycleMs]));
    return {
      start: new Date(from),
      end: new Date(to),
      throughput: done.length,
      meanCycleTimeSeconds:
        cycles.length === 0 ? null : Math.round(cycles.reduce((sum, ms) => sum + ms, 0) / cycles.length / 1000),
      wip: wipAt(transitions, to),
    };
  });
}

/** Tasks whose latest status before `at` is IN_PROGRESS or REVIEW. */
function wipAt(transitions: readonly TransitionRow[], at: number): number {
  const status = new Map<string, string>();
  for (const transition of transitions) {
    if (transition.at.getTime() >= at) break;
    status.set(transition.taskId, transition.toStatus);
  }
  let count = 0;
  for (const value of status.values()) if (ACTIVE.has(value)) count += 1;
  return count;
}
