/**
 * One client's subscription as the async iterator graphql-ws consumes: results pushed by the shared
 * stream wait in a bounded buffer. A client that falls behind is told (`SLOW_CONSUMER`) and its
 * subscription ends; events are never dropped silently. Ending it, from either side, detaches it
 * from the stream and releases its caps once.
 */
import { type ExecutionResult, GraphQLError } from 'graphql';
import type { StreamListener } from './shared-stream.ts';

type Item = { kind: 'result'; result: ExecutionResult } | { kind: 'error'; error: GraphQLError } | { kind: 'end' };

export class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: Item[] = [];
  private readonly maxBuffered: number;
  private waiting: ((item: Item) => void) | null = null;
  private finished = false;
  private readonly cleanups: (() => void)[] = [];

  /** What the shared stream pushes into. */
  readonly listener: StreamListener = {
    next: (result) => this.push({ kind: 'result', result }),
    fail: (errors) => this.push({ kind: 'error', error: errors[0] ?? new GraphQLError('Subscription failed') }),
    end: () => this.push({ kind: 'end' }),
  };

  constructor(maxBuffered: number) {
    this.maxBuffered = maxBuffered;
  }

  /** Runs when the subscription ends (detach from the stream, release caps). */
  onEnd(cleanup: () => void): void {
    if (this.finished) cleanup();
    else this.cleanups.push(cleanup);
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const item = this.queue.shift() ?? (this.finished ? { kind: 'end' as const } : await this.wait());
    if (item.kind === 'result') return { value: item.result, done: false };
    this.end();
    if (item.kind === 'error') throw item.error;
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.end();
    this.queue.length = 0;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ kind: 'end' });
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private wait(): Promise<Item> {
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private push(item: Item): void {
    if (this.finished) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting(item);
    } else if (item.kind === 'result' && this.queue.length >= this.maxBuffered) {
      this.queue.length = 0;
      this.queue.push({
        kind: 'error',
        error: new GraphQLError('The client fell behind; subscribe again (with your resume cursor)', {
          extensions: { code: 'SLOW_CONSUMER' },
        }),
      });
      // Stop receiving: nothing after the error may be delivered.
      this.runCleanups();
      return;
    } else {
      this.queue.push(item);
    }
    if (item.kind !== 'result') this.runCleanups();
  }

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    this.runCleanups();
  }

  private runCleanups(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
