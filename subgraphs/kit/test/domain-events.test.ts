/**
 * Outbox → stream → inbox on a real database: an event exists only if its transaction committed,
 * and a consumer's reaction happens once even when the event is delivered twice.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.ts';
import type { Database, DatabaseHandle } from '../src/db.ts';
import { openDatabase } from '../src/db.ts';
import { DomainEvents } from '../src/domain-events.ts';
import { type DomainEvent, defineDomainEvent, type EventStream, MemoryEventStream } from '../src/event-stream.ts';
import { createLogger } from '../src/logger.ts';
import { ensureEventTables, OutboxRelay, recordEvent } from '../src/outbox.ts';
import { DATABASE_KINDS, testDatabaseUrl } from '../src/testing/harness.ts';

const logger = createLogger('test', 'silent');
const thingHappened = defineDomainEvent<{ n: number }>('producer', 'thingHappened');

describe.each(DATABASE_KINDS)('domain events on %s', (kind) => {
  let database: DatabaseHandle;
  const stream = new MemoryEventStream();
  const producerSchema = `producer_${randomUUID().slice(0, 8)}`;
  const consumerSchema = `consumer_${randomUUID().slice(0, 8)}`;
  let producer: DomainEvents;
  let consumer: DomainEvents;

  beforeAll(async () => {
    database = await openDatabase({ url: testDatabaseUrl(kind), dataDir: '.data/test' });
    producer = new DomainEvents({ database, schema: producerSchema, stream, clock: systemClock, logger });
    consumer = new DomainEvents({ database, schema: consumerSchema, stream, clock: systemClock, logger });
    await ensureEventTables(database, producerSchema);
    await ensureEventTables(database, consumerSchema);
    await producer.start();
    await consumer.start();
    await database.db.execute(sql.raw(`create table "${consumerSchema}".effects (n int not null)`));
  });
  afterAll(async () => {
    await producer.stop();
    await consumer.stop();
    await database.close();
  });

  const effects = async () => {
    const result = await database.db.execute(sql.raw(`select n from "${consumerSchema}".effects order by n`));
    return (result as unknown as { rows: { n: number }[] }).rows.map((row) => row.n);
  };

  it('publishes committed events only, and the consumer reacts once per event', async () => {
    await consumer.consume([thingHappened], async (event, tx) => {
      await tx.execute(sql.raw(`insert into "${consumerSchema}".effects (n) values (${Number(event.payload.n)})`));
    });
    await database.db.transaction(async (tx) => {
      await producer.record(tx, thingHappened, { n: 1 }, { organizationId: null, actor: { kind: 'system', id: null } });
    });
    await database.db
      .transaction(async (tx) => {
        await producer.record(tx, thingHappened, { n: 99 }, { organizationId: null, actor: null });
        throw new Error('roll back');
      })
      .catch(() => {});
    await database.db.transaction(async (tx) => {
      await producer.record(tx, thingHappened, { n: 2 }, { organizationId: null, actor: null });
    });
    await producer.publish();
    await expect.poll(effects).toEqual([1, 2]);

    // Deliver everything again (a redelivery after a crash): nothing happens twice.
    const result = await database.db.execute(sql.raw(`select event from "${producerSchema}".mc_outbox order by seq`));
    const events = (result as unknown as { rows: { event: unknown }[] }).rows.map((row) =>
      typeof row.event === 'string' ? JSON.parse(row.event) : row.event,
    );
    await stream.append(events);
    await new Promise((done) => setTimeout(done, 200));
    expect(await effects()).toEqual([1, 2]);
  });

  it('marks relayed rows as published and leaves none behind', async () => {
    const result = await database.db.execute(
      sql.raw(`select count(*)::int as n from "${producerSchema}".mc_outbox where published_at is null`),
    );
    expect((result as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });

  it("runs a reaction's after-commit callback once the reaction committed, and not on redelivery", async () => {
    const otherHappened = defineDomainEvent<{ n: number }>('producer', 'otherHappened');
    const seenAfterCommit: number[][] = [];
    await consumer.consume(
      [otherHappened],
      async (event, tx) => {
        await tx.execute(sql.raw(`insert into "${consumerSchema}".effects (n) values (${Number(event.payload.n)})`));
        return async () => {
          seenAfterCommit.push(await effects());
        };
      },
      { consumer: 'after-commit' },
    );
    const event = {
      id: randomUUID(),
      topic: otherHappened.name,
      organizationId: null,
      actor: null,
      occurredAt: new Date().toISOString(),
      payload: { n: 7 },
    };
    await stream.append([event]);
    await expect.poll(() => seenAfterCommit.length).toBe(1);
    expect(seenAfterCommit[0]).toContain(7);
    await stream.append([event]);
    await new Promise((done) => setTimeout(done, 200));
    expect(seenAfterCommit).toHaveLength(1);
  });

  it('reacts to live-only events outside a transaction and without a claim, in order with the others', async () => {
    const partHappened = defineDomainEvent<{ n: number; live: boolean }>('producer', 'partHappened');
    const seen: { n: number; inTransaction: boolean }[] = [];
    let afterCommits = 0;
    await consumer.consume(
      [partHappened],
      async (event, tx) => {
        // A transaction id is assigned once a transaction writes: inside the claim's transaction it is,
        // in a read-only statement of its own it is not.
        const result = await tx.execute(sql`select pg_current_xact_id_if_assigned() is not null as claimed`);
        seen.push({
          n: event.payload.n,
          inTransaction: (result as unknown as { rows: { claimed: boolean }[] }).rows[0].claimed,
        });
        return async () => {
          afterCommits += 1;
        };
      },
      { consumer: 'live-only', liveOnly: (event) => (event.payload as { live: boolean }).live },
    );
    const part = (n: number, live: boolean) => ({
      id: randomUUID(),
      topic: partHappened.name,
      organizationId: null,
      actor: null,
      occurredAt: new Date().toISOString(),
      payload: { n, live },
    });
    const live = part(1, true);
    const durable = part(2, false);
    await stream.append([live, durable]);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toEqual([
      { n: 1, inTransaction: false },
      { n: 2, inTransaction: true },
    ]);
    expect(afterCommits).toBe(2);
    const claimed = await database.db.execute(
      sql.raw(`select event_id from "${consumerSchema}".mc_inbox where consumer = 'live-only'`),
    );
    expect((claimed as unknown as { rows: { event_id: string }[] }).rows.map((row) => row.event_id)).toEqual([
      durable.id,
    ]);
    // Delivered again: the live-only event is passed on again (at least once), the durable one is not.
    await stream.append([live, durable]);
    await expect.poll(() => seen.length).toBe(3);
    await new Promise((done) => setTimeout(done, 200));
    expect(seen.map((entry) => entry.n)).toEqual([1, 2, 1]);
  });
});

describe('outbox relay with a transaction committing meanwhile (postgres)', () => {
  it('marks published only the rows it appended: a row committed during the relay with a lower seq goes out next time', async () => {
    const database = await openDatabase({ url: testDatabaseUrl('postgres'), dataDir: '.data/test' });
    const schema = `outbox_${randomUUID().slice(0, 8)}`;
    await ensureEventTables(database, schema);
    const record = (tx: Database, n: number) =>
      recordEvent(tx, schema, systemClock, thingHappened, { n }, { organizationId: null, actor: null });
    // Three events: the middle one's transaction takes its seq before the last one's and commits last,
    // while the relay is between its read and its update (the stream's append commits it, then appends).
    let commitLate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      commitLate = resolve;
    });
    let inserted: () => void = () => {};
    const lateInserted = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    await database.db.transaction(async (tx) => void (await record(tx as unknown as Database, 0)));
    const late = database.db.transaction(async (tx) => {
      await record(tx as unknown as Database, 1);
      inserted();
      await gate;
    });
    await lateInserted;
    await database.db.transaction(async (tx) => void (await record(tx as unknown as Database, 2)));
    const appended: number[] = [];
    const stream = {
      kind: 'redis',
      async append(events: DomainEvent<{ n: number }>[]) {
        commitLate();
        await late;
        appended.push(...events.map((event) => event.payload.n));
      },
    } as unknown as EventStream;
    const relay = new OutboxRelay({ database, schema, stream, logger });
    try {
      await relay.poke();
      expect(appended).toEqual([0, 2]);
      await relay.poke();
      expect(appended).toEqual([0, 2, 1]);
    } finally {
      await relay.stop();
      await database.db.execute(sql.raw(`drop schema "${schema}" cascade`));
      await database.close();
    }
  });
});
