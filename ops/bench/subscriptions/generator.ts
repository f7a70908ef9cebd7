/**
 * One load-generator process of the subscription benchmark (forked by `generators.ts`): it owns a
 * share of the clients and probes, and answers the parent's requests over IPC — connect, counts,
 * reset, collect, close — or it is the publisher (`publish`: notes at a fixed rate, each carrying its
 * send time). It imports nothing but the clients, so its heap holds little besides its sockets and its
 * garbage collections stay short (see the results file, "what is measured").
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchClient, connectAll, timestampText } from './clients.ts';
import { type GcPause, recordGcPauses } from './gc-pauses.ts';

export interface ClientSpec {
  probe: boolean;
  params: Record<string, string>;
}

export type GeneratorRequest =
  | { op: 'connect'; url: string; query: string; variables: object; clients: ClientSpec[] }
  | { op: 'counts' }
  | { op: 'reset' }
  | { op: 'collect'; gcSince: number }
  | { op: 'close' }
  | { op: 'publish'; publish: PublishRequest };

/** `events` notes, one every `intervalMs`, posted to `url` as `query` with `{channel, text: send time}`. */
export interface PublishRequest {
  url: string;
  headers: Record<string, string>;
  query: string;
  channel: string;
  events: number;
  intervalMs: number;
}

async function publish(request: PublishRequest): Promise<void> {
  const post = async () => {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify({ query: request.query, variables: { channel: request.channel, text: timestampText() } }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (!response.ok || body.errors) throw new Error(`publish failed: ${JSON.stringify(body)}`);
  };
  const start = performance.now();
  const posts: Promise<void>[] = [];
  for (let index = 0; index < request.events; index++) {
    const wait = start + index * request.intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    posts.push(post());
  }
  await Promise.all(posts);
}

export interface GeneratorCounts {
  received: number;
  errors: number;
  /** Clients that have received nothing since the last reset. */
  silent: number;
}

export interface GeneratorCollection extends GeneratorCounts {
  probes: number;
  /** Probe deliveries: latency (ms) and the publish time the note carried, index by index. */
  latencies: number[];
  sentAts: number[];
  /** Sockets the client did not close, by close code. */
  closes: Record<string, number>;
  /** Up to 5 distinct first errors of clients (with their operation ids, so nearly all distinct). */
  errorSamples: string[];
  /** With `--record-gc`: this process's garbage collection pauses since `gcSince`. */
  gcPauses: GcPause[];
}

let clients: BenchClient[] = [];
const name = process.argv.at(-1) === 'publisher' ? 'publisher' : `generator ${process.argv.at(-1)}`;
const gc = process.argv.includes('--record-gc') ? recordGcPauses(name) : null;

function counts(): GeneratorCounts {
  let received = 0;
  let errors = 0;
  let silent = 0;
  for (const client of clients) {
    received += client.received;
    errors += client.errors;
    if (client.received === 0) silent += 1;
  }
  return { received, errors, silent };
}

async function handle(request: GeneratorRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect': {
      const specs = request.clients;
      const connected = await connectAll(specs.length, async (index) => {
        const client = new BenchClient(specs[index].probe);
        await client.start(request.url, specs[index].params, request.query, request.variables);
        return client;
      });
      clients.push(...connected);
      return connected.length;
    }
    case 'counts':
      return counts();
    case 'reset':
      for (const client of clients) {
        client.latencies.length = 0;
        client.sentAts.length = 0;
        client.received = 0;
        client.errors = 0;
        client.errorSample = null;
      }
      // A full collection before the events (the bench runs this process with --expose-gc): what the
      // connections left behind is not collected in the middle of the measurement.
      (globalThis as { gc?: () => void }).gc?.();
      return null;
    case 'collect': {
      const closes: Record<string, number> = {};
      for (const client of clients) {
        if (client.closedWith !== null) closes[client.closedWith] = (closes[client.closedWith] ?? 0) + 1;
      }
      const probes = clients.filter((client) => client.isProbe);
      return {
        ...counts(),
        probes: probes.length,
        latencies: probes.flatMap((client) => client.latencies),
        sentAts: probes.flatMap((client) => client.sentAts),
        closes,
        errorSamples: [...new Set(clients.flatMap((client) => (client.errorSample ? [client.errorSample] : [])))].slice(
          0,
          5,
        ),
        gcPauses: gc?.since(request.gcSince) ?? [],
      } satisfies GeneratorCollection;
    }
    case 'close':
      for (const client of clients) client.close();
      clients = [];
      return null;
    case 'publish':
      await publish(request.publish);
      return null;
  }
}

process.on('message', (message: { id: number; request: GeneratorRequest }) => {
  handle(message.request).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String((error as Error)?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
