/**
 * Transactional outbox and inbox. A producer records a domain event in its own schema's
 * `mc_outbox` inside the transaction that changes its state, so an event exists if and only if the
 * change committed; a relay then appends unpublished rows to the event stream in order. A consumer
 * records each event id in its own `mc_inbox` inside the transaction of its reaction, so a
 * redelivered event changes nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Database, DatabaseHandle } from './db.ts';
import type {
  ConsumeOptions,
  Consumer,
  DomainEvent,
  DomainEventActor,
  DomainEventTopic,
  EventStream,
} from './event-stream.ts';
import { streamTablesSql } from './stream-log.ts';

/** A validated schema name as an SQL identifier. */
export const ident = (schema: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return sql.raw(`"${schema}"`);
};

/** DDL of the kit-owned outbox, inbox and stream tables in a subgraph's schema (idempotent statements). */
export function eventTablesSql(schema: string): SQL[] {
  const s = ident(schema);
  return [
    ...streamTablesSql(schema),
    sql`create schema if not exists ${s}`,
    sql`create table if not exists ${s}.mc_outbox (
      seq bigserial primary key,
      event jsonb not null,
      published_at timestamptz
    )`,
    sql`create index if not exists mc_outbox_unpublished on ${s}.mc_outbox (seq) where published_at is null`,
    sql`create table if not exists ${s}.mc_inbox (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    )`,
  ];
}

/** Creates the outbox, inbox and stream tables (outside migrations: tests, tools). */
export async function ensureEventTables(database: DatabaseHandle, schema: string): Promise<void> {
  for (const statement of eventTablesSql(schema)) await database.db.execute(statement);
}

export interface EventMeta {
  organizationId: string | null;
  actor: DomainEventActor | null;
}

/** A new event of `topic` (its id and time), not recorded yet. */
export function newEvent<T>(clock: Clock, topic: DomainEventTopic<T>, payload: T, meta: EventMeta): DomainEvent<T> {
  return {
    id: randomUUID(),
    topic: topic.name,
    organizationId: meta.organizationId,
    actor: meta.actor,
    occurredAt: clock.now().toISOString(),
    payload,
  };
}

/** An event in the outbox: its row's `seq` (to mark that row published) and the event as stored. */
export interface OutboxRecord<T = unknown> {
  seq: string;
  event: DomainEvent<T>;
}

/**
 * The outbox insert of one event given as a jsonb SQL expression (also usable as a data-modifying CTE),
 * returning the row's `seq` and, with `returnEvent`, the event as stored (when the statement computed
 * part of it).
 */
export function outboxInsert(schema: string, event: SQL, options: { returnEvent?: boolean } = {}): SQL {
  const returning = options.returnEvent ? sql`seq, event` : sql`seq`;
  return sql`insert into ${ident(schema)}.mc_outbox (event) values (${event}) returning ${returning}`;
}

/** The stored JSON of an event (node-postgres parses jsonb, other drivers may not). */
export const eventOf = <T = unknown>(json: DomainEvent<T> | string): DomainEvent<T> =>
  typeof json === 'string' ? JSON.parse(json) : json;

/** Records the event in the outbox of `schema`, using the caller's transaction. */
export async function recordEvent<T>(
  tx: Database,
  schema: string,
  clock: Clock,
  topic: DomainEventTopic<T>,
  payload: T,
  meta: EventMeta,
): Promise<OutboxRecord<T>> {
  const event = newEvent(clock, topic, payload, meta);
  const result = await tx.execute(outboxInsert(schema, sql`${JSON.stringify(event)}::jsonb`));
  const [row] = (result as unknown as { rows: { seq: string | number }[] }).rows;
  return { seq: String(row.seq), event };
}

/**
 * Records events in the outbox of `schema` in one multi-row insert: outside a transaction they commit
 * together in one round trip, their seqs in the order given.
 */
export async function recordEvents(db: Database, schema: string, events: DomainEvent[]): Promise<OutboxRecord[]> {
  if (events.length === 0) return [];
  const values = sql.join(
    events.map((event) => sql`(${JSON.stringify(event)}::jsonb)`),
    sql`, `,
  );
  const result = await db.execute(
    sql`insert into ${ident(schema)}.mc_outbox (event) values ${values} returning seq, event ->> 'id' as id`,
  );
  const seqs = new Map(
    (result as unknown as { rows: { seq: string | number; id: string }[] }).rows.map((row) => [
      row.id,
      String(row.seq),
    ]),
  );
  return events.map((event) => ({ seq: seqs.get(event.id) as string, event }));
}

