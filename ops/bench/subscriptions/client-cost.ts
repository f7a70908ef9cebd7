/**
 * What a benchmark client costs per received message, by WebSocket implementation:
 *
 *   node ops/bench/subscriptions/client-cost.ts [--clients=5000] [--events=40] [--interval=50]
 *     [--kinds=net,ws,websocket] [--profile=<dir>] [--out=<dir>]
 *
 * A `ws` server process sends `next` messages (the benchmark's shape, each client its own id) to every
 * client, one event every `--interval` ms; the clients run in a process of their own, as in the
 * benchmark's generators (2 MiB young generation), one implementation at a time, and the CPU time of
 * that process over the events (GC included) is divided by the messages it received:
 * - `net`: the benchmark's client (`clients.ts` on `ws-connection.ts`);
 * - `ws`: the `ws` package's client, its `message` event with a Buffer, checked as bytes;
 * - `websocket`: Node's built-in WebSocket (undici), a string per message (the previous client).
 * Each counts a `next` for its id by its first bytes and checks it for `"errors"`, as the benchmark does.
 * The results go to `ops/bench/results/subscription-clients.{md,json}` (or `--out`), which the
 * subscriptions report quotes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, WebSocket as WsWebSocket } from 'ws';
import { gitCommit } from '../processes.ts';
import { BenchClient, connectAll, ERRORS, startsWith } from './clients.ts';
import { type ClientCostReport, renderClientCost } from './report.ts';

const KINDS = ['net', 'ws', 'websocket'] as const;
type Kind = (typeof KINDS)[number];
const SUBSCRIPTION = 'subscription { noteAdded(channel: "c") { text author { name } } }';

type Request =
  | { op: 'connect'; url: string; kind: Kind; clients: number }
  | { op: 'start' }
  | { op: 'counts' }
  | { op: 'events'; events: number; intervalMs: number };

/** Serves graphql-transport-ws just enough: acks, records each subscription id, sends events on request. */
async function serve(): Promise<void> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'graphql-transport-ws' });
  await new Promise((ready) => server.once('listening', ready));
  const subscriptions: { socket: WsWebSocket; id: string }[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'subscribe' && message.id) subscriptions.push({ socket, id: message.id });
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
    });
  });
  const sendEvents = async (events: number, intervalMs: number) => {
    for (let event = 0; event < events; event++) {
      const payload = `"payload":{"data":{"noteAdded":{"text":"${Date.now()}.123","author":{"name":"Ada Lovelace"}}}}}`;
      for (const { socket, id } of subscriptions) socket.send(`{"id":"${id}","type":"next",${payload}`);
      await new Promise((done) => setTimeout(done, intervalMs));
    }
  };
  process.on('message', (message: { id: number; request: Request }) => {
    const { request } = message;
    if (request.op === 'events') {
      void sendEvents(request.events, request.intervalMs).then(() => process.send?.({ id: message.id, result: null }));
    } else {
      process.send?.({ id: message.id, result: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/** A counter of `next`s over some client; the handshake is the graphql-transport-ws one. */
interface Counter {
  received: number;
  errors: number;
}

function wsClient(url: string): Promise<Counter> {
  const counter: Counter = { received: 0, errors: 0 };
  const id = randomUUID();
  const prefix = Buffer.from(`{"id":"${id}","type":"next"`);
  const socket = new WsWebSocket(url, 'graphql-transport-ws');
  return new Promise((ready, fail) => {
    socket.once('error', fail);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data: Buffer) => {
      if (startsWith(data, prefix)) {
        counter.received += 1;
        if (data.indexOf(ERRORS, prefix.length) >= 0) counter.errors += 1;
        return;
      }
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: SUBSCRIPTION } }));
        ready(counter);
      } else if (message.type === 'ping') socket.send('{"type":"pong"}');
    });
  });
}

function webSocketClient(url: string): Promise<Counter> {
  const counter: Counter = { received: 0, errors: 0 };
  const id = randomUUID();
  const prefix = `{"id":"${id}","type":"next"`;
  const socket = new WebSocket(url, 'graphql-transport-ws');
  return new Promise((ready, fail) => {
    socket.addEventListener('error', () => fail(new Error('WebSocket error')), { once: true });
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })), {
      once: true,
    });
    socket.addEventListener('message', (event) => {
      const text = String(event.data);
      if (text.startsWith(prefix)) {
        counter.received += 1;
        if (text.includes('"errors"')) counter.errors += 1;
        return;
      }
      const message = JSON.parse(text) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: SUBSCRIPTION } }));
        ready(counter);
      } else if (message.type === 'ping') socket.send('{"type":"pong"}');
    });
  });
}

