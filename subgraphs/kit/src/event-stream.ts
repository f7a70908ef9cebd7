/**
 * Durable domain events: the stream between subgraphs. Producers append (through the outbox
 * relay), consumer groups read with at-least-once delivery, acknowledge after their handler
 * committed, and get failed events again with backoff until a delivery cap moves them to a dead
 * letter list. Redis Streams (consumer groups) in production; an in-process implementation of the
 * same contract for the embedded mode.
 */
import { Redis } from 'ioredis';
import { PartitionLanes } from './partition-lanes.ts';

export interface DomainEventActor {
  kind: string;
  id: string | null;
}

export interface DomainEvent<T = unknown> {
  /** Unique per event: consumers use it to process each event once. */
  id: string;
  /** `<subgraph>.<event>`, e.g. `governance.approvalResolved`. */
  topic: string;
  organizationId: string | null;
  actor: DomainEventActor | null;
  occurredAt: string;
  payload: T;
}

export interface DomainEventTopic<T> {
  readonly name: string;
  /**
   * The lossless stream (`kit/stream-log.ts`) an event of this topic also goes to, e.g. `board:<id>`,
   * or null for none; appended in the same transaction as the event.
   */
  stream?(event: DomainEvent<T>): string | null;
  /** Phantom field carrying the payload type. */
  readonly __payload?: T;
}

/** Declares a durable event owned by `subgraph`; names follow `entityPastTense`. */
export function defineDomainEvent<T>(
  subgraph: string,
  event: string,
  options: { stream?: (event: DomainEvent<T>) => string | null } = {},
): DomainEventTopic<T> {
  return { name: `${subgraph}.${event}`, ...(options.stream ? { stream: options.stream } : {}) };
}

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface ConsumeOptions {
  /** The consuming service; each group gets every event once (at least). */
  group: string;
  topics: string[];
  handler: EventHandler;
  /** Deliveries before an event is moved to the dead letters (default 5). */
  maxDeliveries?: number;
  /** First retry delay; doubles per attempt (default 200 ms). */
  retryBaseMs?: number;
  /**
   * Events of one partition (e.g. a chat session) are handled in stream order; events of different
   * partitions may be handled at the same time, up to `concurrency`. Without it, one at a time in order.
   */
  partition?: (event: DomainEvent) => string;
  /** Partitions handled at once (default 1); only with `partition`. */
  concurrency?: number;
}

/** A `partition` by a payload field, case-insensitive (`partitionBy('sessionId')`: one chat session's events in order). */
export function partitionBy(field: string): (event: DomainEvent) => string {
  return (event) => String((event.payload as Record<string, unknown> | null)?.[field] ?? '').toLowerCase();
}

export interface Consumer {
  stop(): Promise<void>;
}

export interface EventStream {
  readonly kind: 'memory' | 'redis';
  append(events: DomainEvent[]): Promise<void>;
  consume(options: ConsumeOptions): Promise<Consumer>;
  /** Events a group gave up on, newest last. */
  deadLetters(group: string): Promise<DomainEvent[]>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * How often a Redis consumer looks for events other consumers of its group took and never acknowledged
 * (they died): such an event comes back within about this long (at least `retryBaseMs`).
 */
const RECLAIM_SWEEP_MS = 2_000;

/** A blocking read's longest wait: an idle consumer asks Redis again this often. */
const READ_BLOCK_MS = 5_000;

/** Events a consumer holds at most: being handled, or read and waiting for their partition or a slot. */
const READ_AHEAD = 100;

/**
 * The lanes a consumer handles its events in: per partition as it asked (a partition function that
 * throws puts the event in the empty partition), else one at a time in stream order.
 */
function lanesFor<T>(
  options: ConsumeOptions,
  eventOf: (item: T) => DomainEvent | null,
  handle: (item: T) => Promise<void>,
): PartitionLanes<T> {
  const partition = options.partition;
  const concurrency = options.concurrency ?? 1;
  if (!partition || concurrency <= 1) {
    return new PartitionLanes({ partitionOf: () => '', concurrency: 1, readAhead: READ_AHEAD, handle });
  }
  return new PartitionLanes({
    partitionOf: (item) => {
      const event = eventOf(item);
      if (!event) return '';
      try {
        return partition(event);
      } catch {
        return '';
      }
    },
    concurrency,
    readAhead: READ_AHEAD,
    handle,
  });
}

/** In-process stream: every group reads the whole history from the start, in order per stream. */
export class MemoryEventStream implements EventStream {
  readonly kind = 'memory' as const;
  private readonly log: DomainEvent[] = [];
  private readonly dead = new Map<string, DomainEvent[]>();
  private readonly wakers = new Set<() => void>();

