/**
 * What test workers leave running for the whole run (the processes and databases of shared e2e stacks),
 * written to a folder the global setup provides, so the global teardown can stop and drop them even
 * when a worker was killed before it could.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

type Entry = { pid: number; start?: string } | { database: string };

const entriesFile = (dir: string) => join(dir, 'entries.jsonl');

export function register(dir: string, entry: { pid: number } | { database: string }) {
  const line = 'pid' in entry ? { pid: entry.pid, start: startTime(entry.pid) } : entry;
  appendFileSync(entriesFile(dir), `${JSON.stringify(line)}\n`);
}

/** When the process started (Linux /proc), so a pid reused by another process is never signalled. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const runs = (pid: number, start: string | undefined) => start !== undefined && startTime(pid) === start;

/** SIGTERM to every registered process still running (SIGKILL after `graceMs`), then drop the databases. */
export async function cleanUp(dir: string, adminUrl: string, graceMs = 10_000) {
  let entries: Entry[] = [];
  try {
    entries = readFileSync(entriesFile(dir), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Entry);
  } catch {
    // Nothing was registered.
  }
  const alive = () => entries.flatMap((entry) => ('pid' in entry && runs(entry.pid, entry.start) ? [entry.pid] : []));
  for (const pid of alive()) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive().length > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  for (const pid of alive()) process.kill(pid, 'SIGKILL');
  const databases = entries.flatMap((entry) => ('database' in entry ? [entry.database] : []));
  if (databases.length > 0) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    for (const name of databases) await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  }
  rmSync(dir, { recursive: true, force: true });
}