/** Runs clients of one kind and answers the parent: connect, start (CPU baseline), counts (with CPU since start). */
function runClients(): void {
  let counters: Counter[] = [];
  let cpuStart = process.cpuUsage();
  const handle = async (request: Request): Promise<unknown> => {
    if (request.op === 'connect') {
      const { url, kind } = request;
      counters = await connectAll(request.clients, async () => {
        if (kind === 'ws') return wsClient(url);
        if (kind === 'websocket') return webSocketClient(url);
        const client = new BenchClient(false);
        await client.start(url, {}, SUBSCRIPTION, {});
        return client;
      });
      // As the generators do before the events: what connecting left behind is not collected during them.
      (globalThis as { gc?: () => void }).gc?.();
      return counters.length;
    }
    if (request.op === 'start') {
      cpuStart = process.cpuUsage();
      return null;
    }
    const cpu = process.cpuUsage(cpuStart);
    return {
      received: counters.reduce((sum, counter) => sum + counter.received, 0),
      errors: counters.reduce((sum, counter) => sum + counter.errors, 0),
      cpuMicros: cpu.user + cpu.system,
      systemMicros: cpu.system,
    };
  };
  process.on('message', (message: { id: number; request: Request }) => {
    void handle(message.request).then((result) => process.send?.({ id: message.id, result }));
  });
  process.on('disconnect', () => process.exit(0));
}

function child(
  role: string,
  execArgv: string[] = [],
): { process: ChildProcess; ask: (request: Request) => Promise<any> } {
  const script = fileURLToPath(import.meta.url);
  const forked = fork(script, [role], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  forked.on('message', (message: { id: number; result: unknown }) => {
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  return {
    process: forked,
    ask: (request) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        forked.send({ id, request });
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '5000' },
      events: { type: 'string', default: '40' },
      interval: { type: 'string', default: '50' },
      kinds: { type: 'string', default: KINDS.join(',') },
      // A CPU profile of each client process, written to this directory.
      profile: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const out = resolve(values.out ?? fileURLToPath(new URL('../results', import.meta.url)));
  const clients = Number(values.clients);
  const events = Number(values.events);
  const intervalMs = Number(values.interval);
  const kinds = String(values.kinds).split(',') as Kind[];
  const report: ClientCostReport = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    command: `node ops/bench/subscriptions/client-cost.ts ${process.argv.slice(2).join(' ')}`.trim(),
    cpu: cpus()[0]?.model ?? 'unknown',
    clients,
    events,
    results: [],
  };
  for (const kind of kinds) {
    // A fresh server and client process per kind: nothing one left behind burdens the next.
    const server = child('server');
    const url = (await server.ask({ op: 'start' })) as string;
    const profile = values.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`, `--cpu-prof-name=${kind}.cpuprofile`]
      : [];
    const load = child('clients', ['--expose-gc', '--max-semi-space-size=2', ...profile]);
    await load.ask({ op: 'connect', url, kind, clients });
    await load.ask({ op: 'start' });
    const start = performance.now();
    await server.ask({ op: 'events', events, intervalMs });
    let counts = await load.ask({ op: 'counts' });
    while (counts.received < clients * events && performance.now() - start < 60_000 + events * intervalMs) {
      await new Promise((done) => setTimeout(done, 100));
      counts = await load.ask({ op: 'counts' });
    }
    const result = {
      kind,
      received: counts.received,
      errors: counts.errors,
      microsPerMessage: Math.round((counts.cpuMicros / counts.received) * 100) / 100,
      kernelMicrosPerMessage: Math.round((counts.systemMicros / counts.received) * 100) / 100,
    };
    report.results.push(result);
    console.log(
      `${kind.padEnd(9)} ${clients} clients × ${events} events: ${counts.received} received, ${counts.errors} errors, ` +
        `${(counts.cpuMicros / 1000).toFixed(0)} ms CPU, ${result.microsPerMessage} µs per message ` +
        `(${result.kernelMicrosPerMessage} of it in the kernel)`,
    );
    // Disconnecting lets the client process exit by itself (and write its profile).
    await new Promise((exited) => {
      load.process.once('exit', exited);
      load.process.disconnect();
    });
    server.process.kill();
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'subscription-clients.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'subscription-clients.md'), renderClientCost(report));
  console.log(`wrote ${join(out, 'subscription-clients.md')} and subscription-clients.json`);
}

const role = process.argv[2];
if (role === 'server') await serve();
else if (role === 'clients') runClients();
else await main();
