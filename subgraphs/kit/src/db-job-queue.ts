/**
 * The embedded mode's job queue, kept in the subgraph's own database (PGlite on disk, or PostgreSQL)
 * so held jobs survive a restart as they do in BullMQ. Jobs live in `<schema>.mc_jobs`, repeatable
 * schedules in `<schema>.mc_job_schedules`. Workers claim due jobs with `FOR UPDATE SKIP LOCKED` and
 * hold them under a lease they renew while running; a job whose worker died is claimed again when its
 * lease runs out. Same rules as the other queues: ids de-duplicate, failures retry with exponential
 * backoff, the last failure is kept as a dead letter; completed jobs are deleted.
 */
import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './db.ts';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type DeadJob,
  type Job,
  type JobOptions,
  type JobQueue,
} from './jobs.ts';
import { ident } from './outbox.ts';

/** DDL of the job tables in a subgraph's schema (idempotent; times are epoch milliseconds). */
export function jobTablesSql(schema: string): SQL[] {
  const s = ident(schema);
  return [
    sql`create schema if not exists ${s}`,
    sql`create table if not exists ${s}.mc_jobs (
      queue text not null,
      id text not null,
      seq bigserial not null,
      data jsonb not null,
      state text not null check (state in ('waiting', 'active', 'failed')),
      run_at double precision not null,
      attempt integer not null default 1,
      attempts integer not null,
      backoff_ms integer not null,
      lock_token uuid,
      locked_until double precision,
      error text,
      primary key (queue, id)
    )`,
    sql`create index if not exists mc_jobs_due on ${s}.mc_jobs (queue, run_at) where state = 'waiting'`,
    sql`create table if not exists ${s}.mc_job_schedules (
      queue text not null,
      id text not null,
      every_ms double precision not null,
      data jsonb not null,
      next_run_at double precision not null,
      primary key (queue, id)
    )`,
  ];
}

export interface DatabaseJobQueueOptions {
  database: DatabaseHandle;
  /** The Postgres schema of the subgraph that owns the queue. */
  schema: string;
  name: string;
  logger?: Logger;
  /** How long a claimed job stays reserved without a renewal (default 30 s). */
  leaseMs?: number;
  /** Longest sleep between looks at the table (jobs added by another process; default 2 s). */
  pollMs?: number;
  /** How long `close()` waits for running jobs (default 10 s); unfinished ones run again later. */
  closeWaitMs?: number;
}

interface ClaimedRow {
  id: string;
  data: unknown;
  attempt: number;
  attempts: number;
  backoff_ms: number;
}

const rows = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

