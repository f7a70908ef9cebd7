/**
 * Lossless streams on a real database (PostgreSQL and PGlite) with both buses (memory and Redis):
 * gapless sequences assigned in the transaction, replay then live without gap or duplicate, gaps
 * filled from the log (lost publishes, polls), slow consumers and expired cursors told to resync.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db.ts';
import { CodedError } from '../src/errors.ts';
import { type EventBus, MemoryEventBus, RedisEventBus } from '../src/events.ts';
import { createLogger } from '../src/logger.ts';
import { ensureEventTables } from '../src/outbox.ts';
import { type StreamItem, StreamLog, type StreamSubscription } from '../src/stream-log.ts';
import { DATABASE_KINDS, testDatabaseUrl } from '../src/testing/harness.ts';
import { startDedicatedRedis } from '../src/testing/redis-server.ts';
import { statementsOf } from '../src/testing/statements.ts';

const logger = createLogger('test', 'silent');
const buses: ['memory' | 'redis', () => EventBus][] = [
  ['memory', () => new MemoryEventBus()],
  ['redis', () => new RedisEventBus(inject('redisUrl'))],
];
const cases = DATABASE_KINDS.flatMap((kind) => buses.map(([busKind, bus]) => [kind, busKind, bus] as const));

/** Pulls `count` items, failing after `ms` instead of hanging. */
async function take<T>(subscription: StreamSubscription<T>, count: number, ms = 5000): Promise<StreamItem<T>[]> {
  const items: StreamItem<T>[] = [];
  const deadline = Date.now() + ms;
  while (items.length < count) {
    const next = await Promise.race([
      subscription.next(),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(1, deadline - Date.now()))),
    ]);
    if (next === 'timeout') throw new Error(`timed out after ${items.length} of ${count} items`);
    if (next.done) break;
    items.push(next.value);
  }
  return items;
}

const seqs = (items: StreamItem<unknown>[]) => items.map((item) => (item.kind === 'entry' ? item.seq : `resync`));

