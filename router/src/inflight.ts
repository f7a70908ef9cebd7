/**
 * Shares one in-flight call among identical concurrent callers: a burst of the same subgraph
 * query under the same signed identity goes out once. Each caller gets its own copy of the answer,
 * because the gateway merges fetched data into its result tree in place.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();
  private readonly copy: (value: T) => T;

  constructor(copy: (value: T) => T = structuredClone) {
    this.copy = copy;
  }

  /** Number of calls currently shared (for tests and metrics). */
  get size(): number {
    return this.pending.size;
  }

  async run(key: string, call: () => Promise<T>): Promise<T> {
    let promise = this.pending.get(key);
    if (!promise) {
      promise = call().finally(() => this.pending.delete(key));
      this.pending.set(key, promise);
    }
    return this.copy(await promise);
  }
}
