/**
 * One upstream stream shared by every identical subscription (same document, operation, variables
 * and identity scope): each event is completed once (`rest`) and the same result goes to every
 * subscriber, in upstream order. The upstream opens with the first subscriber and closes when the
 * last one leaves; a failed or completed upstream ends every subscriber. Fan-out yields to the event
 * loop every `FANOUT_BATCH` subscribers, so an event for 10,000 clients does not hold the loop (pings,
 * other streams, new subscriptions) for the whole of its writes.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type ExecutionResult, GraphQLError } from 'graphql';
import type { UpstreamEvent } from '../plan-executor.ts';
import type { UpstreamSink } from './upstream.ts';

/** Subscribers written to before the fan-out lets the event loop run (≈ 2–5 ms of socket writes). */
export const FANOUT_BATCH = 256;

export interface StreamListener {
  next(result: ExecutionResult): void;
  fail(errors: readonly GraphQLError[]): void;
  end(): void;
}

export interface SharedStreamOptions {
  /** Opens the upstream; returns the function that closes it. */
  open(sink: UpstreamSink): () => void;
  /** Completes one event into the client's result (the `rest` of the plan). */
  complete(event: UpstreamEvent): Promise<ExecutionResult>;
  /** Called once when the stream is over (last listener left, or upstream ended). */
  onClosed(): void;
  /** Events completed but not yet delivered before the stream gives up (upstream far too fast). */
  maxPending?: number;
  /**
   * The upstream replays missed events when it opens (a resume cursor): listeners can join only
   * until the first event, or they would miss what went out before them.
   */
  replays?: boolean;
}

export class SharedStream {
  private readonly options: SharedStreamOptions;
  private readonly listeners = new Set<StreamListener>();
  private closeUpstream: (() => void) | null = null;
  /** Delivery stays in upstream order while events are completed concurrently. */
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private started = false;
  private closed = false;

  constructor(options: SharedStreamOptions) {
    this.options = options;
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Whether a new listener would get every event this stream is yet to deliver, as if it opened it. */
  get joinable(): boolean {
    return !this.closed && !(this.options.replays && this.started);
  }

  /** Adds a listener (opening the upstream for the first one); returns how to remove it. */
  add(listener: StreamListener): () => void {
    if (this.closed) throw new Error('the stream is closed');
    this.listeners.add(listener);
    if (!this.closeUpstream) {
      this.closeUpstream = this.options.open({
        next: (event) => this.onEvent(event),
        error: (failure) => this.finish((listener) => listener.fail(failure.errors)),
        complete: () => this.finish((listener) => listener.end()),
      });
    }
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.close();
    };
  }

  private onEvent(event: UpstreamEvent): void {
    if (this.closed) return;
    this.started = true;
    if (this.pending >= (this.options.maxPending ?? 1000)) {
      this.close();
      const failure = overloaded();
      for (const listener of this.drain()) listener.fail(failure);
      return;
    }
    this.pending += 1;
    const completed = this.options
      .complete(event)
      .catch((): ExecutionResult => ({ data: null, errors: [internalError()] }));
    this.tail = this.tail.then(async () => {
      const result = await completed;
      this.pending -= 1;
      if (!this.closed) await this.fanOut(result);
    });
  }

  /** Every listener gets the result; the next event waits until this one reached them all. */
  private async fanOut(result: ExecutionResult): Promise<void> {
    let written = 0;
    // A Set iterator survives changes: listeners that leave meanwhile are skipped.
    for (const listener of this.listeners) {
      listener.next(result);
      written += 1;
      if (written % FANOUT_BATCH === 0) {
        await nextTurn();
        if (this.closed) return;
      }
    }
  }

  /** Upstream ended: deliver what is still being completed, then end every listener. */
  private finish(end: (listener: StreamListener) => void): void {
    if (this.closed) return;
    this.closeUpstream = () => {};
    this.tail = this.tail.then(() => {
      if (this.closed) return;
      const listeners = this.drain();
      this.close();
      for (const listener of listeners) end(listener);
    });
  }

  private drain(): StreamListener[] {
    const listeners = [...this.listeners];
    this.listeners.clear();
    return listeners;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeUpstream?.();
    this.options.onClosed();
  }
}

function overloaded(): GraphQLError[] {
  return [
    errorWith('The stream fell too far behind its source; subscribe again (with your resume cursor)', 'SLOW_CONSUMER'),
  ];
}

function internalError(): GraphQLError {
  return errorWith('Internal server error', 'INTERNAL_SERVER_ERROR');
}

function errorWith(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