  async append(events: DomainEvent[]): Promise<void> {
    for (const event of events) this.log.push(JSON.parse(JSON.stringify(event)));
    for (const wake of [...this.wakers]) wake();
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    const topics = new Set(options.topics);
    const maxDeliveries = options.maxDeliveries ?? 5;
    const retryBaseMs = options.retryBaseMs ?? 200;
    let stopped = false;
    const lanes = lanesFor<DomainEvent>(
      options,
      (event) => event,
      async (event) => {
        for (let attempt = 1; !stopped; attempt++) {
          try {
            await options.handler(event);
            return;
          } catch {
            if (attempt >= maxDeliveries) {
              const list = this.dead.get(options.group) ?? [];
              list.push(event);
              this.dead.set(options.group, list);
              return;
            }
            await sleep(retryBaseMs * 2 ** (attempt - 1));
          }
        }
      },
    );
    let cursor = 0;
    let wake: () => void = () => {};
    const waker = () => wake();
    this.wakers.add(waker);
    const loop = (async () => {
      while (!stopped) {
        if (cursor >= this.log.length) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (cursor < this.log.length || stopped) resolve();
          });
          continue;
        }
        // Events are taken as they come while earlier ones are handled (up to the lanes' read-ahead).
        await lanes.room();
        while (cursor < this.log.length && lanes.free > 0) {
          const event = this.log[cursor];
          cursor += 1;
          if (topics.has(event.topic)) lanes.add(event);
        }
      }
      await lanes.idle();
    })();
    return {
      stop: async () => {
        stopped = true;
        this.wakers.delete(waker);
        wake();
        await loop;
      },
    };
  }

  async deadLetters(group: string): Promise<DomainEvent[]> {
    return [...(this.dead.get(group) ?? [])];
  }

  async close(): Promise<void> {
    for (const wake of [...this.wakers]) wake();
  }
}

/** A Redis stream entry as read: its event, or null when the entry is unreadable. */
interface StreamEntry {
  key: string;
  id: string;
  raw: string;
  event: DomainEvent | null;
}

/** Reads an entry's event once (its partition and its handler use the same parse). */
function streamEntry(key: string, id: string, fields: string[]): StreamEntry {
  const raw = fields[fields.indexOf('event') + 1];
  try {
    return { key, id, raw, event: JSON.parse(raw) as DomainEvent };
  } catch {
    return { key, id, raw, event: null };
  }
}

/** Redis Streams: one stream per topic (`mc:stream:<topic>`), one consumer group per service. */
export class RedisEventStream implements EventStream {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly url: string;
  private readonly prefix: string;
  private readonly maxLength: number;
  private readonly readers = new Set<Redis>();

  constructor(url: string, options: { prefix?: string; maxLength?: number } = {}) {
    this.url = url;
    this.redis = new Redis(url, { maxRetriesPerRequest: null });
    this.prefix = options.prefix ?? 'mc:stream:';
    this.maxLength = options.maxLength ?? 1_000_000;
  }