describe.each(cases)('stream log on %s with the %s bus', (kind, _busKind, createBus) => {
  let database: DatabaseHandle;
  let bus: EventBus;
  let log: StreamLog;
  const schema = `streams_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    database = await openDatabase({ url: testDatabaseUrl(kind), dataDir: '.data/test' });
    bus = createBus();
    await ensureEventTables(database, schema);
    log = new StreamLog({ database, schema, subgraph: 'test', bus, logger, settings: { pollMs: 100 } });
    log.start();
  });
  afterAll(async () => {
    await log.stop();
    await bus.close();
    await database.close();
  });

  const key = () => `thing:${randomUUID()}`;
  const append = (stream: string, n: number) => database.db.transaction((tx) => log.append(tx, stream, { n }));
  const appendMany = async (stream: string, from: number, to: number) => {
    for (let n = from; n <= to; n++) await append(stream, n);
    await log.publish();
  };

  it('numbers each stream 1, 2, 3… in the transaction; a rolled-back append gives its number back', async () => {
    const a = key();
    const b = key();
    expect((await append(a, 1)).seq).toBe(1);
    expect((await append(b, 1)).seq).toBe(1);
    await expect(
      database.db.transaction(async (tx) => {
        await log.append(tx, a, { n: 99 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await append(a, 2)).seq).toBe(2);
    expect(await log.heads([a, b, key()])).toEqual(
      new Map([
        [a, 2],
        [b, 1],
        [expect.any(String), 0],
      ]),
    );
    expect((await log.read(a, 0)).map((entry) => entry.data)).toEqual([{ n: 1 }, { n: 2 }]);
    // Many keys at once (a process following thousands of boards) are read in chunks.
    const many = await log.heads([...Array.from({ length: 2500 }, () => key()), b, a]);
    expect([many.size, many.get(a), many.get(b)]).toEqual([2502, 2, 1]);
  });

  it.runIf(kind === 'postgres')('concurrent writers get distinct, gapless numbers', async () => {
    const stream = key();
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => append(stream, n)));
    expect(results.map((entry) => entry.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, n) => n + 1),
    );
  });

  it('from now on: only what is appended after subscribing, in order, live', async () => {
    const stream = key();
    await appendMany(stream, 1, 2);
    const subscription = await log.subscribe<{ n: number }>(stream);
    expect(subscription.last).toBe(2);
    await appendMany(stream, 3, 5);
    const items = await take(subscription, 3);
    expect(seqs(items)).toEqual([3, 4, 5]);
    expect(items.map((item) => (item.kind === 'entry' ? item.data.n : null))).toEqual([3, 4, 5]);
    await subscription.close();
  });

  /** Resolves with `'none'` when nothing more arrives within `ms` (the item otherwise). */
  const nothingMore = (subscription: StreamSubscription<unknown>, ms = 300) =>
    Promise.race([subscription.next(), new Promise<'none'>((resolve) => setTimeout(() => resolve('none'), ms))]);

  it('publishes the entries a commit appended from memory: each once, marked in one statement, none claimed', async () => {
    const stream = key();
    const subscription = await log.subscribe<{ n: number }>(stream);
    const entries = await database.db.transaction(async (tx) => [
      await log.append(tx, stream, { n: 1 }),
      await log.append(tx, stream, { n: 2 }),
      await log.append(tx, stream, { n: 3 }),
    ]);
    const statements = await statementsOf(database, () => log.publish(entries));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(
      /^update .*mc_stream_log\s+set published_at = now\(\)[^\n]*\s+where \(stream, seq\) in \(/,
    );
    expect(statements[0]).not.toMatch(/skip locked|returning/);
    expect(seqs(await take(subscription, 3))).toEqual([1, 2, 3]);
    expect(await nothingMore(subscription)).toBe('none');
    const result = await database.db.execute(
      sql`select count(*)::int as n from ${sql.raw(`"${schema}"`)}.mc_stream_log where stream = ${stream} and published_at is null`,
    );
    expect((result as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
    await subscription.close();
  });

  it('a drain racing with a publish from memory sends entries twice, and a subscriber gets each once', async () => {
    const stream = key();
    const subscription = await log.subscribe<{ n: number }>(stream);
    let onTheBus = 0;
    const unsubscribe = await bus.subscribe(log.topic(stream), () => {
      onTheBus += 1;
    });
    const entries = await database.db.transaction(async (tx) => [
      await log.append(tx, stream, { n: 1 }),
      await log.append(tx, stream, { n: 2 }),
    ]);
    // The drain claims and publishes them before the publish from memory marks them: both publish.
    await log.publish();
    await log.publish(entries);
    await expect.poll(() => onTheBus).toBe(4);
    expect(seqs(await take(subscription, 2))).toEqual([1, 2]);
    expect(await nothingMore(subscription)).toBe('none');
    await unsubscribe();
    await subscription.close();
  });

  it('resumes after a cursor: replays the log, then continues live, without gap or duplicate', async () => {
    const stream = key();
    await appendMany(stream, 1, 6);
    const subscription = await log.subscribe(stream, { after: 2 });
    await appendMany(stream, 7, 8);
    expect(seqs(await take(subscription, 6))).toEqual([3, 4, 5, 6, 7, 8]);
    // Redelivered live entries (a second relay, a replayed publish) are dropped.
    const [again] = await log.read(stream, 7);
    await bus.publish(log.topic(stream), again);
    await appendMany(stream, 9, 9);
    expect(seqs(await take(subscription, 1))).toEqual([9]);
    await subscription.close();
  });

  it('fills a gap from the log when a live entry skips numbers (lost publishes)', async () => {
    const stream = key();
    const subscription = await log.subscribe(stream);
    // Committed but never published live (a crashed relay, Redis down): marked as published.
    await append(stream, 1);
    await append(stream, 2);
    await database.db.execute(
      sql.raw(`update "${schema}".mc_stream_log set published_at = now() where stream = '${stream}'`),
    );
    await appendMany(stream, 3, 3);
    expect(seqs(await take(subscription, 3))).toEqual([1, 2, 3]);
    await subscription.close();
  });

  it('finds entries whose publish was lost by polling, with no later event', async () => {
    const stream = key();
    const subscription = await log.subscribe(stream);
    await append(stream, 1);
    await database.db.execute(
      sql.raw(`update "${schema}".mc_stream_log set published_at = now() where stream = '${stream}'`),
    );
    expect(seqs(await take(subscription, 1, 3000))).toEqual([1]);
    await subscription.close();
  });

  it('a subscriber on another instance (same database, same bus) receives what this one appends', async () => {
    const other = new StreamLog({ database, schema, subgraph: 'test', bus, logger, settings: { pollMs: 60_000 } });
    const stream = key();
    const subscription = await other.subscribe(stream);
    await appendMany(stream, 1, 3);
    expect(seqs(await take(subscription, 3))).toEqual([1, 2, 3]);
    await subscription.close();
    await other.stop();
  });

  it('tells a slow consumer to resync once, then ends', async () => {
    const stream = key();
    const subscription = await log.subscribe(stream, { bufferSize: 3 });
    await appendMany(stream, 1, 10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const items = await take(subscription, 5);
    expect(items).toEqual([{ kind: 'resync', after: 0, reason: 'overflow' }]);
    expect((await subscription.next()).done).toBe(true);
  });

  it('counts readers, log reads and resyncs in the service registry', async () => {
    const registry = new Registry();
    const counted = new StreamLog({ database, schema, subgraph: 'test', bus, logger, registry });
    const value = async (name: string) =>
      (await registry.getMetricsAsJSON())
        .find((metric) => metric.name === name)
        ?.values.map((v) => [v.labels, v.value]);
    const stream = key();
    const subscription = await counted.subscribe(stream, { after: 0, bufferSize: 1 });
    expect(await value('mc_stream_readers')).toEqual([[{}, 1]]);
    await appendMany(stream, 1, 5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await take(subscription, 2)).toEqual([{ kind: 'resync', after: 0, reason: 'overflow' }]);
    expect(await value('mc_stream_resyncs_total')).toEqual([[{ reason: 'overflow' }, 1]]);
    expect(await value('mc_stream_readers')).toEqual([[{}, 0]]);
    const replay = await counted.subscribe(stream, { after: 0 });
    expect(seqs(await take(replay, 5))).toEqual([1, 2, 3, 4, 5]);
    expect((await value('mc_stream_log_reads_total'))?.[0][1]).toBeGreaterThanOrEqual(1);
    await replay.close();
    await counted.stop();
  });

  it('a cursor older than the retention gets resync; a current one does not', async () => {
    const stream = key();
    const small = new StreamLog({ database, schema, subgraph: 'test', bus, logger, settings: { maxPerStream: 2 } });
    await appendMany(stream, 1, 5);
    await small.prune();
    expect((await log.read(stream, 0)).map((entry) => entry.seq)).toEqual([4, 5]);
    const old = await log.subscribe(stream, { after: 1 });
    expect(await take(old, 2)).toEqual([{ kind: 'resync', after: 1, reason: 'retention' }]);
    const current = await log.subscribe(stream, { after: 3 });
    expect(seqs(await take(current, 2))).toEqual([4, 5]);
    await current.close();
    // The head survives pruning: numbering goes on.
    expect((await append(stream, 6)).seq).toBe(6);
    await small.stop();
  });

  it('prunes by age', async () => {
    const stream = key();
    await appendMany(stream, 1, 2);
    await log.prune(new Date(Date.now() + log.settings.retentionMs + 60_000));
    expect(await log.read(stream, 0)).toEqual([]);
    expect((await log.heads([stream])).get(stream)).toBe(2);
  });

  it('refuses a cursor beyond the head and a negative one (BAD_USER_INPUT)', async () => {
    const stream = key();
    await appendMany(stream, 1, 1);
    for (const after of [5, -1]) {
      const error = await log.subscribe(stream, { after }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CodedError);
      expect((error as CodedError).code).toBe('BAD_USER_INPUT');
    }
  });

  it('return() ends a subscriber that is waiting for the next entry', async () => {
    const subscription = await log.subscribe(key());
    const pending = subscription.next();
    await subscription.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});

describe('stream log while Redis is away', () => {
  it('a reader who subscribes during the outage does not wait for Redis and misses nothing before or after it returns', async () => {
    const redis = await startDedicatedRedis();
    const database = await openDatabase({ url: testDatabaseUrl('postgres'), dataDir: '.data/test' });
    const schema = `streams_${randomUUID().slice(0, 8)}`;
    await ensureEventTables(database, schema);
    const bus = new RedisEventBus(redis.url);
    const log = new StreamLog({ database, schema, subgraph: 'test', bus, logger, settings: { pollMs: 200 } });
    const stream = `thing:${randomUUID()}`;
    const append = async (n: number) => {
      await database.db.transaction((tx) => log.append(tx, stream, { n }));
      await log.publish();
    };
    try {
      await redis.stop();
      const started = Date.now();
      const subscription = await log.subscribe(stream);
      expect(Date.now() - started).toBeLessThan(5000);
      await append(1);
      expect(seqs(await take(subscription, 1))).toEqual([1]);
      await redis.start();
      await append(2);
      await append(3);
      expect(seqs(await take(subscription, 2, 10_000))).toEqual([2, 3]);
      // Leaving does not wait for the bus.
      await subscription.close();
    } finally {
      await log.stop();
      await bus.close();
      await database.close();
      await redis.stop();
    }
  });
});
