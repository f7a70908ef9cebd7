/**
 * Background jobs with one interface and three implementations: BullMQ on Redis (many processes, jobs
 * survive restarts), the database queue of the embedded mode (`db-job-queue.ts`: jobs survive restarts
 * in PGlite) and an in-process queue (an in-memory database: nothing to survive). Job ids are deterministic, so
 * adding the same job twice does the work once; failures retry with exponential backoff and end in
 * the dead letters after the last attempt; repeatable schedules really fire.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Database } from './db.ts';

export interface JobOptions {
  /** Deterministic id: adding a job whose id is queued or running again does nothing. */
  id: string;
  /**
   * The caller's open transaction (an event reaction's): a queue kept in that database (embedded mode)
   * adds the job in it, so the job commits or rolls back with the reaction — outside it, PGlite's one
   * session would wait for the transaction for ever. BullMQ and the in-process queue add at once; a
   * rolled-back reaction runs again and adds the same id, which does nothing. Call `poke()` once the
   * transaction committed so the job does not wait for the next look at the table.
   */
  transaction?: Database;
  delayMs?: number;
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** First retry delay; doubles per attempt (default 1 s). */
  backoffMs?: number;
}

export interface Job<T> {
  id: string;
  data: T;
  /** 1 for the first run. */
  attempt: number;
}

export interface DeadJob<T> {
  id: string;
  data: T;
  error: string;
}

export interface JobQueue<T> {
  readonly name: string;
  add(data: T, options: JobOptions): Promise<void>;
  /** Looks for due jobs now (after a transaction that added some committed); a no-op where jobs run at once. */
  poke(): void;
  /** Runs `data` every `everyMs` under `scheduleId` (re-registering replaces the schedule). */
  schedule(scheduleId: string, everyMs: number, data: T): Promise<void>;
  unschedule(scheduleId: string): Promise<void>;
  process(handler: (job: Job<T>) => Promise<void>, options?: { concurrency?: number }): void;
  deadLetters(): Promise<DeadJob<T>[]>;
  /** Jobs not finished yet: waiting, delayed, retrying or running (a backlog gauge; dead letters not included). */
  pending(): Promise<number>;
  close(): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1_000;

/** In-process queue: timers, a concurrency cap, the same retry and dead-letter rules; lost on exit. */
export class MemoryJobQueue<T> implements JobQueue<T> {
  readonly name: string;
  private handler: ((job: Job<T>) => Promise<void>) | null = null;
  private concurrency = 1;
  private running = 0;
  private readonly ready: { job: Job<T>; options: JobOptions }[] = [];
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly schedules = new Map<string, NodeJS.Timeout>();
  private readonly dead: DeadJob<T>[] = [];
  private readonly logger: Logger | undefined;
  private closed = false;

  constructor(name: string, logger?: Logger) {
    this.name = name;
    this.logger = logger;
  }

  poke(): void {}

  async add(data: T, options: JobOptions): Promise<void> {
    if (this.closed || this.known.has(options.id)) return;
    this.known.add(options.id);
    this.later(options.delayMs ?? 0, () => this.enqueue({ id: options.id, data, attempt: 1 }, options));
  }

  async schedule(scheduleId: string, everyMs: number, data: T): Promise<void> {
    await this.unschedule(scheduleId);
    let tick = 0;
    const timer = setInterval(() => {
      tick += 1;
      void this.add(data, { id: `${scheduleId}:${tick}`, attempts: 1 });
    }, everyMs);
    timer.unref();
    this.schedules.set(scheduleId, timer);
  }

  async unschedule(scheduleId: string): Promise<void> {
    const timer = this.schedules.get(scheduleId);
    if (timer) clearInterval(timer);
    this.schedules.delete(scheduleId);
  }

  process(handler: (job: Job<T>) => Promise<void>, options: { concurrency?: number } = {}): void {
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.pump();
  }

  async deadLetters(): Promise<DeadJob<T>[]> {
    return [...this.dead];
  }

  async pending(): Promise<number> {
    return this.known.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const timer of this.schedules.values()) clearInterval(timer);
    this.timers.clear();
    this.schedules.clear();
  }

