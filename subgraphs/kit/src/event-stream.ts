/**
 * Durable domain events: the stream between subgraphs. Producers append (through the outbox
 * relay), consumer groups read with at-least-once delivery, acknowledge after their handler
 * committed, and get failed events again with backoff until a delivery cap moves them to a dead
 * letter list. Redis Streams (consumer groups) in production; an in-process implementation of the
 * same contract for the embedded mode.
 */
import { Redis } from 'ioredis';

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

/** Events read together at most (one Redis read, one in-memory window). */
const BATCH = 100;

/**
 * Handles a batch: in order within each partition, up to `concurrency` partitions at once, so one slow
 * handler (a long transaction) holds up its own partition, not every other one. Returns when all are done.
 */
async function inPartitions<T>(
  items: T[],
  partitionOf: ((item: T) => string) | null,
  concurrency: number,
  handle: (item: T) => Promise<void>,
): Promise<void> {
  if (!partitionOf || concurrency <= 1 || items.length <= 1) {
    for (const item of items) await handle(item);
    return;
  }
  const partitions = new Map<string, T[]>();
  for (const item of items) {
    const key = partitionOf(item);
    const list = partitions.get(key);
    if (list) list.push(item);
    else partitions.set(key, [item]);
  }
  const queue = [...partitions.values()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const item of next) await handle(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

/** The partition of an event as a consumer asked for it (null: one at a time). */
function partitioner(options: ConsumeOptions): ((event: DomainEvent) => string) | null {
  const partition = options.partition;
  if (!partition || (options.concurrency ?? 1) <= 1) return null;
  return (event) => {
    try {
      return partition(event);
    } catch {
      return '';
    }
  };
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
    const partitionOf = partitioner(options);
    const concurrency = options.concurrency ?? 1;
    let cursor = 0;
    let stopped = false;
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
        // The next window of this group's events (the same batching as a Redis read).
        const window: DomainEvent[] = [];
        while (cursor < this.log.length && window.length < BATCH) {
          const event = this.log[cursor];
          cursor += 1;
          if (topics.has(event.topic)) window.push(event);
        }
        await inPartitions(window, partitionOf, concurrency, async (event) => {
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
        });
      }
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

/** The event in a stream entry's fields (an unreadable one gets an empty partition; `handle` sets it aside). */
function eventOf(fields: string[]): DomainEvent {
  try {
    return JSON.parse(fields[fields.indexOf('event') + 1]) as DomainEvent;
  } catch {
    return { id: '', topic: '', organizationId: null, actor: null, occurredAt: '', payload: null };
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

    const partitionOf = partitioner(options);
    const concurrency = options.concurrency ?? 1;
    const handle = async (key: string, id: string, fields: string[]) => {
      const raw = fields[fields.indexOf('event') + 1];
      let event: DomainEvent;
      try {
        event = JSON.parse(raw) as DomainEvent;
      } catch {
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
        }
      }
    };

    const loop = (async () => {
      let lastReclaim = 0;
      while (!stopped) {
        try {
          const now = Date.now();
          if (now - lastReclaim >= retryBaseMs) {
            lastReclaim = now;
            // Events whose handler failed (or whose consumer died) come back after a backoff.
            for (const key of keys) {
              const [, claimed] = (await this.redis.xautoclaim(
                key,
                options.group,
                consumerName,
                retryBaseMs,
                '0-0',
                'COUNT',
                50,
              )) as [string, [string, string[]][]];
              for (const [id, fields] of claimed) if (fields) await handle(key, id, fields);
            }
          }
          const batch = (await reader.xreadgroup(
            'GROUP',
            options.group,
            consumerName,
            'COUNT',
            BATCH,
            'BLOCK',
            Math.max(50, retryBaseMs),
            'STREAMS',
            ...keys,
            ...keys.map(() => '>'),
          )) as [string, [string, string[]][]][] | null;
          const entries = (batch ?? []).flatMap(([key, read]) => read.map(([id, fields]) => ({ key, id, fields })));
          await inPartitions(
            entries,
            partitionOf ? (entry) => partitionOf(eventOf(entry.fields)) : null,
            concurrency,
            (entry) => handle(entry.key, entry.id, entry.fields),
          );
        } catch (error) {
          if (stopped) break;
          await sleep(500);
          void error;
        }
      }
    })();

    return {
      stop: async () => {
        stopped = true;
        reader.disconnect();
        this.readers.delete(reader);
        await loop;
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
