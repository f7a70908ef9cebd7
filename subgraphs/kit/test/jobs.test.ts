/**
 * One contract suite for every job queue (in-process, BullMQ, the database queue on PGlite and on
 * PostgreSQL): dedupe by id, retries with backoff, dead letters, concurrency, schedules, delays.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db.ts';
import { DatabaseJobQueue } from '../src/db-job-queue.ts';
import { BullJobQueue, type JobQueue, MemoryJobQueue } from '../src/jobs.ts';

const databases: Partial<Record<'pglite' | 'postgres', DatabaseHandle>> = {};
beforeAll(async () => {
  databases.pglite = await openDatabase({ url: 'pglite://memory', dataDir: '.data/test' });
  databases.postgres = await openDatabase({ url: inject('postgresUrl'), dataDir: '.data/test' });
}, 60_000);
afterAll(async () => {
  await databases.pglite?.close();
  await databases.postgres?.close();
});

/** A queue in its own schema, so tests never see each other's rows. */
const databaseQueue = (kind: 'pglite' | 'postgres', name: string) =>
  new DatabaseJobQueue<{ n: number }>({
    database: databases[kind]!,
    schema: `jobs_${randomUUID().replaceAll('-', '')}`,
    name,
  });

const queues: [string, (name: string) => JobQueue<{ n: number }>][] = [
  ['memory', (name) => new MemoryJobQueue(name)],
  ['bullmq', (name) => new BullJobQueue(inject('redisUrl'), name, `mc:test-${randomUUID()}`)],
  ['database on pglite', (name) => databaseQueue('pglite', name)],
  ['database on postgres', (name) => databaseQueue('postgres', name)],
];

describe.each(queues)('job queue contract: %s', (_kind, create) => {
  const open: JobQueue<{ n: number }>[] = [];
  const queue = () => {
    const q = create(`q-${randomUUID()}`);
    open.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  it('runs a job once even when it is added twice with the same id', async () => {
    const q = queue();
    const seen: number[] = [];
    await q.add({ n: 1 }, { id: 'same' });
    await q.add({ n: 2 }, { id: 'same' });
    await q.add({ n: 3 }, { id: 'other' });
    q.process(async (job) => void seen.push(job.data.n));
    await expect.poll(() => [...seen].sort()).toEqual([1, 3]);
    await new Promise((done) => setTimeout(done, 200));
    expect(seen).toHaveLength(2);
  });

  it('takes ids with any number of colons (BullMQ refuses most of them raw)', async () => {
    const q = queue();
    const seen: string[] = [];
    for (const id of ['relay:a', 'check:a:1:2', 'odd%3A:b']) await q.add({ n: 1 }, { id });
    await q.add({ n: 2 }, { id: 'relay:a' });
    q.process(async (job) => void seen.push(job.id));
    await expect.poll(() => [...seen].sort()).toEqual(['check:a:1:2', 'odd%3A:b', 'relay:a']);
  });

  it('retries a failing job with growing delays, then succeeds', async () => {
    const q = queue();
    const attempts: { attempt: number; at: number }[] = [];
    q.process(async (job) => {
      attempts.push({ attempt: job.attempt, at: Date.now() });
      if (job.attempt < 3) throw new Error('flaky');
    });
    await q.add({ n: 1 }, { id: 'retry', attempts: 5, backoffMs: 100 });
    await expect.poll(() => attempts.length, { timeout: 10_000 }).toBe(3);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(attempts[1].at - attempts[0].at - 20);
    expect(await q.deadLetters()).toEqual([]);
  });

  it('moves a job that fails every attempt to the dead letters', async () => {
    const q = queue();
    q.process(async () => {
      throw new Error('broken');
    });
    await q.add({ n: 7 }, { id: 'poison', attempts: 2, backoffMs: 50 });
    await expect
      .poll(async () => (await q.deadLetters()).map((d) => [d.id, d.data.n, d.error]), { timeout: 10_000 })
      .toEqual([['poison', 7, 'broken']]);
  });

  it('respects the concurrency cap', async () => {
    const q = queue();
    let running = 0;
    let peak = 0;
    let done = 0;
    q.process(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running -= 1;
        done += 1;
      },
      { concurrency: 2 },
    );
    for (let n = 0; n < 6; n++) await q.add({ n }, { id: `c${n}` });
    await expect.poll(() => done, { timeout: 10_000 }).toBe(6);
    expect(peak).toBe(2);
  });

  it('fires a repeatable schedule until it is removed', async () => {
    const q = queue();
    const fired: number[] = [];
    q.process(async (job) => void fired.push(job.data.n));
    await q.schedule('tick', 150, { n: 1 });
    await expect.poll(() => fired.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await q.unschedule('tick');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = fired.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fired.length).toBe(after);
  });

  it('counts the jobs not finished yet (waiting, delayed, retrying, running), not the dead ones', async () => {
    const q = queue();
    expect(await q.pending()).toBe(0);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await q.add({ n: 1 }, { id: 'now' });
    await q.add({ n: 2 }, { id: 'later', delayMs: 60_000 });
    await q.add({ n: 3 }, { id: 'doomed', attempts: 1 });
    expect(await q.pending()).toBe(3);
    q.process(
      async (job) => {
        if (job.data.n === 3) throw new Error('broken');
        await gate;
      },
      { concurrency: 2 },
    );
    try {
      // 'doomed' dead, 'now' running, 'later' delayed.
      await expect.poll(async () => (await q.deadLetters()).length, { timeout: 10_000 }).toBe(1);
      expect(await q.pending()).toBe(2);
    } finally {
      release();
    }
    await expect.poll(() => q.pending(), { timeout: 10_000 }).toBe(1);
  });

  it('delays a job', async () => {
    const q = queue();
    const started = Date.now();
    let ranAt = 0;
    q.process(async () => {
      ranAt = Date.now();
    });
    await q.add({ n: 1 }, { id: 'later', delayMs: 300 });
    await expect.poll(() => ranAt, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(ranAt - started).toBeGreaterThanOrEqual(280);
  });
});
