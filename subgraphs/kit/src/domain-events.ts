/**
 * A subgraph's handle on durable domain events: record in a transaction, publish after commit,
 * react to other subgraphs' events exactly once. Built on the outbox, the relay and the stream.
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
  OutboxRelay,
  outboxInsert,
  recordEvent,
} from './outbox.ts';
import type { StreamLog } from './stream-log.ts';

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
  }) {
    this.database = options.database;
    this.schema = options.schema;
    this.stream = options.stream;
    this.clock = options.clock;
    this.streams = options.streams ?? null;
    this.relay = new OutboxRelay({ ...options });
  }

  /** Starts relaying; the outbox/inbox tables exist (created with the module's migrations). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.relay.start();
    this.streams?.start();
  }

  /**
   * Records an event in the caller's transaction (and appends it to its topic's stream, if any);
   * call `publish()` once it committed.
   */
  async record<T>(tx: Database, topic: DomainEventTopic<T>, payload: T, meta: EventMeta): Promise<DomainEvent<T>> {
    const event = await recordEvent(tx, this.schema, this.clock, topic, payload, meta);
    const key = topic.stream?.(event) ?? null;
    if (key !== null) {
      if (!this.streams) throw new Error(`topic ${topic.name} has a stream but this runtime has no stream log`);
      this.appendsToStreams = true;
      await this.streams.append(tx, key, event);
    }
    return event;
  }

  /**
   * For a store that records the event in the very statement of its change (a data-modifying CTE: one
   * round trip, no transaction): the event, and its outbox insert given the event's JSON as an SQL
   * expression (the event, with values the statement computes set in). Topics with a stream need `record`.
   */
  draft<T>(topic: DomainEventTopic<T>, payload: T, meta: EventMeta): { event: DomainEvent<T>; insert(json: SQL): SQL } {
    const event = newEvent(this.clock, topic, payload, meta);
    if (topic.stream?.(event) != null) throw new Error(`topic ${topic.name} has a stream: record it in a transaction`);
    return { event, insert: (json) => outboxInsert(this.schema, json) };
  }

  /**
   * Sends committed events now instead of at the next poll. Stream entries go out in the background:
   * a change never waits for live fan-out (subscribers find a late or lost publish in the log).
   */
  async publish(): Promise<void> {
    if (this.appendsToStreams) void this.streams?.publish();
    await this.relay.poke();
  }

  /**
   * Reacts to events of other subgraphs, once per event, in a transaction of this subgraph; a
   * returned callback runs after that transaction committed.
   */
  async consume(
    topics: DomainEventTopic<any>[],
    // biome-ignore lint/suspicious/noConfusingVoidType: reactions that return nothing stay `async () => {}`
    react: (event: DomainEvent<any>, tx: Database) => Promise<void | AfterCommit>,
    options: Pick<ConsumeOptions, 'maxDeliveries' | 'retryBaseMs' | 'partition' | 'concurrency'> & {
      consumer?: string;
    } = {},
  ): Promise<void> {
    const consumer = await consumeOnce({
      database: this.database,
      schema: this.schema,
      stream: this.stream,
      consumer: options.consumer ?? this.schema,
      topics,
      react,
      maxDeliveries: options.maxDeliveries,
      retryBaseMs: options.retryBaseMs,
      partition: options.partition,
      concurrency: options.concurrency,
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
