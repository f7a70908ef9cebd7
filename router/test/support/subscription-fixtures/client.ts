/** A graphql-ws client for tests: collects what a subscription delivers and waits for it. */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Collected {
  results: { data?: any; errors?: { message: string; path?: unknown; extensions?: Record<string, any> }[] }[];
  error: unknown;
  completed: boolean;
  /** Resolves when `count` results arrived (fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Collected['results']>;
  /** Resolves when the subscription ended with an error or completion. */
  ended(timeoutMs?: number): Promise<void>;
  unsubscribe(): void;
}

export interface TestSocket {
  client: Client;
  /** Close code and reason once the socket closed. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe(query: string, variables?: Record<string, unknown>): Collected;
  dispose(): Promise<void>;
}

export function connect(
  url: string,
  connectionParams: Record<string, unknown> = {},
  options: { origin?: string } = {},
): TestSocket {
  let onClosed: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClosed = resolve;
  });
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, options.origin ? { origin: options.origin } : {});
      }
    },
    connectionParams,
    lazy: false,
    // Close events are asserted through `closed`; don't print them.
    onNonLazyError: () => {},
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closed,
    subscribe(query, variables = {}) {
      return collect(client, query, variables);
    },
    async dispose() {
      await client.dispose();
    },
  };
}

function collect(client: Client, query: string, variables: Record<string, unknown>): Collected {
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const collected: Collected = {
    results: [],
    error: undefined,
    completed: false,
    waitFor: (count, timeoutMs = 15_000) =>
      until(
        () => collected.results.length >= count,
        () => `${collected.results.length} of ${count} results: ${JSON.stringify(collected)}`,
        timeoutMs,
      ).then(() => collected.results),
    ended: (timeoutMs = 15_000) =>
      until(
        () => collected.completed || collected.error !== undefined,
        () => 'subscription still open',
        timeoutMs,
      ),
    unsubscribe: () => unsubscribe(),
  };
  const until = (done: () => boolean, describe: () => string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out: ${describe()}`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        collected.results.push(result as Collected['results'][number]);
        notify();
      },
      error: (error) => {
        collected.error = error;
        notify();
      },
      complete: () => {
        collected.completed = true;
        notify();
      },
    },
  );
  return collected;
}

/** Polls `read` until `accept` holds (or fails with the last value). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
