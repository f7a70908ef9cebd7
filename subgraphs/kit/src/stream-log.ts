/**
 * Lossless streams: an ordered log per stream key (`board:<id>`, `org:<id>`) in the subgraph's own
 * schema. An entry takes its stream's next sequence number inside the transaction of the change it
 * describes (the head row stays locked until commit, so numbers commit in order and a rolled-back
 * change gives its number back: no gaps), is published live on the bus after the commit, and a
 * subscriber first listens, then replays from the log what it missed, then follows the bus — dropping
 * duplicates and filling gaps from the log (a lost publish, a Redis restart, a periodic poll of the
 * heads). A subscriber that falls too far behind, or resumes from a cursor older than the retention,
 * gets one `resync` item and ends: nothing is ever dropped silently.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Database, DatabaseHandle } from './db.ts';
import { badInput } from './errors.ts';
import { defineTopic, type EventBus, type Topic, type Unsubscribe } from './events.ts';
import { Subscriber } from './stream-subscriber.ts';

/** One committed entry of a stream. */
export interface StreamEntry<T = unknown> {
  stream: string;
  /** 1, 2, 3… per stream, without gaps. */
  seq: number;
  data: T;
  recordedAt: string;
}

/** The subscriber must reload a snapshot: `after` is the last sequence it was given. */
export interface ResyncRequired {
  kind: 'resync';
  after: number;
  /** `overflow`: it fell behind its buffer; `retention`: what it missed is no longer kept. */
  reason: 'overflow' | 'retention';
}

export type StreamItem<T> = ({ kind: 'entry' } & StreamEntry<T>) | ResyncRequired;

export interface StreamSubscription<T> extends AsyncIterableIterator<StreamItem<T>> {
  /** The last sequence handed out (the resume cursor). */
  readonly last: number;
  close(): Promise<void>;
}

export interface StreamSettings {
  /** Live entries a subscriber may have waiting before it must resync. */
  bufferSize: number;
  /** How often subscribers' streams are checked against the database (catches lost publishes). */
  pollMs: number;
  /** Entries older than this are pruned… */
  retentionMs: number;
  /** …and at most this many are kept per stream. */
  maxPerStream: number;
  /** How often unpublished entries are looked for (after-commit publishes make this a backstop). */
  relayPollMs: number;
  /** How often retention runs. */
  pruneEveryMs: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  bufferSize: 1000,
  pollMs: 2000,
  retentionMs: 7 * 24 * 3600_000,
  maxPerStream: 10_000,
  relayPollMs: 1000,
  pruneEveryMs: 60_000,
};

const PAGE_SIZE = 200;
const PUBLISH_TIMEOUT_MS = 2000;
const JOIN_TIMEOUT_MS = 2000;
/** Bind parameters stay far below PostgreSQL's 65,535 however many streams a process follows. */
const HEADS_PER_STATEMENT = 1000;
const STREAM_KEY = /^[\w.:-]{1,200}$/;

const ident = (schema: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return sql.raw(`"${schema}"`);
};

/** DDL of the kit-owned stream tables in a subgraph's schema (idempotent statements). */
export function streamTablesSql(schema: string): SQL[] {
  const s = ident(schema);
  return [
    sql`create schema if not exists ${s}`,
    // The head keeps the last number even after its entries are pruned: sequences never restart.
    sql`create table if not exists ${s}.mc_stream_heads (
      stream text primary key,
      seq bigint not null
    )`,
    sql`create table if not exists ${s}.mc_stream_log (
      stream text not null,
      seq bigint not null,
      data jsonb not null,
      recorded_at timestamptz not null default now(),
      published_at timestamptz,
      primary key (stream, seq)
    )`,
    sql`create index if not exists mc_stream_log_unpublished on ${s}.mc_stream_log (stream, seq) where published_at is null`,
    sql`create index if not exists mc_stream_log_recorded on ${s}.mc_stream_log (recorded_at)`,
  ];
}

interface Row {
  stream: string;
  seq: string | number;
  data: unknown;
  recorded_at: string | Date;
}

const rowsOf = <R>(result: unknown) => (result as { rows: R[] }).rows;