  private key(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  async append(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const event of events) {
      pipeline.xadd(this.key(event.topic), 'MAXLEN', '~', this.maxLength, '*', 'event', JSON.stringify(event));
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    const keys = options.topics.map((topic) => this.key(topic));
    const maxDeliveries = options.maxDeliveries ?? 5;
    const retryBaseMs = options.retryBaseMs ?? 200;
    const consumerName = `c-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    for (const key of keys) {
      try {
        await this.redis.xgroup('CREATE', key, options.group, '0', 'MKSTREAM');
      } catch (error) {
        if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
      }
    }
    // A blocking read needs its own connection.
    const reader = new Redis(this.url, { maxRetriesPerRequest: null });
    this.readers.add(reader);
    let stopped = false;

    /** Entries taken and not yet acknowledged or set aside (a reclaim skips them). */
    const taken = new Set<string>();
    // Reclaims run on their own timer, never in front of a read: after a failed handler here (its event
    // is due again after `retryBaseMs`), and as a sweep for the events of consumers that died.
    const sweepMs = Math.max(retryBaseMs, RECLAIM_SWEEP_MS);
    let reclaimTimer: ReturnType<typeof setTimeout> | undefined;
    let reclaimDue = Number.POSITIVE_INFINITY;
    const reclaims = new Set<Promise<void>>();
    const reclaimIn = (delayMs: number) => {
      if (stopped) return;
      const due = Date.now() + delayMs;
      if (reclaimTimer && reclaimDue <= due) return;
      clearTimeout(reclaimTimer);
      reclaimDue = due;
      reclaimTimer = setTimeout(() => {
        reclaimTimer = undefined;
        reclaimDue = Number.POSITIVE_INFINITY;
        const running = reclaim().finally(() => reclaims.delete(running));
        reclaims.add(running);
      }, delayMs);
    };
    const reclaim = async () => {
      try {
        for (const key of keys) {
          const [, claimed] = (await this.redis.xautoclaim(
            key,
            options.group,
            consumerName,
            retryBaseMs,
            '0-0',
            'COUNT',
            Math.max(1, lanes.free),
          )) as [string, [string, string[]][]];
          for (const [id, fields] of claimed) if (fields) take(key, id, fields);
        }
      } catch {
        // Redis away: the next sweep tries again.
      }
      reclaimIn(sweepMs);
    };
    const handle = async (entry: StreamEntry) => {
      const { key, id, raw, event } = entry;
      try {
        if (!event) {
          // Unreadable: nothing could ever handle it. Kept aside (as an event that carries the raw entry, so
          // the dead letters stay readable), not retried for ever and not blocking the entries after it.
          const unreadable: DomainEvent = {
            id: `unreadable:${key}:${id}`,
            topic: key.slice(this.prefix.length),
            organizationId: null,
            actor: null,
            occurredAt: new Date().toISOString(),
            payload: { unreadable: String(raw) },
          };
          await this.redis.rpush(`${this.prefix}dead:${options.group}`, JSON.stringify(unreadable));
          await this.redis.xack(key, options.group, id);
          return;
        }
        try {
          await options.handler(event);
          await this.redis.xack(key, options.group, id);
        } catch {
          const pending = (await this.redis.xpending(key, options.group, id, id, 1)) as [
            string,
            string,
            number,
            number,
          ][];
          const deliveries = pending[0]?.[3] ?? 1;
          if (deliveries >= maxDeliveries) {
            await this.redis.rpush(`${this.prefix}dead:${options.group}`, raw);
            await this.redis.xack(key, options.group, id);
          } else {
            reclaimIn(retryBaseMs);
          }
        }
      } finally {
        taken.delete(`${key} ${id}`);
      }
    };
    const lanes = lanesFor<StreamEntry>(options, (entry) => entry.event, handle);
    const take = (key: string, id: string, fields: string[]) => {
      if (taken.has(`${key} ${id}`)) return;
      taken.add(`${key} ${id}`);
      lanes.add(streamEntry(key, id, fields));
    };

    // What a consumer of this group left unfinished (this one's earlier run, or one that died) comes first.
    reclaimIn(0);
    const loop = (async () => {
      while (!stopped) {
        try {
          // Entries are read while earlier ones are handled, up to the lanes' read-ahead.
          await lanes.room();
          if (lanes.free <= 0) continue;
          const batch = (await reader.xreadgroup(
            'GROUP',
            options.group,
            consumerName,
            'COUNT',
            lanes.free,
            'BLOCK',
            READ_BLOCK_MS,
            'STREAMS',
            ...keys,
            ...keys.map(() => '>'),
          )) as [string, [string, string[]][]][] | null;
          for (const [key, read] of batch ?? []) for (const [id, fields] of read) take(key, id, fields);
        } catch (error) {
          if (stopped) break;
          await sleep(500);
          void error;
        }
      }
      await lanes.idle();
    })();

    return {
      stop: async () => {
        stopped = true;
        clearTimeout(reclaimTimer);
        reader.disconnect();
        this.readers.delete(reader);
        await loop;
        await Promise.all([...reclaims]);
      },
    };
  }

  async deadLetters(group: string): Promise<DomainEvent[]> {
    const raw = await this.redis.lrange(`${this.prefix}dead:${group}`, 0, -1);
    return raw.map((item) => JSON.parse(item) as DomainEvent);
  }

  async close(): Promise<void> {
    for (const reader of this.readers) reader.disconnect();
    this.redis.disconnect();
  }
}

export function createEventStream(redisUrl: string | undefined, prefix?: string): EventStream {
  return redisUrl ? new RedisEventStream(redisUrl, { prefix }) : new MemoryEventStream();
}
