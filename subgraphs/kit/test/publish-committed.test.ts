/**
 * Publishing what a transaction just committed straight from memory (`events.publish(recorded)`), on a
 * real database with both event streams: no outbox read, one mark; a rolled-back transaction publishes
 * nothing; a failed append leaves its rows to the relay's poll; a drain never duplicates an event whose
 * publish from memory is under way.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../src/clock.ts';
import { type DatabaseHandle, openDatabase } from '../src/db.ts';
import { DomainEvents, Recorded } from '../src/domain-events.ts';
import {
  type DomainEvent,
  defineDomainEvent,
  type EventStream,
  MemoryEventStream,
  RedisEventStream,
} from '../src/event-stream.ts';
import { MemoryEventBus } from '../src/events.ts';
import { createLogger } from '../src/logger.ts';
import { ensureEventTables } from '../src/outbox.ts';
import { StreamLog } from '../src/stream-log.ts';
import { DATABASE_KINDS, testDatabaseUrl } from '../src/testing/harness.ts';
import { statementsOf } from '../src/testing/statements.ts';

const logger = createLogger('test', 'silent');
const HOUR = 3_600_000;
const meta = { organizationId: null, actor: null };
const streams: ['memory' | 'redis', () => EventStream][] = [
  ['memory', () => new MemoryEventStream()],
  ['redis', () => new RedisEventStream(inject('redisUrl'), { prefix: `mc:test-publish-${randomUUID()}:` })],
];
const cases = DATABASE_KINDS.flatMap((kind) =>
  streams.map(([streamKind, stream]) => [kind, streamKind, stream] as const),
);

/** A stream whose appends can be made to fail or to wait, delegating to a real one; it counts appends. */
class ControlledStream implements EventStream {
  readonly kind: 'memory' | 'redis';
  readonly appended: DomainEvent[][] = [];
  failing = false;
  held: Promise<void> | null = null;
  private readonly inner: EventStream;

  constructor(inner: EventStream) {
    this.inner = inner;
    this.kind = inner.kind;
  }

  async append(events: DomainEvent[]): Promise<void> {
    if (this.failing) throw new Error('XADD failed');
    this.appended.push(events);
    await this.held;
    await this.inner.append(events);
  }

  consume: EventStream['consume'] = (options) => this.inner.consume(options);
  deadLetters: EventStream['deadLetters'] = (group) => this.inner.deadLetters(group);
  close: EventStream['close'] = () => this.inner.close();
}

/** What publishing from memory may issue: marks of exactly the given rows, never a read of what is unpublished. */
const onlyMarks = (statements: string[]) =>
  statements.every(
    (statement) =>
      /^\s*update .*\s+set published_at = now\(\)[^\n]*\s+where .* and published_at is null\s*$/is.test(statement) &&
      !/skip locked|returning/i.test(statement),
  );

