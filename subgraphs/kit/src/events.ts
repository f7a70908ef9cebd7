/**
 * Event bus for live fan-out. Topics are typed and namespaced by the subgraph that owns them; on
 * the wire every channel is `mc:<subgraph>:<event>`. Two implementations pass one contract suite:
 * in-memory (one process, the embedded mode) and Redis pub/sub (many processes).
 * Payloads always go through JSON, so both behave the same (dates arrive as strings).
 *
 * The Redis bus hands what a process publishes to that process's own subscribers at once (as the
 * in-memory bus does), not after a round trip through Redis: on one instance, a change's live event
 * then reaches its subscribers without that hop. Redis still delivers the publish to every instance,
 * this one included; the copy coming back is recognised by its text and dropped. Two publishes with the
 * same text are interchangeable, so dropping either copy delivers each exactly once.
 */
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';

export interface Topic<T> {
  readonly channel: string;
  /** Phantom field carrying the payload type. */
  readonly __payload?: T;
}

/** Declares a topic owned by `subgraph`; the name follows `entityPastTense` (`taskMoved`). */
export function defineTopic<T>(subgraph: string, event: string, key?: string): Topic<T> {
  return { channel: key ? `mc:${subgraph}:${event}:${key}` : `mc:${subgraph}:${event}` };
}

export type Unsubscribe = () => Promise<void>;

export interface EventBus {
  readonly kind: 'memory' | 'redis';
  publish<T>(topic: Topic<T>, payload: T): Promise<void>;
  /** Resolves once the subscription is live: anything published afterwards reaches `handler`. */
  subscribe<T>(topic: Topic<T>, handler: (payload: T) => void): Promise<Unsubscribe>;
  /** An async iterator over a topic, live when the promise resolves, with a bounded buffer. */
  iterate<T>(topic: Topic<T>, options?: { bufferSize?: number }): Promise<EventIterator<T>>;
  close(): Promise<void>;
}

export interface EventIterator<T> extends AsyncIterableIterator<T> {
  /** True when events were dropped because the consumer fell behind the buffer. */
  readonly overflowed: boolean;
}

abstract class BaseBus implements EventBus {
  abstract readonly kind: 'memory' | 'redis';
  abstract publish<T>(topic: Topic<T>, payload: T): Promise<void>;
  abstract subscribe<T>(topic: Topic<T>, handler: (payload: T) => void): Promise<Unsubscribe>;
  abstract close(): Promise<void>;

