/**
 * Shares one in-flight call among identical concurrent callers: a burst of the same subgraph
 * query under the same signed identity goes out once. Each caller gets its own copy of the answer,
 * because the gateway merges fetched data into its result tree in place; the copies are all made
 * when the answer arrives, before any caller runs, so one caller can keep the original: a call
 * nobody else joined (every call, when requests differ) is never copied.
 */
interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export class InFlight<T> {
  private readonly pending = new Map<string, Waiter<T>[]>();
  private readonly copy: (value: T) => T;

  constructor(copy: (value: T) => T = structuredClone) {
    this.copy = copy;
  }

  /** Number of calls currently shared (for tests and metrics). */
  get size(): number {
    return this.pending.size;
  }

  run(key: string, call: () => Promise<T>): Promise<T> {
    let waiters = this.pending.get(key);
    if (!waiters) {
      const joined: Waiter<T>[] = [];
      waiters = joined;
      this.pending.set(key, joined);
      call().then(
        (value) => {
          this.pending.delete(key);
          const copies = joined.slice(1).map(() => this.copy(value));
          joined[0].resolve(value);
          for (const [index, copy] of copies.entries()) joined[index + 1].resolve(copy);
        },
        (error: unknown) => {
          this.pending.delete(key);
          for (const waiter of joined) waiter.reject(error);
        },
      );
    }
    const list = waiters;
    return new Promise<T>((resolve, reject) => list.push({ resolve, reject }));
  }
}
