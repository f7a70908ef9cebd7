/**
 * Garbage collection pauses of this process in wall-clock time (`PerformanceObserver` `gc` entries,
 * the pauses `--trace-gc` prints), so the benchmark can line them up with slow events.
 */
import { PerformanceObserver } from 'node:perf_hooks';

export interface GcPause {
  /** Which process: `bench` or `generator <n>`. */
  process: string;
  kind: 'minor' | 'major' | 'other';
  /** Wall-clock ms (`performance.timeOrigin + startTime`). */
  start: number;
  ms: number;
}

const KINDS: Record<number, GcPause['kind']> = { 1: 'minor', 2: 'major', 4: 'major' };

/** Starts recording; `since(t)` returns the pauses that started at or after wall-clock `t`. */
export function recordGcPauses(name: string): { since: (start: number) => GcPause[] } {
  const pauses: GcPause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[(entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      pauses.push({
        process: name,
        kind,
        start: performance.timeOrigin + entry.startTime,
        ms: Math.round(entry.duration * 100) / 100,
      });
    }
    // Bounded: a long run keeps the latest.
    if (pauses.length > 50_000) pauses.splice(0, pauses.length - 50_000);
  });
  observer.observe({ entryTypes: ['gc'] });
  return { since: (start) => pauses.filter((pause) => pause.start >= start) };
}