/**
 * Moves committed outbox rows to the stream: what this process just committed straight from memory
 * (`publishCommitted`), everything else (crashes, other instances, callers that only poke) by draining
 * unpublished rows oldest first, woken after commits and polling as a backstop.
 */
export class OutboxRelay {
  private readonly database: DatabaseHandle;
  private readonly schema: string;
  private readonly stream: EventStream;
  private readonly logger: Logger;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Rows being published from memory: the drain leaves them to that publish (no needless duplicate). */
  private readonly inFlight = new Set<string>();
  private readonly sending = new Set<Promise<void>>();
  /**
   * Set when an append from memory failed, cleared by the next drain that completes: meanwhile later
   * commits are drained too (oldest first) rather than appended ahead of the rows the failure left behind.
   */
  private appendFailed = false;
  private appendFailures = 0;

  constructor(options: {
    database: DatabaseHandle;
    schema: string;
    stream: EventStream;
    logger: Logger;
    pollMs?: number;
  }) {
    this.database = options.database;
    this.schema = options.schema;
    this.stream = options.stream;
    this.logger = options.logger;
    this.pollMs = options.pollMs ?? 1_000;
  }

  async start(): Promise<void> {
    if (this.stream.kind === 'memory') await this.replayRecent();
    this.schedule(0);
  }

  /**
   * The in-memory stream starts empty with every process: re-send the last day's published events so
   * a reaction cut short by a restart still happens (consumers' inboxes drop what they already did).
   */
  private async replayRecent(): Promise<void> {
    const s = ident(this.schema);
    const result = await this.database.db.execute(
      sql`select event from ${s}.mc_outbox where published_at > now() - interval '1 day' order by seq`,
    );
    const rows = (result as unknown as { rows: { event: DomainEvent | string }[] }).rows;
    await this.stream.append(rows.map((row) => eventOf(row.event)));
  }

  /** Publishes now (call after a commit that recorded events). */
  poke(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.poke();
      }
    });
    return this.running;
  }

  /**
   * Publishes events whose transaction committed, from memory: one append to the stream (in the order
   * given), then one autocommit update marking exactly those rows published. Call it only after the
   * commit resolved, with only what that transaction recorded — an uncommitted event must never reach
   * the stream. The append is issued before this returns (no await before it), so publishes keep the
   * order in which their callers' commits resolved.
   *
   * Nothing is lost: if the append fails the rows stay unpublished and the drain (poll) sends them; if
   * the mark fails after the append, the drain sends them again — a duplicate on the stream, which
   * consumers drop (`consumeOnce` claims each event id in `mc_inbox`). A drain racing with this publish
   * (another instance's, or this one's between the commit and this call) may also duplicate an event;
   * it cannot reorder a partition more than two drains of different instances already could (each
   * appends its rows oldest first, neither waits for the other) — and events of one partition whose
   * transactions serialize (a chat session's, on its row lock) resolve, and so are appended, in order.
   */
  publishCommitted(records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.appendFailed) return this.poke();
    const seqs = records.map((record) => record.seq);
    for (const seq of seqs) this.inFlight.add(seq);
    const issuedAt = performance.now();
    let appended: Promise<void>;
    try {
      appended = this.stream.append(records.map((record) => record.event));
    } catch (error) {
      appended = Promise.reject(error);
    }
    const sent = this.markPublished(appended, seqs, issuedAt).finally(() => {
      for (const seq of seqs) this.inFlight.delete(seq);
      this.sending.delete(sent);
    });
    this.sending.add(sent);
    return sent;
  }

  /** `published_at` is when the append was issued (on the database's clock), as the drain's is about. */
  private async markPublished(appended: Promise<void>, seqs: string[], issuedAt: number): Promise<void> {
    try {
      await appended;
    } catch (error) {
      this.appendFailed = true;
      this.appendFailures += 1;
      this.logger.error({ err: error, schema: this.schema }, 'outbox append failed; the relay poll will publish');
      return;
    }
    try {
      await this.database.db.execute(
        sql`update ${ident(this.schema)}.mc_outbox
            set published_at = now() - ${(performance.now() - issuedAt) / 1000}::float8 * interval '1 second'
            where seq = any(${`{${seqs.join(',')}}`}::bigint[]) and published_at is null`,
      );
    } catch (error) {
      this.logger.error({ err: error, schema: this.schema }, 'marking outbox rows failed; the poll sends them again');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all([...this.sending]);
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.poke();
      this.schedule(this.pollMs);
    }, ms);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const s = ident(this.schema);
    const failuresBefore = this.appendFailures;
    try {
      for (;;) {
        const published = await this.database.db.transaction(async (tx) => {
          const inFlight = [...this.inFlight];
          const notInFlight =
            inFlight.length > 0 ? sql`and not (seq = any(${`{${inFlight.join(',')}}`}::bigint[]))` : sql``;
          const result = await tx.execute(
            sql`select seq, event from ${s}.mc_outbox where published_at is null ${notInFlight} order by seq limit 200 for update skip locked`,
          );
          const rows = (result as unknown as { rows: { seq: string; event: DomainEvent | string }[] }).rows;
          if (rows.length === 0) return 0;
          const events = rows.map((row) => eventOf(row.event));
          await this.stream.append(events);
          // Exactly the rows appended: a range would also take a row whose transaction committed after
          // the select with a lower seq (seqs are taken at insert, commits come in any order) — marked
          // published without ever reaching the stream.
          const seqs = rows.map((row) => String(row.seq));
          await tx.execute(
            sql`update ${s}.mc_outbox set published_at = now() where seq = any(${`{${seqs.join(',')}}`}::bigint[])`,
          );
          return rows.length;
        });
        if (published < 200) break;
      }
      // Rows an earlier failed append left behind are out now (this drain began after that failure).
      if (this.appendFailures === failuresBefore) this.appendFailed = false;
    } catch (error) {
      this.logger.error({ err: error, schema: this.schema }, 'outbox relay failed; will retry');
    }
  }
}

