/**
 * A subgraph's handle on durable domain events: record in a transaction, publish after commit,
 * react to other subgraphs' events exactly once. Built on the outbox, the relay and the stream.
 */
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Database, DatabaseHandle } from './db.ts';
import type { Consumer, DomainEvent, DomainEventTopic, EventStream } from './event-stream.ts';
import { type AfterCommit, consumeOnce, type EventMeta, OutboxRelay, recordEvent } from './outbox.ts';

export class DomainEvents {
  readonly stream: EventStream;
  private readonly database: DatabaseHandle;
  private readonly schema: string;
  private readonly clock: Clock;
  private readonly relay: OutboxRelay;
  private readonly consumers: Consumer[] = [];
  private started = false;

  constructor(options: {
    database: DatabaseHandle;
    schema: string;
    stream: EventStream;
    clock: Clock;
    logger: Logger;
  }) {
    this.database = options.database;
    this.schema = options.schema;
    this.stream = options.stream;
    this.clock = options.clock;
    this.relay = new OutboxRelay({ ...options });
  }

  /** Starts relaying; the outbox/inbox tables exist (created with the module's migrations). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.relay.start();
  }

  /** Records an event in the caller's transaction; call `publish()` once it committed. */
  record<T>(tx: Database, topic: DomainEventTopic<T>, payload: T, meta: EventMeta): Promise<DomainEvent<T>> {
    return recordEvent(tx, this.schema, this.clock, topic, payload, meta);
  }

  /** Sends committed events now instead of at the next poll. */
  publish(): Promise<void> {
    return this.relay.poke();
  }

  /**
   * Reacts to events of other subgraphs, once per event, in a transaction of this subgraph; a
   * returned callback runs after that transaction committed.
   */
  async consume(
    topics: DomainEventTopic<any>[],
    // biome-ignore lint/suspicious/noConfusingVoidType: reactions that return nothing stay `async () => {}`
    react: (event: DomainEvent<any>, tx: Database) => Promise<void | AfterCommit>,
    options: { consumer?: string; maxDeliveries?: number; retryBaseMs?: number } = {},
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
    });
    this.consumers.push(consumer);
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
  }
}
