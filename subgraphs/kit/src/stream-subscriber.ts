/**
 * One follower of one stream (`StreamLog.subscribe`): a pull-based iterator over replayed, gap-filled and
 * live entries, with a bounded buffer — a reader that falls behind it gets one `resync` item and ends.
 */
import type { ResyncRequired, StreamEntry, StreamItem, StreamLog, StreamSubscription } from './stream-log.ts';

/** One follower of one stream: a pull-based iterator over replayed, gap-filled and live entries. */
export class Subscriber<T> implements StreamSubscription<T> {
  readonly stream: string;
  private readonly log: StreamLog;
  private readonly bufferSize: number;
  private position = 0;
  /** The highest sequence known to exist (from the bus or a poll). */
  private known = 0;
  private started = false;
  private live: StreamEntry<T>[] = [];
  private page: StreamEntry<T>[] = [];
  private overflowed = false;
  private done = false;
  private wake: (() => void) | null = null;

  constructor(log: StreamLog, stream: string, bufferSize: number) {
    this.log = log;
    this.stream = stream;
    this.bufferSize = Math.max(1, bufferSize);
  }

  get last(): number {
    return this.position;
  }

  begin(after: number, head: number) {
    this.position = after;
    this.known = Math.max(this.known, head);
    this.live = this.live.filter((entry) => entry.seq > after);
    this.started = true;
    this.notify();
  }

  onLive(entry: StreamEntry<T>) {
    if (this.done || this.overflowed) return;
    if (this.started && entry.seq <= this.position) return;
    if (entry.seq > this.known) this.known = entry.seq;
    if (this.live.length >= this.bufferSize) {
      // The consumer is too slow: free the buffer, tell it to resync at its next pull.
      this.overflowed = true;
      this.live = [];
      this.page = [];
    } else if (this.live.length === 0 || this.live[this.live.length - 1].seq < entry.seq) {
      this.live.push(entry);
    } else if (!this.live.some((queued) => queued.seq === entry.seq)) {
      this.live.push(entry);
      this.live.sort((a, b) => a.seq - b.seq);
    }
    this.notify();
  }

  onHead(head: number) {
    if (head > this.known) {
      this.known = head;
      this.notify();
    }
  }

  private notify() {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async next(): Promise<IteratorResult<StreamItem<T>>> {
    for (;;) {
      if (this.done) return { value: undefined, done: true };
      if (this.overflowed) return this.resync('overflow');
      const replayed = this.page.shift();
      if (replayed) {
        if (replayed.seq !== this.position + 1) continue;
        return this.deliver(replayed);
      }
      while (this.live.length > 0 && this.live[0].seq <= this.position) this.live.shift();
      if (this.live[0]?.seq === this.position + 1) return this.deliver(this.live.shift() as StreamEntry<T>);
      if (this.known > this.position) {
        // Something between what was delivered and what is known to exist: read it from the log.
        this.log.metrics.logReads.inc();
        const rows = await this.log.read<T>(this.stream, this.position);
        if (this.done) continue;
        if (rows[0]?.seq !== this.position + 1) return this.resync('retention');
        this.page = rows;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private deliver(entry: StreamEntry<T>): IteratorResult<StreamItem<T>> {
    this.position = entry.seq;
    if (entry.seq > this.known) this.known = entry.seq;
    return { value: { kind: 'entry', ...entry }, done: false };
  }

  private async resync(reason: ResyncRequired['reason']): Promise<IteratorResult<StreamItem<T>>> {
    const after = this.position;
    this.log.metrics.resyncs.inc({ reason });
    await this.close();
    return { value: { kind: 'resync', after, reason }, done: false };
  }

  async return(): Promise<IteratorResult<StreamItem<T>>> {
    await this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<StreamItem<T>>> {
    await this.close();
    throw error;
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.live = [];
    this.page = [];
    this.notify();
    await this.log.leave(this);
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