/** Work to do after a consumer's transaction committed. */
export type AfterCommit = () => Promise<void>;

/**
 * Consumes topics as `consumer`, running `react(event, tx)` at most once per event: the event id is
 * claimed in `mc_inbox` in the same transaction as the reaction. Events `liveOnly` picks are the
 * exception: the reaction writes nothing durable (it passes the event on live), so it runs outside a
 * transaction and without a claim, at least once — a redelivered event is reacted to again.
 */
export async function consumeOnce(
  options: {
    database: DatabaseHandle;
    schema: string;
    stream: EventStream;
    consumer: string;
    topics: DomainEventTopic<unknown>[];
    /** May return a callback to run once the reaction's transaction committed (e.g. cache invalidation). */
    // biome-ignore lint/suspicious/noConfusingVoidType: reactions that return nothing stay `async () => {}`
    react: (event: DomainEvent, tx: Database) => Promise<void | AfterCommit>;
    /** Runs after each reaction's transaction committed (publishing what it appended to streams). */
    afterEach?: () => Promise<void>;
    /**
     * Events whose reaction writes nothing (e.g. a streamed reply's part, only passed on live): no claim,
     * no transaction, `tx` is the database itself. Whoever receives what the reaction sends must bear a
     * repeat (the stream delivers at least once).
     */
    liveOnly?: (event: DomainEvent) => boolean;
  } & Pick<ConsumeOptions, 'maxDeliveries' | 'retryBaseMs' | 'partition' | 'concurrency'>,
): Promise<Consumer> {
  const s = ident(options.schema);
  return options.stream.consume({
    group: options.consumer,
    topics: options.topics.map((topic) => topic.name),
    maxDeliveries: options.maxDeliveries,
    retryBaseMs: options.retryBaseMs,
    partition: options.partition,
    concurrency: options.concurrency,
    handler: async (event) => {
      if (options.liveOnly?.(event)) {
        const after = await options.react(event, options.database.db);
        if (typeof after === 'function') await after();
        return;
      }
      const afterCommit = await options.database.db.transaction(async (tx) => {
        const claimed = await tx.execute(
          sql`insert into ${s}.mc_inbox (consumer, event_id) values (${options.consumer}, ${event.id}) on conflict do nothing returning event_id`,
        );
        if ((claimed as unknown as { rows: unknown[] }).rows.length === 0) return undefined;
        return options.react(event, tx as unknown as Database);
      });
      if (typeof afterCommit === 'function') await afterCommit();
      await options.afterEach?.();
    },
  });
}
