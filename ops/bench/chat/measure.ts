/** What the chat benchmark measures besides latency: CPU per process and of the bench database. */
import { basename, dirname } from 'node:path';
import type pg from 'pg';
import type { ProductionStack } from '../../../router/test/support/processes.ts';
import { cpuSeconds } from '../peers/measure.ts';

/** The pid of each process of the stack by name (`router`, `chat`, …). */
export function processNames(stack: ProductionStack): Record<string, number> {
  const names: Record<string, number> = {};
  for (const proc of stack.procs) {
    const script = proc.child.spawnargs[1] ?? '';
    const name = script.includes('/subgraphs/') ? basename(dirname(dirname(script))) : 'router';
    if (proc.child.pid !== undefined) names[name] = proc.child.pid;
  }
  return names;
}

/** CPU seconds so far of each process, of the bench database's backends together, and its transactions. */
export async function cpuSnapshot(processes: Record<string, number>, stats: pg.Client) {
  const cpu: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) cpu[name] = cpuSeconds(pid);
  const backends = await stats.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  const database = await stats.query<{ transactions: string }>(
    'select xact_commit + xact_rollback as transactions from pg_stat_database where datname = current_database()',
  );
  // By backend: one that started during the load counts from zero (one that ended is missed; pools keep theirs busy).
  const postgres = new Map(backends.rows.map((row) => [row.pid, cpuSeconds(row.pid)] as const));
  return { processes: cpu, postgres, transactions: Number(database.rows[0]?.transactions ?? 0) };
}