  async iterate<T>(topic: Topic<T>, options: { bufferSize?: number } = {}): Promise<EventIterator<T>> {
    const bufferSize = options.bufferSize ?? 1000;
    const queue: T[] = [];
    const waiting: ((result: IteratorResult<T>) => void)[] = [];
    let done = false;
    let overflowed = false;
    const unsubscribe = await this.subscribe(topic, (payload) => {
      if (done) return;
      const next = waiting.shift();
      if (next) return next({ value: payload, done: false });
      if (queue.length >= bufferSize) {
        // The consumer must resync: stop rather than silently skip events.
        overflowed = true;
        void finish();
        return;
      }
      queue.push(payload);
    });
    const finish = async (): Promise<IteratorResult<T>> => {
      if (!done) {
        done = true;
        for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
        await unsubscribe();
      }
      return { value: undefined, done: true };
    };
    const iterator: EventIterator<T> = {
      get overflowed() {
        return overflowed;
      },
      next() {
        const value = queue.shift();
        if (value !== undefined) return Promise.resolve({ value, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return: finish,
      throw: async (error?: unknown) => {
        await finish();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}

export class MemoryEventBus extends BaseBus {
  readonly kind = 'memory' as const;
  private readonly handlers = new Map<string, Set<(raw: string) => void>>();

  async publish<T>(topic: Topic<T>, payload: T): Promise<void> {
    const raw = JSON.stringify(payload);
    const handlers = this.handlers.get(topic.channel);
    if (!handlers) return;
    for (const handler of [...handlers]) queueMicrotask(() => handler(raw));
  }

  async subscribe<T>(topic: Topic<T>, handler: (payload: T) => void): Promise<Unsubscribe> {
    const wrapped = (raw: string) => handler(JSON.parse(raw) as T);
    let set = this.handlers.get(topic.channel);
    if (!set) {
      set = new Set();
      this.handlers.set(topic.channel, set);
    }
    set.add(wrapped);
    return async () => {
      set.delete(wrapped);
      if (set.size === 0) this.handlers.delete(topic.channel);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

type UnsubscribeCommand = (...channels: string[]) => Promise<unknown>;

/** A copy of our own publish still to come back from Redis is dropped when it does; it stops being awaited after this. */
const ECHO_TTL_MS = 10_000;

/** One channel this process subscribes to: its handlers, and its own publishes Redis has yet to echo. */
interface Channel {
  readonly handlers: Set<(raw: string) => void>;
  readonly echoes: { raw: string; at: number }[];
  /** Resolves once Redis delivers the channel to this process. */
  readonly live: Promise<number>;
  /** Subscribe calls still waiting for `live`: the channel stays while there are any. */
  waiting: number;
}

export class RedisEventBus extends BaseBus {
  readonly kind = 'redis' as const;
  private readonly pubsub: RedisPubSub;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Channel>();

  constructor(url: string) {
    super();
    const options = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false };
    // Live fan-out is best effort: while Redis is away a publish fails after a couple of reconnect
    // attempts instead of holding the change that triggered it (lossless streams catch up from the
    // database). The subscriber waits and re-subscribes when Redis is back.
    this.publisher = new Redis(url, { ...options, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url, options);
    // Connection errors surface as failed commands, and ioredis reconnects: no unhandled error events.
    for (const connection of [this.publisher, this.subscriber]) connection.on('error', () => {});
    // Whatever was on its way when the subscriber's connection dropped is lost, our echoes with it.
    this.subscriber.on('close', () => {
      for (const channel of this.channels.values()) channel.echoes.length = 0;
    });
    // graphql-redis-subscriptions fires (p)unsubscribe without awaiting them: while Redis is away (or
    // at close) they reject with "Connection is closed" and would surface as unhandled rejections.
    // The subscriber re-subscribes only what is still wanted when it reconnects, so the failure is moot.
    const subscriber = this.subscriber as unknown as Record<'unsubscribe' | 'punsubscribe', UnsubscribeCommand>;
    for (const method of ['unsubscribe', 'punsubscribe'] as const) {
      const command = subscriber[method].bind(this.subscriber);
      subscriber[method] = (...channels) => {
        const result = command(...channels);
        result.catch(() => {});
        return result;
      };
    }
    this.pubsub = new RedisPubSub({
      publisher: this.publisher,
      subscriber: this.subscriber,
      // Payloads are already JSON strings; keep them opaque to the library.
      serializer: (value: unknown) => value as string,
      deserializer: (value: string | Buffer) => value.toString(),
    });
  }

  async publish<T>(topic: Topic<T>, payload: T): Promise<void> {
    const raw = JSON.stringify(payload);
    const channel = this.channels.get(topic.channel);
    let echo: { raw: string; at: number } | undefined;
    if (channel && channel.handlers.size > 0) {
      echo = { raw, at: Date.now() };
      channel.echoes.push(echo);
      const handlers = [...channel.handlers];
      queueMicrotask(() => {
        for (const handler of handlers) if (channel.handlers.has(handler)) handler(raw);
      });
    }
    try {
      await this.publisher.publish(topic.channel, raw);
    } catch (error) {
      // Not sent: no copy will come back (this process's subscribers have it; the others do not).
      const index = echo && channel ? channel.echoes.indexOf(echo) : -1;
      if (index >= 0) channel?.echoes.splice(index, 1);
      throw error;
    }
  }

  async subscribe<T>(topic: Topic<T>, handler: (payload: T) => void): Promise<Unsubscribe> {
    await this.subscriberReady();
    const name = topic.channel;
    let channel = this.channels.get(name);
    if (!channel) {
      const handlers = new Set<(raw: string) => void>();
      const echoes: Channel['echoes'] = [];
      const live = this.pubsub.subscribe(name, (raw: string) => received(raw));
      const created: Channel = { handlers, echoes, live, waiting: 0 };
      const received = (raw: string) => {
        const now = Date.now();
        while (echoes.length > 0 && now - echoes[0].at > ECHO_TTL_MS) echoes.shift();
        const own = echoes.findIndex((echo) => echo.raw === raw);
        if (own >= 0) {
          echoes.splice(own, 1);
          return;
        }
        for (const each of [...handlers]) each(raw);
      };
      channel = created;
      this.channels.set(name, channel);
    }
    const wrapped = (raw: string) => handler(JSON.parse(raw) as T);
    const current = channel;
    current.waiting += 1;
    try {
      await current.live;
    } catch (error) {
      if (this.channels.get(name) === current) this.channels.delete(name);
      throw error;
    } finally {
      current.waiting -= 1;
    }
    current.handlers.add(wrapped);
    return async () => {
      if (!current.handlers.delete(wrapped)) return;
      if (current.handlers.size > 0 || current.waiting > 0 || this.channels.get(name) !== current) return;
      this.channels.delete(name);
      this.pubsub.unsubscribe(await current.live);
    };
  }

  /**
   * ioredis writes SUBSCRIBE on a connection still in its handshake (status `connect`), and the
   * subscribe resolves; its ready check (INFO) then fails in subscriber mode, so it drops the
   * connection and subscribes again on the next one, and whatever was published in between is
   * lost although the subscriber was told it was live. Subscribe on a ready connection only.
   */
  private subscriberReady(): Promise<void> {
    const { subscriber } = this;
    if (subscriber.status === 'ready') return Promise.resolve();
    if (subscriber.status === 'end') return Promise.reject(new Error('The event bus is closed'));
    return new Promise((resolve, reject) => {
      const ready = () => {
        subscriber.off('end', ended);
        resolve();
      };
      const ended = () => {
        subscriber.off('ready', ready);
        reject(new Error('The event bus is closed'));
      };
      subscriber.once('ready', ready);
      subscriber.once('end', ended);
    });
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

export function createEventBus(redisUrl: string | undefined): EventBus {
  return redisUrl ? new RedisEventBus(redisUrl) : new MemoryEventBus();
}