function toEntry<T>(row: Row): StreamEntry<T> {
  return {
    stream: row.stream,
    seq: Number(row.seq),
    data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as T,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

function checkKey(stream: string): string {
  if (!STREAM_KEY.test(stream)) throw new Error(`invalid stream key ${stream}`);
  return stream;
}

/** Appends to `stream` in the caller's transaction; the entry is published once `publish()` runs after commit. */
export async function appendToStream<T>(
  tx: Database,
  schema: string,
  stream: string,
  data: T,
): Promise<StreamEntry<T>> {
  const s = ident(schema);
  const result = await tx.execute(sql`
    with head as (
      insert into ${s}.mc_stream_heads as h (stream, seq) values (${checkKey(stream)}, 1)
      on conflict (stream) do update set seq = h.seq + 1
      returning seq
    )
    insert into ${s}.mc_stream_log (stream, seq, data)
    select ${stream}, head.seq, ${JSON.stringify(data)}::jsonb from head
    returning stream, seq, data, recorded_at`);
  return toEntry<T>(rowsOf<Row>(result)[0]);
}

/** What operators watch: readers, log reads (replays and filled gaps), resyncs. */
export class StreamMetrics {
  readonly readers: Gauge;
  readonly logReads: Counter;
  readonly resyncs: Counter<'reason'>;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    this.readers = new Gauge({ name: 'mc_stream_readers', help: 'Stream subscribers in this process', registers });
    this.logReads = new Counter({
      name: 'mc_stream_log_reads_total',
      help: 'Reads of the stream log by subscribers (replays, gaps left by lost publishes, polls)',
      registers,
    });
    this.resyncs = new Counter({
      name: 'mc_stream_resyncs_total',
      help: 'Subscribers told to resync, by reason (overflow, retention)',
      labelNames: ['reason'] as const,
      registers,
    });
  }
}

/** The streams of one subgraph: append, publish, subscribe, retention. One per runtime. */
export class StreamLog {
  readonly settings: StreamSettings;
  readonly metrics: StreamMetrics;
  private readonly database: DatabaseHandle;
  private readonly schema: string;
  private readonly subgraph: string;
  private readonly bus: EventBus;
  private readonly logger: Logger;
  private readonly channels = new Map<string, Channel>();
  private relayRunning: Promise<void> | null = null;
  private relayAgain = false;
  private readonly sending = new Set<Promise<void>>();
  private timers: NodeJS.Timeout[] = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private stopped = false;

  constructor(options: {
    database: DatabaseHandle;
    schema: string;
    subgraph: string;
    bus: EventBus;
    logger: Logger;
    settings?: Partial<StreamSettings>;
    /** Where the stream metrics are registered (the service's registry). */
    registry?: Registry;
  }) {
    this.metrics = new StreamMetrics(options.registry);
    this.database = options.database;
    this.schema = options.schema;
    this.subgraph = options.subgraph;
    this.bus = options.bus;
    this.logger = options.logger;
    this.settings = { ...DEFAULT_STREAM_SETTINGS, ...options.settings };
  }

  /** The live channel of a stream: `mc:<subgraph>:stream:<key>`. */
  topic<T>(stream: string): Topic<StreamEntry<T>> {
    return defineTopic<StreamEntry<T>>(this.subgraph, 'stream', checkKey(stream));
  }

  /** Starts the publish backstop and retention (the tables exist: created with the module's migrations). */
  start(): void {
    this.stopped = false;
    const every = (ms: number, run: () => Promise<unknown>) => {
      const timer = setInterval(() => void run(), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.settings.relayPollMs, () => this.publish());
    every(this.settings.pruneEveryMs, () =>
      this.prune().catch((error) => this.logger.error({ err: error }, 'stream retention failed')),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    for (const channel of [...this.channels.values()]) {
      for (const subscriber of [...channel.subscribers]) await subscriber.close();
    }
    await this.relayRunning;
    await Promise.all([...this.sending]);
  }

  append<T>(tx: Database, stream: string, data: T): Promise<StreamEntry<T>> {
    return appendToStream(tx, this.schema, stream, data);
  }

  /**
   * Publishes entries now (call after a commit that appended). Given the entries a committed
   * transaction appended (what `append` returned; never those of an uncommitted one): publishes them
   * from memory, each on its channel at once, then marks them published in one statement. Without:
   * claims and publishes every unpublished entry (the backstop's drain). A drain racing with a publish
   * from memory may send an entry twice: subscribers drop what they already have by sequence.
   */
  publish(entries?: readonly StreamEntry[]): Promise<void> {
    if (entries) return this.publishCommitted(entries);
    if (this.relayRunning) {
      this.relayAgain = true;
      return this.relayRunning;
    }
    this.relayRunning = this.drain().finally(() => {
      this.relayRunning = null;
      if (this.relayAgain && !this.stopped) {
        this.relayAgain = false;
        void this.publish();
      }
    });
    return this.relayRunning;
  }

  private publishCommitted(entries: readonly StreamEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    // Issued together, sent in order (one connection), before anything is awaited.
    const issuedAt = performance.now();
    const published = entries.map((entry) => this.publishLive(entry));
    const sent = this.markPublished(published, entries, issuedAt).finally(() => this.sending.delete(sent));
    this.sending.add(sent);
    return sent;
  }

  /**
   * After the publish, failed or not (`publishLive` logs, subscribers' polls find a lost one in the
   * log). A crash before the mark, or a failed mark, only makes the drain publish them again.
   * `published_at` is when the publish was issued (on the database's clock), as the outbox's is.
   */
  private async markPublished(
    published: Promise<void>[],
    entries: readonly StreamEntry[],
    issuedAt: number,
  ): Promise<void> {
    await Promise.all(published);
    const s = ident(this.schema);
    // Two array parameters however many entries (stream keys are word characters, `.`, `:` and `-`).
    const streams = `{${entries.map((entry) => `"${checkKey(entry.stream)}"`).join(',')}}`;
    const seqs = `{${entries.map((entry) => entry.seq).join(',')}}`;
    try {
      await this.database.db.execute(
        sql`update ${s}.mc_stream_log
            set published_at = now() - ${(performance.now() - issuedAt) / 1000}::float8 * interval '1 second'
            where (stream, seq) in (select * from unnest(${streams}::text[], ${seqs}::bigint[])) and published_at is null`,
      );
    } catch (error) {
      this.logger.error(
        { err: error, schema: this.schema },
        'marking stream entries failed; the relay sends them again',
      );
    }
  }

  /**
   * Claims unpublished entries (several instances may relay: `skip locked`) and publishes them. They
   * are marked first: a publish that is lost (crash, Redis down) is found by subscribers' polls.
   */
  private async drain(): Promise<void> {
    const s = ident(this.schema);
    try {
      for (;;) {
        const result = await this.database.db.execute(sql`
          update ${s}.mc_stream_log set published_at = now()
          where (stream, seq) in (
            select stream, seq from ${s}.mc_stream_log where published_at is null
            order by stream, seq limit ${PAGE_SIZE} for update skip locked
          )
          returning stream, seq, data, recorded_at`);
        const entries = rowsOf<Row>(result)
          .map((row) => toEntry(row))
          .sort((a, b) => (a.stream === b.stream ? a.seq - b.seq : a.stream < b.stream ? -1 : 1));
        // Issued together, sent in order (one connection); a dead bus costs one timeout per batch.
        await Promise.all(entries.map((entry) => this.publishLive(entry)));
        if (entries.length < PAGE_SIZE) return;
      }
    } catch (error) {
      this.logger.error({ err: error, schema: this.schema }, 'stream relay failed; will retry');
    }
  }

  private async publishLive(entry: StreamEntry): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), PUBLISH_TIMEOUT_MS);
    });
    // Settles either way, so a publish that loses the race cannot become an unhandled rejection.
    const published = this.bus.publish(this.topic(entry.stream), entry).then(
      () => 'published' as const,
      (error: unknown) => {
        this.logger.warn({ err: error, stream: entry.stream }, 'stream publish failed; subscribers poll');
        return 'failed' as const;
      },
    );
    try {
      const outcome = await Promise.race([published, timeout]);
      if (outcome === 'timeout')
        this.logger.warn({ stream: entry.stream }, 'stream publish timed out; subscribers poll');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last sequence of each stream (0 for a stream without entries): one statement per 1,000 keys. */
  async heads(streams: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>(streams.map((stream) => [stream, 0]));
    const unique = [...heads.keys()];
    const s = ident(this.schema);
    for (let start = 0; start < unique.length; start += HEADS_PER_STATEMENT) {
      const keys = sql.join(
        unique.slice(start, start + HEADS_PER_STATEMENT).map((stream) => sql`${stream}`),
        sql`, `,
      );
      const result = await this.database.db.execute(
        sql`select stream, seq from ${s}.mc_stream_heads where stream in (${keys})`,
      );
      for (const row of rowsOf<{ stream: string; seq: string | number }>(result))
        heads.set(row.stream, Number(row.seq));
    }
    return heads;
  }

  /** Entries of `stream` after `after`, oldest first. */
  async read<T>(stream: string, after: number, limit = PAGE_SIZE): Promise<StreamEntry<T>[]> {
    const s = ident(this.schema);
    const result = await this.database.db.execute(sql`
      select stream, seq, data, recorded_at from ${s}.mc_stream_log
      where stream = ${stream} and seq > ${after} order by seq limit ${limit}`);
    return rowsOf<Row>(result).map((row) => toEntry<T>(row));
  }

  /** Drops entries older than the retention, and beyond `maxPerStream` per stream; returns how many. */
  async prune(now = new Date()): Promise<number> {
    const s = ident(this.schema);
    const cutoff = new Date(now.getTime() - this.settings.retentionMs).toISOString();
    const byAge = await this.database.db.execute(
      sql`delete from ${s}.mc_stream_log where recorded_at < ${cutoff}::timestamptz`,
    );
    const byCount = await this.database.db.execute(sql`
      delete from ${s}.mc_stream_log l using ${s}.mc_stream_heads h
      where l.stream = h.stream and l.seq <= h.seq - ${this.settings.maxPerStream}`);
    const count = (result: unknown) => {
      const { rowCount, affectedRows } = result as { rowCount?: number | null; affectedRows?: number };
      return Number(rowCount ?? affectedRows ?? 0);
    };
    return count(byAge) + count(byCount);
  }

  /**
   * Follows `stream` from `after` (default: from now on). Listens first, then replays from the log,
   * then continues live, in order, each sequence once. `after` beyond the stream's head is
   * BAD_USER_INPUT.
   */
  async subscribe<T>(
    stream: string,
    options: { after?: number | null; bufferSize?: number } = {},
  ): Promise<StreamSubscription<T>> {
    const after = options.after ?? null;
    if (after !== null && (!Number.isSafeInteger(after) || after < 0)) {
      throw badInput('after must be a sequence number (0 or more)', 'after');
    }
    const subscriber = new Subscriber<T>(this, stream, options.bufferSize ?? this.settings.bufferSize);
    await this.join(subscriber);
    try {
      const head = (await this.heads([stream])).get(stream) ?? 0;
      if (after !== null && after > head) {
        throw badInput(`after (${after}) is beyond the stream's last sequence (${head})`, 'after');
      }
      subscriber.begin(after ?? head, head);
      return subscriber;
    } catch (error) {
      await subscriber.close();
      throw error;
    }
  }

  /**
   * Joins the stream's bus channel (one per key per process) and waits until it is live — at most
   * `JOIN_TIMEOUT_MS`: while the bus is away (Redis down) a reader starts anyway and is served by
   * the polls until the channel comes up.
   */
  private async join(subscriber: Subscriber<any>): Promise<void> {
    let channel = this.channels.get(subscriber.stream);
    if (!channel) {
      const subscribers = new Set<Subscriber<any>>();
      const ready = this.bus.subscribe(this.topic(subscriber.stream), (entry) => {
        for (const each of subscribers) each.onLive(entry);
      });
      // Without its channel a stream's readers still get everything, from the polls.
      ready.catch((error) => this.logger.warn({ err: error, stream: subscriber.stream }, 'stream channel failed'));
      channel = { subscribers, ready };
      this.channels.set(subscriber.stream, channel);
    }
    channel.subscribers.add(subscriber);
    this.metrics.readers.inc();
    this.ensurePolling();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      channel.ready.catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, JOIN_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  /** @internal */
  async leave(subscriber: Subscriber<any>): Promise<void> {
    const channel = this.channels.get(subscriber.stream);
    if (!channel?.subscribers.delete(subscriber)) return;
    this.metrics.readers.dec();
    if (channel.subscribers.size > 0) return;
    this.channels.delete(subscriber.stream);
    if (this.channels.size === 0 && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
    // Not awaited: a channel still waiting for the bus must not hold up the reader that leaves.
    channel.ready.then(
      (unsubscribe: Unsubscribe) =>
        unsubscribe().catch((error) =>
          this.logger.warn({ err: error, stream: subscriber.stream }, 'leaving a stream channel failed'),
        ),
      () => undefined,
    );
  }

  private ensurePolling() {
    if (this.pollTimer || this.stopped) return;
    this.pollTimer = setInterval(() => void this.pollHeads(), this.settings.pollMs);
    this.pollTimer.unref();
  }

  /** One statement for every followed stream: subscribers whose stream moved on read the log. */
  private async pollHeads(): Promise<void> {
    if (this.polling || this.channels.size === 0) return;
    this.polling = true;
    try {
      const heads = await this.heads([...this.channels.keys()]);
      for (const [stream, head] of heads) {
        for (const subscriber of this.channels.get(stream)?.subscribers ?? []) subscriber.onHead(head);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'polling stream heads failed');
    } finally {
      this.polling = false;
    }
  }
}

interface Channel {
  subscribers: Set<Subscriber<any>>;
  ready: Promise<Unsubscribe>;
}
