/**
 * What only the database queue promises beyond the contract suite: jobs survive a restart of the
 * embedded runtime (PGlite on disk), a job added in the caller's transaction commits or rolls back
 * with it, a job whose worker died runs again once its lease runs out, and workers of several
 * processes sharing one table run each job once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db.ts';
import { DatabaseJobQueue } from '../src/db-job-queue.ts';
import { MemoryEventStream } from '../src/event-stream.ts';
import { MemoryEventBus } from '../src/events.ts';
import { MemoryRateLimiter } from '../src/rate-limit.ts';
import { createRuntime, type SubgraphRuntime, stopRuntime } from '../src/runtime.ts';
import { TEST_SECRETS_KEY } from '../src/testing/harness.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('database job queue across an embedded restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-jobs-'));
  const embeddedRuntime = () =>
    createRuntime({
      name: 'jobs_restart',
      databaseUrl: `pglite://${join(dir, 'pglite')}`,
      dataDir: dir,
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
      secretsKey: TEST_SECRETS_KEY,
      shared: { bus: new MemoryEventBus(), rateLimiter: new MemoryRateLimiter(), stream: new MemoryEventStream() },
    });
  let first: SubgraphRuntime;
  // A new PGlite folder starts with an initdb, the slow part (over a minute on a loaded machine).
  beforeAll(async () => {
    first = await embeddedRuntime();
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a delayed job once, in the runtime opened after the one that queued it closed', async () => {
    const before = first.queue<{ messageId: string }>('relays');
    expect(before).toBeInstanceOf(DatabaseJobQueue);
    const ranBefore: string[] = [];
    before.process(async (job) => void ranBefore.push(job.id));
    await before.add({ messageId: 'm1' }, { id: 'relay:m1', delayMs: 1_500 });
    await stopRuntime(first);
    expect(ranBefore).toEqual([]);

    const second = await embeddedRuntime();
    try {
      const after = second.queue<{ messageId: string }>('relays');
      const ranAfter: { id: string; data: { messageId: string }; attempt: number }[] = [];
      after.process(async (job) => void ranAfter.push(job));
      await expect.poll(() => ranAfter.length, { timeout: 15_000 }).toBe(1);
      expect(ranAfter[0]).toEqual({ id: 'relay:m1', data: { messageId: 'm1' }, attempt: 1 });
      await sleep(1_000);
      expect(ranAfter).toHaveLength(1);
      expect(ranBefore).toEqual([]);
    } finally {
      await stopRuntime(second);
    }
  }, 180_000);
});

describe.each(['pglite', 'postgres'] as const)('database job queue workers on %s', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openDatabase({
      url: kind === 'postgres' ? inject('postgresUrl') : 'pglite://memory',
      dataDir: '.data/test',
    });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  const pair = (options: { leaseMs?: number; closeWaitMs?: number } = {}) => {
    const schema = `jobs_${randomUUID().replaceAll('-', '')}`;
    const make = () => new DatabaseJobQueue<{ n: number }>({ database, schema, name: 'shared', ...options });
    return [make(), make()] as const;
  };

  it('runs a job again once the lease of a worker that died runs out', async () => {
    const [dying, survivor] = pair({ leaseMs: 400, closeWaitMs: 50 });
    const started: string[] = [];
    // The first worker takes the job and never finishes it: its process "dies" (closes without it).
    dying.process(() => {
      started.push('dying');
      return new Promise<void>(() => {});
    });
    await dying.add({ n: 1 }, { id: 'stuck' });
    await expect.poll(() => started).toEqual(['dying']);
    await dying.close();
    const finished: number[] = [];
    survivor.process(async (job) => {
      started.push('survivor');
      finished.push(job.attempt);
    });
    await expect.poll(() => finished, { timeout: 10_000 }).toEqual([1]);
    expect(started).toEqual(['dying', 'survivor']);
    await survivor.close();
  });

  it('keeps the lease of a long job alive, so no other worker takes it', async () => {
    const [one, two] = pair({ leaseMs: 300 });
    const runs: string[] = [];
    const slow = (who: string) => async () => {
      runs.push(who);
      await sleep(1_200);
    };
    one.process(slow('one'));
    await one.add({ n: 1 }, { id: 'long' });
    await expect.poll(() => runs).toEqual(['one']);
    two.process(slow('two'));
    await sleep(1_500);
    expect(runs).toEqual(['one']);
    await Promise.all([one.close(), two.close()]);
  });

  it('adds a job in the caller’s transaction: never run if it rolls back, run at the poke once committed', async () => {
    // A poll far away: only the poke can make the committed job run within the test.
    const queue = new DatabaseJobQueue<{ n: number }>({
      database,
      schema: `jobs_${randomUUID().replaceAll('-', '')}`,
      name: 'in-tx',
      pollMs: 60_000,
    });
    const ran: number[] = [];
    queue.process(async (job) => void ran.push(job.data.n));
    await queue.add({ n: 0 }, { id: 'warm' }); // tables made, worker idle
    await expect.poll(() => ran).toEqual([0]);
    await database.db
      .transaction(async (tx) => {
        await queue.add({ n: 1 }, { id: 'rolled-back', transaction: tx });
        throw new Error('reaction failed');
      })
      .catch(() => undefined);
    await database.db.transaction(async (tx) => {
      await queue.add({ n: 2 }, { id: 'committed', transaction: tx });
    });
    queue.poke();
    await expect.poll(() => ran, { timeout: 5_000 }).toEqual([0, 2]);
    await sleep(300);
    expect(ran).toEqual([0, 2]);
    await queue.close();
  });

  it('hands each job to exactly one of two workers sharing the table', async () => {
    const [one, two] = pair();
    const runs = new Map<number, number>();
    const handler = async (job: { data: { n: number } }) => {
      runs.set(job.data.n, (runs.get(job.data.n) ?? 0) + 1);
      await sleep(10);
    };
    one.process(handler, { concurrency: 3 });
    two.process(handler, { concurrency: 3 });
    await Promise.all(Array.from({ length: 30 }, (_, n) => (n % 2 ? one : two).add({ n }, { id: `job-${n}` })));
    await expect.poll(() => runs.size, { timeout: 15_000 }).toBe(30);
    await sleep(300);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    await Promise.all([one.close(), two.close()]);
  });
});
