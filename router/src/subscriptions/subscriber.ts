/**
 * One client's subscription. Results are serialized once per event (shared by every subscriber of
 * the stream, `next-frames.ts`) and written straight to the client's socket as graphql-ws `next`
 * messages, so a thousand subscribers of one stream cost one `JSON.stringify`, not a thousand.
 * graphql-ws still owns the operation: it consumes this object as the subscription's async iterator,
 * which yields nothing and settles when the subscription ends — done (graphql-ws sends `complete`)
 * or with the terminal error (graphql-ws sends `error`).
 *
 * A client may have about `maxBuffered` results waiting in its socket (counted in bytes: that many
 * times the size of the result at hand); one that falls further behind is told (`SLOW_CONSUMER`)
 * and its subscription ends: nothing is dropped silently.
 */
import { type ExecutionResult, GraphQLError } from 'graphql';
import { type NextOutput, serializeResult } from './next-frames.ts';
import type { StreamListener } from './shared-stream.ts';

export class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  private readonly maxBuffered: number;
  private readonly output: NextOutput;
  private outcome: { error: GraphQLError | null } | null = null;
  private settle: (() => void) | null = null;
  private readonly cleanups: (() => void)[] = [];

  /** What the shared stream pushes into. */
  readonly listener: StreamListener = {
    next: (result) => this.deliver(result),
    fail: (errors) => this.finish(errors[0] ?? new GraphQLError('Subscription failed')),
    end: () => this.finish(null),
  };

  constructor(maxBuffered: number, output: NextOutput) {
    this.maxBuffered = maxBuffered;
    this.output = output;
  }

  /** Runs when the subscription ends, from either side (detach from the stream, release caps). */
  onEnd(cleanup: () => void): void {
    if (this.outcome) cleanup();
    else this.cleanups.push(cleanup);
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.outcome) await new Promise<void>((resolve) => (this.settle = resolve));
    const error = this.outcome?.error;
    if (error) {
      // Reported once; afterwards the iterator is simply done.
      this.outcome = { error: null };
      throw error;
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.finish(null);
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.finish(null);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private deliver(result: ExecutionResult): void {
    if (this.outcome) return;
    const payload = serializeResult(result);
    if (this.output.buffered >= this.maxBuffered * payload.length) {
      this.finish(
        new GraphQLError('The client fell behind; subscribe again (with your resume cursor)', {
          extensions: { code: 'SLOW_CONSUMER' },
        }),
      );
      return;
    }
    this.output.next(payload);
  }

  private finish(error: GraphQLError | null): void {
    if (this.outcome) return;
    this.outcome = { error };
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.settle?.();
    this.settle = null;
  }
}
