/**
 * Runs a change and records its durable domain events in one transaction (the kit outbox), then
 * publishes them once the transaction committed: an event exists if and only if its change does.
 */
import type { Database, DatabaseHandle, DomainEvents, DomainEventTopic } from '@mc/kit';
import type { Actor } from '../events.ts';

export interface ChangeMeta {
  organizationId: string;
  actor: Actor;
}

/** Records an event in the running transaction. */
export type RecordEvent = <T>(topic: DomainEventTopic<T>, payload: T, meta: ChangeMeta) => Promise<void>;

export class Changes {
  private readonly database: DatabaseHandle;
  private readonly events: DomainEvents;

  constructor(database: DatabaseHandle, events: DomainEvents) {
    this.database = database;
    this.events = events;
  }

  /** `work` runs in a transaction; everything it queries must go through `tx`. */
  async run<T>(work: (tx: Database, record: RecordEvent) => Promise<T>): Promise<T> {
    let recorded = 0;
    const result = await this.database.db.transaction(async (transaction) => {
      const tx = transaction as unknown as Database;
      const record: RecordEvent = async (topic, payload, meta) => {
        await this.events.record(tx, topic, payload, meta);
        recorded += 1;
      };
      return work(tx, record);
    });
    if (recorded > 0) await this.events.publish();
    return result;
  }
}

/** The fields `keys` of a row as JSON values (dates as ISO strings), for an event's before/after. */
export function pick(row: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = row[key];
    out[key] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  return out;
}
