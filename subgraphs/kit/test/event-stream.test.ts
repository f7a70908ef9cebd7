/** One contract suite for both durable event streams: at-least-once, per-group, ordered, dead letters. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type DomainEvent, type EventStream, MemoryEventStream, RedisEventStream } from '../src/event-stream.ts';

const streams: [string, () => EventStream][] = [
  ['memory', () => new MemoryEventStream()],
  ['redis', () => new RedisEventStream(inject('redisUrl'), { prefix: `mc:test-stream-${randomUUID()}:` })],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const event = (topic: string, n: number): DomainEvent<{ n: number }> => ({
  id: randomUUID(),
  topic,
  organizationId: null,
  actor: null,
  occurredAt: new Date().toISOString(),
  payload: { n },
});

/** An event of partition `floor(n / 10)`: n = partition * 10 + position. */
const keyedEvent = (topic: string, n: number): DomainEvent => ({
  ...event(topic, n),
  payload: { n, key: String(Math.floor(n / 10)) },
});

/**
 * A partitioned consumer (4 at once) of a new topic whose handler holds event 10 until `release()`:
 * `keyed(n)` makes its events, `seen` is what it handled in order, `started` whether event 10 began.
 */
async function heldEvent10(stream: EventStream) {
  const topic = `t.${randomUUID()}`;
  const state = { seen: [] as number[], started: false, release: () => {} };
  const held = new Promise<void>((resolve) => {
    state.release = resolve;
  });
  const consumer = await stream.consume({
    group: `partitions-${randomUUID()}`,
    topics: [topic],
    partition: (e) => (e.payload as { key: string }).key,
    concurrency: 4,
    handler: async (e) => {
      const { n } = e.payload as { n: number };
      if (n === 10) {
        state.started = true;
        await held;
      }
      state.seen.push(n);
    },
  });
  return Object.assign(state, { consumer, keyed: (n: number) => keyedEvent(topic, n) });
}

/**
 * A consumer of a new topic whose handler takes `handleMs`: what it handled in order (`seen`) and the
 * most handlers that ran at once (`most`).
 */
async function countingConsumer(
  stream: EventStream,
  options: { partition?: (event: DomainEvent) => string; concurrency: number; handleMs: number },
) {
  const topic = `t.${randomUUID()}`;
  const state = { topic, seen: [] as number[], most: 0 };
  let running = 0;
  const consumer = await stream.consume({
    group: `counting-${randomUUID()}`,
    topics: [topic],
    partition: options.partition,
    concurrency: options.concurrency,
    handler: async (e) => {
      running += 1;
      state.most = Math.max(state.most, running);
      await sleep(options.handleMs);
      state.seen.push((e.payload as { n: number }).n);
      running -= 1;
    },
  });
  return Object.assign(state, { consumer });
}

/** Consumes `topic` as `group`, pushing each event's `n` onto `seen`. */
function collectInto(seen: number[], stream: EventStream, group: string, topic: string) {
  return stream.consume({
    group,
    topics: [topic],
    handler: async (e) => void seen.push((e.payload as { n: number }).n),
  });
}

