/**
 * A subgraph's handle on durable domain events: record in a transaction, publish after commit (what
 * the process just committed straight from memory, the rest by the relay), react to other subgraphs'
 * events exactly once. Built on the outbox, the relay and the stream.
 */

import type { SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Database, DatabaseHandle } from './db.ts';
import type { ConsumeOptions, Consumer, DomainEvent, DomainEventTopic, EventStream } from './event-stream.ts';
import {
  type AfterCommit,
  consumeOnce,
  type EventMeta,
  newEvent,
  type OutboxRecord,
  OutboxRelay,
  outboxInsert,
  recordEvent,
  recordEvents,
} from './outbox.ts';
import type { StreamEntry, StreamLog } from './stream-log.ts';

/**
 * What one transaction recorded (`record(tx, …, recorded)`): its outbox rows and the stream entries
 * appended beside them, to `publish(recorded)` from memory once — and only if — that transaction committed.
 */
export class Recorded {
  readonly events: OutboxRecord[] = [];
  readonly entries: StreamEntry[] = [];

  get empty(): boolean {
    return this.events.length === 0 && this.entries.length === 0;
  }
}

/** What `publish` sends from memory: events of a committed transaction (e.g. returned by its statement). */
export interface Committed {
  events: readonly OutboxRecord[];
  entries?: readonly StreamEntry[];
}

/** A reaction to another subgraph's event; what it records into `recorded` is published once it committed. */
export type Reaction = (
  event: DomainEvent<any>,
  tx: Database,
  recorded: Recorded,
  // biome-ignore lint/suspicious/noConfusingVoidType: reactions that return nothing stay `async () => {}`
) => Promise<void | AfterCommit>;

export class DomainEvents {
  readonly stream: EventStream;
  private readonly database: DatabaseHandle;
  private readonly schema: string;
  private readonly clock: Clock;
  private readonly relay: OutboxRelay;
  /** The lossless streams events of topics with a `stream` key are appended to. */
  private readonly streams: StreamLog | null;
  private readonly consumers: Consumer[] = [];
  private started = false;
  /**
   * Set (for good) by the first stream append of this process: until then publishing after a commit
   * has nothing of this process's to drain, and the stream log's own poll covers other instances.
   */
  private appendsToStreams = false;

  constructor(options: {
    database: DatabaseHandle;
    schema: string;
    stream: EventStream;
    clock: Clock;
    logger: Logger;
    streams?: StreamLog;
    /** How often the relay looks for unpublished rows (the backstop; default 1 s). */
    relayPollMs?: number;
  }) {
    this.database = options.database;
    this.schema = options.schema;
    this.stream = options.stream;
    this.clock = options.clock;
    this.streams = options.streams ?? null;
    this.relay = new OutboxRelay({ ...options, pollMs: options.relayPollMs });
  }

  /** Starts relaying; the outbox/inbox tables exist (created with the module's migrations). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.relay.start();
    this.streams?.start();
  }

  /**
   * Records an event in the caller's transaction (and appends it to its topic's stream, if any). Given
   * `recorded`, the transaction's collector, call `publish(recorded)` once it committed; without it,
   * `publish()` (the relay finds it).
   */
  async record<T>(
    tx: Database,
    topic: DomainEventTopic<T>,
    payload: T,
    meta: EventMeta,
    recorded?: Recorded,
  ): Promise<DomainEvent<T>> {
    const outbox = await recordEvent(tx, this.schema, this.clock, topic, payload, meta);
    recorded?.events.push(outbox);
    const { event } = outbox;
    const key = topic.stream?.(event) ?? null;
    if (key !== null) {
      if (!this.streams) throw new Error(`topic ${topic.name} has a stream but this runtime has no stream log`);
      this.appendsToStreams = true;
      const entry = await this.streams.append(tx, key, event);
      recorded?.entries.push(entry);
    }
    return event;
  }

  /**
   * Runs `work` in a transaction of this subgraph's database and, once it committed, publishes what it
   * recorded into `recorded` from memory (in the background); a rolled-back transaction publishes nothing.
   */
  async transaction<R>(work: (tx: Database, recorded: Recorded) => Promise<R>): Promise<R> {
    const recorded = new Recorded();
    const result = await this.database.db.transaction((tx) => work(tx as unknown as Database, recorded));
    void this.publish(recorded);
    return result;
  }