describe.each(cases)(
  'publishing committed events from memory on %s with the %s stream',
  (kind, _streamKind, createStream) => {
    let database: DatabaseHandle;
    let stream: EventStream;
    let controlled: ControlledStream;
    const bus = new MemoryEventBus();
    const producerSchema = `producer_${randomUUID().slice(0, 8)}`;
    const consumerSchema = `consumer_${randomUUID().slice(0, 8)}`;
    let log: StreamLog;
    let producer: DomainEvents;
    let consumer: DomainEvents;
    const seen: { id: string; n: number }[] = [];
    const thingHappened = defineDomainEvent<{ n: number; key: string }>(
      'producer',
      `thing${randomUUID().slice(0, 8)}`,
      {
        stream: (event) => event.payload.key,
      },
    );

    /** A topic without a stream, for `recordNow`. */
    const plainHappened = defineDomainEvent<{ n: number; key: string }>('producer', `plain${randomUUID().slice(0, 8)}`);

    beforeAll(async () => {
      database = await openDatabase({ url: testDatabaseUrl(kind), dataDir: '.data/test' });
      stream = createStream();
      controlled = new ControlledStream(stream);
      await ensureEventTables(database, producerSchema);
      await ensureEventTables(database, consumerSchema);
      log = new StreamLog({
        database,
        schema: producerSchema,
        subgraph: 'test',
        bus,
        logger,
        settings: { relayPollMs: HOUR },
      });
      // The relays' polls come an hour apart: whatever arrives was published from memory.
      producer = new DomainEvents({
        database,
        schema: producerSchema,
        stream: controlled,
        clock: systemClock,
        logger,
        streams: log,
        relayPollMs: HOUR,
      });
      consumer = new DomainEvents({ database, schema: consumerSchema, stream, clock: systemClock, logger });
      await producer.start();
      await consumer.start();
      await consumer.consume([thingHappened, plainHappened], async (event) => {
        seen.push({ id: event.id, n: event.payload.n });
      });
    });
    afterAll(async () => {
      await producer.stop();
      await consumer.stop();
      await stream.close();
      await bus.close();
      await database.close();
    });

    const unpublished = async () => {
      const result = await database.db.execute(
        sql.raw(
          `select (event->'payload'->>'n')::int as n from "${producerSchema}".mc_outbox where published_at is null order by seq`,
        ),
      );
      return (result as unknown as { rows: { n: number }[] }).rows.map((row) => row.n);
    };
    const seenN = () => seen.map((event) => event.n);

    it('publishes what a committed transaction recorded with one mark and no read of the outbox', async () => {
      const key = `thing:${randomUUID()}`;
      const subscription = await log.subscribe<DomainEvent<{ n: number }>>(key);
      const recorded = new Recorded();
      await database.db.transaction(async (tx) => {
        await producer.record(tx, thingHappened, { n: 1, key }, meta, recorded);
        await producer.record(tx, thingHappened, { n: 2, key }, meta, recorded);
      });
      expect(recorded.events.map((record) => record.event.payload)).toEqual([
        { n: 1, key },
        { n: 2, key },
      ]);
      expect(recorded.entries.map((entry) => entry.seq)).toEqual([1, 2]);
      const statements = await statementsOf(database, () => producer.publish(recorded));
      expect(statements.length).toBeGreaterThan(0);
      expect(onlyMarks(statements)).toBe(true);
      await expect.poll(seenN).toEqual([1, 2]);
      expect(seen.map((event) => event.id)).toEqual(recorded.events.map((record) => record.event.id));
      expect(await unpublished()).toEqual([]);
      // The stream entries recorded beside them went out from memory too, and are marked.
      const first = await subscription.next();
      const second = await subscription.next();
      expect([first.value, second.value].map((item) => (item?.kind === 'entry' ? item.seq : null))).toEqual([1, 2]);
      await subscription.close();
      await expect
        .poll(async () => {
          const result = await database.db.execute(
            sql`select count(*)::int as n from ${sql.raw(`"${producerSchema}"`)}.mc_stream_log where stream = ${key} and published_at is null`,
          );
          return (result as unknown as { rows: { n: number }[] }).rows[0].n;
        })
        .toBe(0);
    });

    it('records several events in one statement, in the order given, and publishes them from memory', async () => {
      const before = seen.length;
      const items = [10, 11, 12].map((n) => ({ payload: { n, key: 'none' }, meta }));
      const statements = await statementsOf(database, () => producer.recordNow(plainHappened, items));
      expect(statements.filter((statement) => /insert into/i.test(statement))).toHaveLength(1);
      await expect.poll(() => seen.slice(before).map((event) => event.n)).toEqual([10, 11, 12]);
      await expect.poll(unpublished).toEqual([]);
      const rows = await database.db.execute(
        sql.raw(
          `select (event->'payload'->>'n')::int as n from "${producerSchema}".mc_outbox where event->>'topic' = '${plainHappened.name}' order by seq`,
        ),
      );
      expect((rows as unknown as { rows: { n: number }[] }).rows.map((row) => row.n)).toEqual([10, 11, 12]);
      // A topic with a stream needs a transaction (its entries take the stream's next numbers in it).
      await expect(producer.recordNow(thingHappened, [{ payload: { n: 1, key: 'k' }, meta }])).rejects.toThrow(
        'has a stream',
      );
    });

    it('never publishes what a rolled-back transaction recorded', async () => {
      const key = `thing:${randomUUID()}`;
      const before = seen.length;
      await expect(
        producer.transaction(async (tx, recorded) => {
          await producer.record(tx, thingHappened, { n: 99, key }, meta, recorded);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await producer.transaction((tx, recorded) => producer.record(tx, thingHappened, { n: 3, key }, meta, recorded));
      await expect.poll(() => seen.slice(before).map((event) => event.n)).toEqual([3]);
      await producer.publish(); // a drain as well: there is nothing of the rolled-back transaction to find
      await new Promise((done) => setTimeout(done, 200));
      expect(seen.slice(before).map((event) => event.n)).toEqual([3]);
      expect(await unpublished()).toEqual([]);
    });

    it('leaves the rows of a failed append unpublished for the poll, and appends later commits after them', async () => {
      const key = `thing:${randomUUID()}`;
      const before = seen.length;
      const poller = new DomainEvents({
        database,
        schema: producerSchema,
        stream: controlled,
        clock: systemClock,
        logger,
        relayPollMs: 150,
      });
      controlled.failing = true;
      try {
        const recorded = new Recorded();
        await database.db.transaction(async (tx) => {
          await producer.record(tx, thingHappened, { n: 4, key }, meta, recorded);
        });
        const statements = await statementsOf(database, () => producer.publish(recorded));
        // The failed append came from memory: the outbox was neither read nor marked.
        expect(statements.filter((statement) => statement.includes('mc_outbox'))).toEqual([]);
        expect(await unpublished()).toEqual([4]);
        controlled.failing = false;
        // A later commit goes out after the row the failure left (the relay drains, oldest first).
        await producer.transaction((tx, next) => producer.record(tx, thingHappened, { n: 5, key }, meta, next));
        await expect.poll(() => seen.slice(before).map((event) => event.n)).toEqual([4, 5]);
        expect(await unpublished()).toEqual([]);
        // Failed appends are over: the next commit is published from memory again.
        const recordedAfter = new Recorded();
        await database.db.transaction(async (tx) => {
          await producer.record(tx, thingHappened, { n: 6, key }, meta, recordedAfter);
        });
        expect(onlyMarks(await statementsOf(database, () => producer.publish(recordedAfter)))).toBe(true);
        await expect.poll(() => seen.slice(before).map((event) => event.n)).toEqual([4, 5, 6]);
        // And the poll alone publishes a row whose append failed, with no later commit to trigger it.
        controlled.failing = true;
        const lost = new Recorded();
        await database.db.transaction(async (tx) => {
          await producer.record(tx, thingHappened, { n: 7, key }, meta, lost);
        });
        await producer.publish(lost);
        expect(await unpublished()).toEqual([7]);
        controlled.failing = false;
        await poller.start();
        await expect.poll(() => seen.slice(before).map((event) => event.n)).toEqual([4, 5, 6, 7]);
        await expect.poll(unpublished).toEqual([]);
      } finally {
        controlled.failing = false;
        await poller.stop();
        // The producer publishes from memory again after its next drain (normally its own poll's).
        await producer.publish();
      }
    });

    it('leaves rows being published from memory to that publish: a drain meanwhile does not append them again', async () => {
      const key = `thing:${randomUUID()}`;
      const before = seen.length;
      let release: () => void = () => {};
      controlled.held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const appendsBefore = controlled.appended.length;
      try {
        const recorded = new Recorded();
        await database.db.transaction(async (tx) => {
          await producer.record(tx, thingHappened, { n: 8, key }, meta, recorded);
        });
        const fromMemory = producer.publish(recorded);
        // The drain finds the row unpublished, but in flight (bounded wait: a drain that took it would block).
        const drained = producer.publish();
        await Promise.race([drained, new Promise((done) => setTimeout(done, 1000))]);
        release();
        await Promise.all([fromMemory, drained]);
        await expect.poll(() => seen.slice(before).map((event) => event.n)).toEqual([8]);
        expect(controlled.appended.slice(appendsBefore).map((events) => events.map((event) => event.id))).toEqual([
          [recorded.events[0].event.id],
        ]);
        expect(await unpublished()).toEqual([]);
      } finally {
        controlled.held = null;
        release();
      }
    });
  },
);