export class DatabaseJobQueue<T> implements JobQueue<T> {
  readonly name: string;
  private readonly database: DatabaseHandle;
  private readonly schema: string;
  private readonly s: SQL;
  private readonly logger: Logger | undefined;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly closeWaitMs: number;
  private readonly token = randomUUID();
  private tables: Promise<void> | null = null;
  private handler: ((job: Job<T>) => Promise<void>) | null = null;
  private concurrency = 1;
  private readonly running = new Map<string, Promise<void>>();
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private renewer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: DatabaseJobQueueOptions) {
    this.name = options.name;
    this.database = options.database;
    this.s = ident(options.schema);
    this.schema = options.schema;
    this.logger = options.logger;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 2_000;
    this.closeWaitMs = options.closeWaitMs ?? 10_000;
  }

  async add(data: T, options: JobOptions): Promise<void> {
    if (this.closed) return;
    await this.ready();
    await (options.transaction ?? this.database.db).execute(sql`
      insert into ${this.s}.mc_jobs (queue, id, data, state, run_at, attempts, backoff_ms)
      values (${this.name}, ${options.id}, ${JSON.stringify(data)}::jsonb, 'waiting',
        ${Date.now() + Math.max(0, options.delayMs ?? 0)}, ${options.attempts ?? DEFAULT_ATTEMPTS},
        ${options.backoffMs ?? DEFAULT_BACKOFF_MS})
      on conflict (queue, id) do nothing`);
    // In the caller's transaction the job is not visible yet: the caller pokes once it committed.
    if (!options.transaction) this.wake();
  }

  poke(): void {
    this.wake();
  }

  async schedule(scheduleId: string, everyMs: number, data: T): Promise<void> {
    await this.ready();
    await this.database.db.execute(sql`
      insert into ${this.s}.mc_job_schedules (queue, id, every_ms, data, next_run_at)
      values (${this.name}, ${scheduleId}, ${everyMs}, ${JSON.stringify(data)}::jsonb, ${Date.now() + everyMs})
      on conflict (queue, id) do update
        set every_ms = excluded.every_ms, data = excluded.data, next_run_at = excluded.next_run_at`);
    this.wake();
  }

  async unschedule(scheduleId: string): Promise<void> {
    await this.ready();
    await this.database.db.execute(
      sql`delete from ${this.s}.mc_job_schedules where queue = ${this.name} and id = ${scheduleId}`,
    );
  }

  process(handler: (job: Job<T>) => Promise<void>, options: { concurrency?: number } = {}): void {
    if (this.handler) throw new Error(`queue ${this.name} already has a processor`);
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.renewer = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewer.unref();
    this.loop = this.work();
  }

  async deadLetters(): Promise<DeadJob<T>[]> {
    await this.ready();
    const result = await this.database.db.execute(sql`
      select id, data, error from ${this.s}.mc_jobs
      where queue = ${this.name} and state = 'failed' order by seq`);
    return rows<{ id: string; data: T; error: string | null }>(result).map((row) => ({
      id: row.id,
      data: row.data,
      error: row.error ?? '',
    }));
  }

  async pending(): Promise<number> {
    await this.ready();
    const result = await this.database.db.execute(sql`
      select count(*)::int as count from ${this.s}.mc_jobs
      where queue = ${this.name} and state in ('waiting', 'active')`);
    return rows<{ count: number }>(result)[0]?.count ?? 0;
  }

  /** Stops claiming, then waits (boundedly) for the jobs in hand; a job left unfinished runs again. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    await this.loop;
    const inHand = Promise.allSettled([...this.running.values()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([inHand, new Promise((done) => (timer = setTimeout(done, this.closeWaitMs)))]);
    clearTimeout(timer);
    if (this.renewer) clearInterval(this.renewer);
  }

  /** Creates the tables once; under a lock, since concurrent `create … if not exists` can collide. */
  private ready(): Promise<void> {
    this.tables ??= this.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('mc:job-tables'))`);
        for (const statement of jobTablesSql(this.schema)) await tx.execute(statement);
      })
      .catch((error) => {
        this.tables = null;
        throw error;
      });
    return this.tables;
  }

  private wake() {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Sleeps until `until`, a wake-up, or close. */
  private async sleep(until: number) {
    if (this.woken || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, until - Date.now()));
      timer.unref();
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = null;
  }

  /**
   * The claim loop. It runs in the context `process()` was called in, never in a request's: a wake
   * from `add()` only resolves the promise this loop waits on.
   */
  private async work() {
    while (!this.closed) {
      this.woken = false;
      let until = Date.now() + this.pollMs;
      try {
        await this.ready();
        await this.fireSchedules();
        const free = this.concurrency - this.running.size;
        if (free > 0) for (const row of await this.claim(free)) this.start(row);
        if (this.running.size < this.concurrency) until = Math.min(until, await this.nextDue());
      } catch (error) {
        if (this.closed) break;
        this.logger?.warn({ queue: this.name, err: error }, 'job queue poll failed');
      }
      await this.sleep(until);
    }
  }

  /** Turns due schedule slots into jobs whose ids name the slot, so a slot fires once. */
  private async fireSchedules() {
    const now = Date.now();
    await this.database.db.execute(sql`
      with due as (
        select queue, id, every_ms, data, next_run_at from ${this.s}.mc_job_schedules
        where queue = ${this.name} and next_run_at <= ${now}
        for update skip locked
      ), fired as (
        insert into ${this.s}.mc_jobs (queue, id, data, state, run_at, attempts, backoff_ms)
        select queue, id || ':' || (next_run_at::bigint)::text, data, 'waiting', ${now}, 1, ${DEFAULT_BACKOFF_MS}
        from due
        on conflict (queue, id) do nothing
      )
      update ${this.s}.mc_job_schedules s
      set next_run_at = greatest(s.next_run_at + s.every_ms, ${now} + s.every_ms / 2)
      from due where s.queue = due.queue and s.id = due.id`);
  }

  /** Claims up to `limit` due jobs (and jobs whose lease ran out: their worker is gone). */
  private async claim(limit: number): Promise<ClaimedRow[]> {
    const now = Date.now();
    const result = await this.database.db.execute(sql`
      update ${this.s}.mc_jobs j
      set state = 'active', lock_token = ${this.token}, locked_until = ${now + this.leaseMs}
      from (
        select queue, id from ${this.s}.mc_jobs
        where queue = ${this.name}
          and ((state = 'waiting' and run_at <= ${now})
            or (state = 'active' and locked_until < ${now} and lock_token is distinct from ${this.token}))
        order by run_at, seq
        limit ${limit}
        for update skip locked
      ) c
      where j.queue = c.queue and j.id = c.id
      returning j.id, j.data, j.attempt, j.attempts, j.backoff_ms`);
    return rows<ClaimedRow>(result);
  }

  /** When the next job or schedule slot is due. */
  private async nextDue(): Promise<number> {
    const result = await this.database.db.execute(sql`
      select least(
        (select min(run_at) from ${this.s}.mc_jobs where queue = ${this.name} and state = 'waiting'),
        (select min(locked_until) from ${this.s}.mc_jobs where queue = ${this.name} and state = 'active'
           and lock_token is distinct from ${this.token}),
        (select min(next_run_at) from ${this.s}.mc_job_schedules where queue = ${this.name})
      ) as next`);
    const next = rows<{ next: number | string | null }>(result)[0]?.next;
    return next == null ? Number.POSITIVE_INFINITY : Number(next);
  }

  private start(row: ClaimedRow) {
    const handler = this.handler;
    if (!handler) return;
    const job: Job<T> = { id: row.id, data: row.data as T, attempt: row.attempt };
    const run = this.run(handler, job, row).finally(() => {
      this.running.delete(row.id);
      this.wake();
    });
    this.running.set(row.id, run);
  }

  private async run(handler: (job: Job<T>) => Promise<void>, job: Job<T>, row: ClaimedRow) {
    let failure: unknown = null;
    try {
      await handler(job);
    } catch (error) {
      failure = error;
    }
    try {
      await this.finish(job, row, failure);
    } catch (error) {
      // The database went away (closing): the lease runs out and the job is claimed again.
      this.logger?.warn({ queue: this.name, jobId: job.id, err: error }, 'job outcome not recorded');
    }
  }

  /** Records the outcome, only while this worker still holds the job. */
  private async finish(job: Job<T>, row: ClaimedRow, failure: unknown) {
    const mine = sql`queue = ${this.name} and id = ${job.id} and lock_token = ${this.token} and state = 'active'`;
    if (failure === null) {
      await this.database.db.execute(sql`delete from ${this.s}.mc_jobs where ${mine}`);
      return;
    }
    const message = failure instanceof Error ? failure.message : String(failure);
    if (job.attempt >= row.attempts) {
      await this.database.db.execute(sql`
        update ${this.s}.mc_jobs set state = 'failed', error = ${message}, lock_token = null, locked_until = null
        where ${mine}`);
      this.logger?.warn({ queue: this.name, jobId: job.id, err: failure }, 'job failed for good');
      return;
    }
    const delay = row.backoff_ms * 2 ** (job.attempt - 1);
    await this.database.db.execute(sql`
      update ${this.s}.mc_jobs
      set state = 'waiting', attempt = attempt + 1, run_at = ${Date.now() + delay}, error = ${message},
        lock_token = null, locked_until = null
      where ${mine}`);
  }

  private async renewLeases() {
    if (this.running.size === 0) return;
    const ids = [...this.running.keys()];
    try {
      await this.database.db.execute(sql`
        update ${this.s}.mc_jobs set locked_until = ${Date.now() + this.leaseMs}
        where queue = ${this.name} and lock_token = ${this.token} and state = 'active'
          and id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`);
    } catch (error) {
      this.logger?.warn({ queue: this.name, err: error }, 'job lease renewal failed');
    }
  }
}
