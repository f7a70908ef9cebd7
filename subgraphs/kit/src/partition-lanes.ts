/**
 * A consumer's handling of events as they are read: in order within a partition (e.g. a chat
 * session), up to `concurrency` handlers of different partitions at once, and new events taken while
 * others are still being handled — an event never waits for a slow handler of another partition, not
 * even one read before it (a read-a-batch-then-handle-it loop makes the next read wait for the batch).
 * At most `readAhead` events are held (running or queued behind their partition) before `room()` waits.
 */
export class PartitionLanes<T> {
  private readonly partitionOf: (item: T) => string;
  private readonly concurrency: number;
  private readonly readAhead: number;
  private readonly handle: (item: T) => Promise<void>;
  /** Per partition, the end of its last accepted item's handling. */
  private readonly tails = new Map<string, Promise<void>>();
  private held = 0;
  private running = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(options: {
    partitionOf: (item: T) => string;
    concurrency: number;
    readAhead: number;
    /** Should not throw (the lane goes on either way); a throw is the handler's own to report. */
    handle: (item: T) => Promise<void>;
  }) {
    this.partitionOf = options.partitionOf;
    this.concurrency = Math.max(1, options.concurrency);
    this.readAhead = Math.max(1, options.readAhead);
    this.handle = options.handle;
  }

  /** How many more items may be accepted now. */
  get free(): number {
    return this.readAhead - this.held;
  }

  /** Resolves once at least one more item may be accepted. */
  room(): Promise<void> {
    if (this.free > 0) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves once every accepted item was handled. */
  idle(): Promise<void> {
    if (this.held === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes an item: it runs after its partition's earlier items, when a handler slot is free. */
  add(item: T): void {
    const key = this.partitionOf(item);
    this.held += 1;
    const tail = (this.tails.get(key) ?? Promise.resolve()).then(() => this.run(item));
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.held -= 1;
      this.roomWaiters.shift()?.();
      if (this.held === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async run(item: T): Promise<void> {
    // A finished handler hands its slot straight to the next waiting one (never over `concurrency`).
    if (this.running < this.concurrency) this.running += 1;
    else await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    try {
      await this.handle(item);
    } catch {
      // The handler reports its own failures (retries, dead letters); the lane goes on.
    } finally {
      const next = this.slotWaiters.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
