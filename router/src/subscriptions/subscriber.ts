/**
 * One client's subscription. Results are serialized once per event (shared by every subscriber of
 * the stream) and written straight to the client's socket as graphql-ws `next` messages, so a
 * thousand subscribers of one stream cost one `JSON.stringify`, not a thousand. graphql-ws still
 * owns the operation: it consumes this object as the subscription's async iterator, which yields
 * nothing and settles when the subscription ends — done (graphql-ws sends `complete`) or with the
 * terminal error (graphql-ws sends `error`).
 *
 * At most `maxBuffered` results may be waiting in the socket's send buffer; a client that falls
 * further behind is told (`SLOW_CONSUMER`) and its subscription ends: nothing is dropped silently.
 */
import { type ExecutionResult, GraphQLError } from 'graphql';
import type { StreamListener } from './shared-stream.ts';

/** Writes one serialized `next` payload; calls `written` once it left (or failed to leave) the process. */
export type SubscriberWrite = (payload: string, written: () => void) => void;

const serialized = new WeakMap<ExecutionResult, string>();

/** The `next` payload of a result as JSON, computed once per result whoever asks. */
export function serializeResult(result: ExecutionResult): string {
  let json = serialized.get(result);
  if (json === undefined) {
    json = JSON.stringify(
      result.errors ? { ...result, errors: result.errors.map((error) => error.toJSON()) } : { data: result.data },
    );
    serialized.set(result, json);
  }
  return json;
}

export class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  private readonly maxBuffered: number;
  private readonly write: SubscriberWrite;
  private inFlight = 0;
  private outcome: { error: GraphQLError | null } | null = null;
  private settle: (() => void) | null = null;
  private readonly cleanups: (() => void)[] = [];

  /** What the shared stream pushes into. */
  readonly listener: StreamListener = {
    next: (result) => this.deliver(result),
    fail: (errors) => this.finish(errors[0] ?? new GraphQLError('Subscription failed')),
    end: () => this.finish(null),
  };

  constructor(maxBuffered: number, write: SubscriberWrite) {
    this.maxBuffered = maxBuffered;
    this.write = write;
  }

  /** Runs when the subscription ends, from either side (detach from the stream, release caps). */
  onEnd(cleanup: () => void): void {
    if (this.outcome) cleanup();
    else this.cleanups.push(cleanup);
  }

  /** Results written to the socket and not yet flushed (for tests and metrics). */
  get buffered(): number {
    return this.inFlight;
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
    if (this.inFlight >= this.maxBuffered) {
      this.finish(
        new GraphQLError('The client fell behind; subscribe again (with your resume cursor)', {
          extensions: { code: 'SLOW_CONSUMER' },
        }),
      );
      return;
    }
    this.inFlight += 1;
    this.write(serializeResult(result), () => {
      this.inFlight -= 1;
    });
  }

  private finish(error: GraphQLError | null): void {
    if (this.outcome) return;
    this.outcome = { error };
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.settle?.();
    this.settle = null;
  }
}