  /**
   * Records events of a topic without a stream in one statement, outside any transaction (one round
   * trip; they commit together, in order), and publishes them from memory (in the background).
   */
  async recordNow<T>(topic: DomainEventTopic<T>, items: { payload: T; meta: EventMeta }[]): Promise<DomainEvent<T>[]> {
    const events = items.map(({ payload, meta }) => newEvent(this.clock, topic, payload, meta));
    if (events.some((event) => topic.stream?.(event) != null)) {
      throw new Error(`topic ${topic.name} has a stream: record it in a transaction`);
    }
    const records = await recordEvents(this.database.db, this.schema, events);
    void this.publish({ events: records });
    return events;
  }

  /**
   * For a store that records the event in the very statement of its change (a data-modifying CTE: one
   * round trip, no transaction): the event, and its outbox insert given the event's JSON as an SQL
   * expression (the event, with values the statement computes set in). Topics with a stream need `record`.
   */
  draft<T>(topic: DomainEventTopic<T>, payload: T, meta: EventMeta): { event: DomainEvent<T>; insert(json: SQL): SQL } {
    const event = newEvent(this.clock, topic, payload, meta);
    if (topic.stream?.(event) != null) throw new Error(`topic ${topic.name} has a stream: record it in a transaction`);
    // Returns `seq, event`: the statement's result is what `publish({ events: [...] })` sends from memory.
    return { event, insert: (json) => outboxInsert(this.schema, json, { returnEvent: true }) };
  }

  /**
   * Sends committed events now instead of at the next poll. Given what a transaction recorded, after
   * it committed: those events and stream entries from memory, with no read of the outbox (the append
   * is issued before the first await, so publishes keep the order their commits resolved in); never
   * pass what an uncommitted (or rolled-back) transaction recorded. Without it: drains whatever is
   * unpublished. Stream entries go out in the background: a change never waits for live fan-out
   * (subscribers find a late or lost publish in the log).
   */
  async publish(recorded?: Committed): Promise<void> {
    if (!recorded) {
      if (this.appendsToStreams) void this.streams?.publish();
      await this.relay.poke();
      return;
    }
    if (recorded.entries?.length) void this.streams?.publish(recorded.entries);
    await this.relay.publishCommitted(recorded.events);
  }

  /**
   * Reacts to events of other subgraphs, once per event, in a transaction of this subgraph; what the
   * reaction records into the `recorded` it is given is published from memory after that transaction
   * committed, then a returned callback runs.
   */
  async consume(
    topics: DomainEventTopic<any>[],
    react: Reaction,
    options: Pick<ConsumeOptions, 'maxDeliveries' | 'retryBaseMs' | 'partition' | 'concurrency'> & {
      consumer?: string;
      /** Events only passed on live: reacted to at least once, outside a transaction (`consumeOnce`). */
      liveOnly?: (event: DomainEvent) => boolean;
    } = {},
  ): Promise<void> {
    const consumer = await consumeOnce({
      database: this.database,
      schema: this.schema,
      stream: this.stream,
      consumer: options.consumer ?? this.schema,
      topics,
      react: async (event, tx) => {
        const recorded = new Recorded();
        const afterCommit = await react(event, tx, recorded);
        if (recorded.empty) return afterCommit;
        // consumeOnce runs this only once the reaction's transaction committed.
        return async () => {
          void this.publish(recorded);
          if (typeof afterCommit === 'function') await afterCommit();
        };
      },
      maxDeliveries: options.maxDeliveries,
      retryBaseMs: options.retryBaseMs,
      partition: options.partition,
      concurrency: options.concurrency,
      liveOnly: options.liveOnly,
      // A reaction may append to streams (the activity timeline): publish those after its commit, in
      // the background (publishes coalesce while the consumer goes on with the next event).
      afterEach: this.streams
        ? async () => {
            if (this.appendsToStreams) void (this.streams as StreamLog).publish();
          }
        : undefined,
    });
    this.consumers.push(consumer);
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.streams?.stop();
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
  }
}
