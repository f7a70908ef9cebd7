/**
 * Runs a change and records its durable domain events in one transaction (the kit outbox); after
 * commit it publishes them and runs the live notifications the change queued.
 */
import type { Database, DatabaseHandle, DomainEventActor, DomainEvents, DomainEventTopic, Identity } from '@mc/kit';

export interface ChangeMeta {
  organizationId: string;
  actor: DomainEventActor | null;
}

export interface ChangeScope {
  tx: Database;
  /** Records an event in the running transaction. */
  record<T>(topic: DomainEventTopic<T>, payload: T, meta: ChangeMeta): Promise<void>;
  /** Runs `notify` once the transaction committed (live fan-out). */
  afterCommit(notify: () => Promise<void>): void;
}

export class Changes {
  private readonly database: DatabaseHandle;
  private readonly events: DomainEvents;

  constructor(database: DatabaseHandle, events: DomainEvents) {
    this.database = database;
    this.events = events;
  }

  async run<T>(work: (scope: ChangeScope) => Promise<T>): Promise<T> {
    let recorded = 0;
    const notifications: (() => Promise<void>)[] = [];
    const result = await this.database.db.transaction(async (transaction) => {
      const tx = transaction as unknown as Database;
      return work({
        tx,
        record: async (topic, payload, meta) => {
          await this.events.record(tx, topic, payload, meta);
          recorded += 1;
        },
        afterCommit: (notify) => notifications.push(notify),
      });
    });
    if (recorded > 0) await this.events.publish();
    for (const notify of notifications) await notify();
    return result;
  }
}

/** Who did something, as every consumer (timeline, webhooks, rules) understands it. */
export function actorOf(identity: Identity): DomainEventActor {
  switch (identity.kind) {
    case 'user':
      return { kind: 'user', id: identity.userId };
    case 'agent':
      return { kind: 'agent', id: identity.agentId };
    case 'gateway':
      return { kind: 'gateway', id: identity.gatewayId };
    case 'h5':
      return { kind: 'h5', id: identity.h5UserId };
    case 'system':
      return { kind: 'system', id: identity.service };
    default:
      return { kind: 'system', id: 'anonymous' };
  }
}

export const SYSTEM_ACTOR: DomainEventActor = { kind: 'system', id: 'fleet' };