  private later(ms: number, run: () => void) {
    if (ms <= 0) return run();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private enqueue(job: Job<T>, options: JobOptions) {
    if (this.closed) return;
    this.ready.push({ job, options });
    this.pump();
  }

  private pump() {
    while (this.handler && this.running < this.concurrency && this.ready.length > 0) {
      const next = this.ready.shift()!;
      this.running += 1;
      void this.run(this.handler, next.job, next.options).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(handler: (job: Job<T>) => Promise<void>, job: Job<T>, options: JobOptions) {
    try {
      await handler(job);
      this.known.delete(job.id);
    } catch (error) {
      const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
      if (job.attempt >= attempts) {
        this.known.delete(job.id);
        this.dead.push({ id: job.id, data: job.data, error: (error as Error).message });
        this.logger?.warn({ queue: this.name, jobId: job.id, err: error }, 'job failed for good');
        return;
      }
      const delay = (options.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (job.attempt - 1);
      this.later(delay, () => this.enqueue({ ...job, attempt: job.attempt + 1 }, options));
    }
  }
}

/** BullMQ on Redis; queue keys are prefixed `mc:<subgraph>` so services never collide. */
export class BullJobQueue<T> implements JobQueue<T> {
  readonly name: string;
  private readonly queue: Queue;
  private readonly connection: Redis;
  private readonly prefix: string;
  private worker: Worker | null = null;
  private workerConnection: Redis | null = null;
  private readonly url: string;

  private readonly logger: Logger | undefined;

  constructor(url: string, name: string, prefix: string, logger?: Logger) {
    this.name = name;
    this.url = url;
    this.prefix = prefix;
    this.logger = logger;
    this.connection = new Redis(url, { maxRetriesPerRequest: null });
    this.queue = new Queue(name, { connection: this.connection, prefix });
  }

  poke(): void {}

  async add(data: T, options: JobOptions): Promise<void> {
    await this.queue.add(this.name, data, {
      jobId: bullJobId(options.id),
      delay: options.delayMs,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: true,
      removeOnFail: false,
    });
  }

  async schedule(scheduleId: string, everyMs: number, data: T): Promise<void> {
    await this.queue.upsertJobScheduler(scheduleId, { every: everyMs }, { name: this.name, data });
  }

  async unschedule(scheduleId: string): Promise<void> {
    await this.queue.removeJobScheduler(scheduleId);
  }

  process(handler: (job: Job<T>) => Promise<void>, options: { concurrency?: number } = {}): void {
    this.workerConnection = new Redis(this.url, { maxRetriesPerRequest: null });
    this.worker = new Worker(
      this.name,
      async (job) => handler({ id: fromBullJobId(job.id), data: job.data as T, attempt: job.attemptsMade + 1 }),
      { connection: this.workerConnection, prefix: this.prefix, concurrency: options.concurrency ?? 1 },
    );
    // Like the other queues: a job that used its last attempt is said, not only parked in the failed set.
    this.worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        this.logger?.warn({ queue: this.name, jobId: fromBullJobId(job.id), err: error }, 'job failed for good');
      }
    });
  }

  async deadLetters(): Promise<DeadJob<T>[]> {
    const failed = await this.queue.getFailed(0, 999);
    return failed.map((job) => ({ id: fromBullJobId(job.id), data: job.data as T, error: job.failedReason }));
  }

  async pending(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}

/** BullMQ refuses custom ids with a ':' unless they have exactly three parts: ours are escaped (injectively). */
const bullJobId = (id: string) => id.replaceAll('%', '%25').replaceAll(':', '%3A');
const fromBullJobId = (id: string | undefined) => (id ?? '').replaceAll('%3A', ':').replaceAll('%25', '%');

/**
 * The deployment's own `EVENT_STREAM_PREFIX`, when it sets one (several stacks on one Redis, e.g. the
 * e2e tests): its queue and rate-limit keys live under it, so stacks never share jobs or budgets.
 */
export function customStreamPrefix(streamPrefix: string | undefined): string | undefined {
  return streamPrefix && streamPrefix !== 'mc:stream:' ? streamPrefix : undefined;
}

/**
 * Makes the queues of one subgraph: BullMQ when Redis is configured, in-process otherwise. Keys are
 * `mc:<subgraph>`; a deployment with its own `EVENT_STREAM_PREFIX` (several stacks on one Redis, e.g.
 * the e2e tests) gets its queues under that prefix too, so its workers never take another's jobs.
 */
export function createJobQueue<T>(options: {
  redisUrl: string | undefined;
  subgraph: string;
  name: string;
  logger?: Logger;
  streamPrefix?: string;
}): JobQueue<T> {
  const custom = customStreamPrefix(options.streamPrefix);
  const prefix = custom ? `${custom}jobs:${options.subgraph}` : `mc:${options.subgraph}`;
  return options.redisUrl
    ? new BullJobQueue<T>(options.redisUrl, options.name, prefix, options.logger)
    : new MemoryJobQueue<T>(options.name, options.logger);
}