describe.each(streams)('event stream contract: %s', (_kind, create) => {
  const stream = create();
  afterAll(() => stream.close());

  it('delivers every event to every group, in order, including those appended before it joined', async () => {
    const topic = `t.${randomUUID()}`;
    await stream.append([event(topic, 1), event(topic, 2)]);
    const seenA: number[] = [];
    const seenB: number[] = [];
    const a = await stream.consume({
      group: 'a',
      topics: [topic],
      handler: async (e) => void seenA.push((e.payload as { n: number }).n),
    });
    const b = await stream.consume({
      group: 'b',
      topics: [topic],
      handler: async (e) => void seenB.push((e.payload as { n: number }).n),
    });
    await stream.append([event(topic, 3)]);
    await expect
      .poll(() => [seenA, seenB])
      .toEqual([
        [1, 2, 3],
        [1, 2, 3],
      ]);
    await a.stop();
    await b.stop();
  });

  it('redelivers an event whose handler failed, until it succeeds', async () => {
    const topic = `t.${randomUUID()}`;
    let attempts = 0;
    const done: number[] = [];
    const consumer = await stream.consume({
      group: 'retry',
      topics: [topic],
      retryBaseMs: 50,
      handler: async (e) => {
        attempts += 1;
        if (attempts < 3) throw new Error('not yet');
        done.push((e.payload as { n: number }).n);
      },
    });
    await stream.append([event(topic, 7)]);
    await expect.poll(() => done, { timeout: 5_000 }).toEqual([7]);
    expect(attempts).toBe(3);
    await consumer.stop();
  });

  it('moves an event that keeps failing to the dead letters and goes on', async () => {
    const topic = `t.${randomUUID()}`;
    const group = `dead-${randomUUID()}`;
    const ok: number[] = [];
    const consumer = await stream.consume({
      group,
      topics: [topic],
      retryBaseMs: 20,
      maxDeliveries: 2,
      handler: async (e) => {
        const { n } = e.payload as { n: number };
        if (n === 1) throw new Error('poison');
        ok.push(n);
      },
    });
    const poison = event(topic, 1);
    await stream.append([poison, event(topic, 2)]);
    await expect.poll(() => ok, { timeout: 5_000 }).toEqual([2]);
    await expect
      .poll(async () => (await stream.deadLetters(group)).map((e) => e.id), { timeout: 5_000 })
      .toEqual([poison.id]);
    await consumer.stop();
  });

  it('a group that restarts continues where it left off without skipping unfinished work', async () => {
    const topic = `t.${randomUUID()}`;
    const group = `restart-${randomUUID()}`;
    const first: number[] = [];
    const c1 = await collectInto(first, stream, group, topic);
    await stream.append([event(topic, 1)]);
    await expect.poll(() => first).toEqual([1]);
    await c1.stop();
    await stream.append([event(topic, 2)]);
    const second: number[] = [];
    const c2 = await collectInto(second, stream, group, topic);
    await expect.poll(() => second).toContain(2);
    await c2.stop();
  });

  it('with partitions, a slow event holds up only its own partition; each partition stays in order', async () => {
    const slow = await heldEvent10(stream);
    const { keyed, seen, release: releaseSlow, consumer } = slow;
    await stream.append([keyed(10), keyed(11), keyed(20), keyed(21), keyed(22), keyed(12)]);
    // One at a time in stream order, partition 2 would wait behind event 10 for ever.
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual([20, 21, 22]);
    releaseSlow();
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual([20, 21, 22, 10, 11, 12]);
    await consumer.stop();
  });

  it('with partitions, an event read while another partition is busy does not wait for it', async () => {
    const slow = await heldEvent10(stream);
    const { keyed, seen, release: releaseSlow, consumer } = slow;
    await stream.append([keyed(10)]);
    await expect.poll(() => slow.started, { timeout: 5_000 }).toBe(true);
    // Appended after event 10 was read: a consumer that reads the next batch only once the last one is
    // handled would hold 20 and 30 behind it.
    await stream.append([keyed(20), keyed(11)]);
    await stream.append([keyed(30)]);
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual([20, 30]);
    releaseSlow();
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual([20, 30, 10, 11]);
    await consumer.stop();
  });

  it('with partitions, no more than `concurrency` handlers run at once, however the events arrive', async () => {
    const counted = await countingConsumer(stream, {
      partition: (e) => String((e.payload as { n: number }).n),
      concurrency: 2,
      handleMs: 20,
    });
    for (const batch of [[1, 2, 3], [4], [5, 6], [7, 8]]) {
      await stream.append(batch.map((n) => event(counted.topic, n)));
      await sleep(5);
    }
    await expect.poll(() => counted.seen.length, { timeout: 5_000 }).toBe(8);
    expect([...counted.seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(counted.most).toBe(2);
    await counted.consumer.stop();
  });

  it('without partitions, events are handled one at a time in stream order', async () => {
    const counted = await countingConsumer(stream, { concurrency: 4, handleMs: 5 });
    await stream.append([1, 2, 3, 4, 5].map((n) => event(counted.topic, n)));
    await expect.poll(() => counted.seen, { timeout: 5_000 }).toEqual([1, 2, 3, 4, 5]);
    expect(counted.most).toBe(1);
    await counted.consumer.stop();
  });
});

describe('redis event stream', () => {
  it('sets an unreadable entry aside as a dead letter and goes on with the next event', async () => {
    const prefix = `mc:test-stream-${randomUUID()}:`;
    const stream = new RedisEventStream(inject('redisUrl'), { prefix });
    const topic = `t.${randomUUID()}`;
    const group = `unreadable-${randomUUID()}`;
    const seen: number[] = [];
    const consumer = await collectInto(seen, stream, group, topic);
    const redis = new Redis(inject('redisUrl'));
    try {
      await redis.xadd(`${prefix}${topic}`, '*', 'event', '{not json');
      await stream.append([event(topic, 1)]);
      await expect.poll(() => seen, { timeout: 5_000 }).toEqual([1]);
      const dead = await stream.deadLetters(group);
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ topic, payload: { unreadable: '{not json' } });
    } finally {
      redis.disconnect();
      await consumer.stop();
      await stream.close();
    }
  });

  it('gives another consumer of the group what a consumer that died had taken and never acknowledged', async () => {
    const prefix = `mc:test-stream-${randomUUID()}:`;
    const stream = new RedisEventStream(inject('redisUrl'), { prefix });
    const topic = `t.${randomUUID()}`;
    const group = `died-${randomUUID()}`;
    const redis = new Redis(inject('redisUrl'));
    const seen: number[] = [];
    let consumer: Awaited<ReturnType<typeof collectInto>> | undefined;
    try {
      await redis.xgroup('CREATE', `${prefix}${topic}`, group, '0', 'MKSTREAM');
      await stream.append([event(topic, 1), event(topic, 2)]);
      // A consumer reads both and dies before acknowledging them.
      const read = await redis.xreadgroup('GROUP', group, 'ghost', 'COUNT', 10, 'STREAMS', `${prefix}${topic}`, '>');
      expect((read as [string, unknown[]][])[0][1]).toHaveLength(2);
      consumer = await collectInto(seen, stream, group, topic);
      await stream.append([event(topic, 3)]);
      await expect.poll(() => seen).toEqual([3]);
      // The dead one's events come back at the next sweep, each once.
      await expect.poll(() => [...seen].sort(), { timeout: 6_000 }).toEqual([1, 2, 3]);
      await sleep(300);
      expect(seen).toHaveLength(3);
    } finally {
      redis.disconnect();
      await consumer?.stop();
      await stream.close();
    }
  });
});
