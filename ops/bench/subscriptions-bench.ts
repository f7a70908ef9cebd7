/**
 * Subscription fan-out benchmark (`pnpm bench:subscriptions`): the production router process over the
 * real identity subgraph and the `feed`/`people` test subgraphs (`router/test/support/
 * subscription-fixtures/`) on a fresh PostgreSQL database and Redis. Thousands of graphql-ws clients
 * subscribe to `noteAdded { text author { name } }` — the primary fetch on `feed`, the author's name
 * from `people` for every event — and a publisher posts notes to `feed` at a fixed rate. Measured:
 * event latency (publish → delivered to a client) p50/p99 over every delivery, router CPU, and router
 * memory per idle subscriber (RSS growth while the subscribers are connected and waiting).
 *
 * Scenarios: `shared` — every client is the same user, so they share one upstream stream and one
 * completion per event (the router's design case: a dashboard on many screens); `distinct` — every
 * client is a different H5 user, so each has its own upstream and completion.
 *
 *   node ops/bench/subscriptions-bench.ts [--subscribers=1000,10000] [--rate=20] [--seconds=10]
 *                                         [--distinct=200] [--distinct-rate=5]
 * Writes `ops/bench/results/subscriptions.md` and `subscriptions.json`.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signIdentity } from '@mc/kit';
import pg from 'pg';
import { composeFixtureSupergraph } from '../../router/test/support/subscription-fixtures/supergraph.ts';
import { inheritedEnv, loadOpsEnv } from '../env.ts';
import { freePort, gitCommit, type ServiceProcess, startService, stopService } from './processes.ts';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const resultsDir = join(root, 'ops/bench/results');
const env = loadOpsEnv();
const secret = () => randomBytes(48).toString('base64url');
const FIXTURES = 'router/test/support/subscription-fixtures/serve.ts';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000,10000' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    distinct: { type: 'string', default: '200' },
    'distinct-rate': { type: 'string', default: '5' },
    probes: { type: 'string', default: '100' },
  },
});
const SUBSCRIBER_COUNTS = String(args.subscribers)
  .split(',')
  .map((value) => Number(value.trim()))
  .filter((value) => value > 0);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const DISTINCT = Number(args.distinct);
const DISTINCT_RATE = Number(args['distinct-rate']);
const PROBES = Number(args.probes);

const SUBSCRIPTION = 'subscription($channel: String!) { noteAdded(channel: $channel) { text author { name } } }';
const PUBLISH =
  'mutation($channel: String!, $text: String!) { addNote(channel: $channel, text: $text, authorId: "p1") { seq } }';

interface Scenario {
  name: string;
  description: string;
  subscribers: number;
  identities: number;
  ratePerSecond: number;
  seconds: number;
  eventsPublished: number;
  deliveriesExpected: number;
  deliveries: number;
  /** Clients that timed every delivery (the latency sample). */
  probes: number;
  /** From the first publish to the last delivery (or the 30 s give-up). */
  wallSeconds: number;
  /** The load generator's own CPU (all clients and the publisher, one process). */
  generatorCpuPercent: number;
  errors: number;
  /** Sockets the client did not close, by close code. */
  unexpectedCloses: Record<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  connectSeconds: number;
  routerRssBeforeMiB: number;
  routerRssIdleMiB: number;
  bytesPerIdleSubscriber: number;
  routerCpuPercent: number;
  /**
   * Router CPU time per delivered result (µs): what one delivery costs the router whatever else runs
   * on the machine — on a shared machine latency mostly measures the wait for a core.
   */
  routerCpuMicrosPerDelivery: number;
  feedCpuPercent: number;
  peopleCpuPercent: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

function rssBytes(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const now = () => performance.timeOrigin + performance.now();

/**
 * One graphql-transport-ws client (Node's own WebSocket), minimal so thousands fit in the load
 * generator: every client counts what it receives, and only probes (an even sample) parse each
 * message to time it, so the load generator's own CPU stays out of the measured latency as far as it can.
 */
class Subscriber {
  readonly latencies: number[] = [];
  received = 0;
  /** Results with errors and graphql-ws `error` messages (e.g. SLOW_CONSUMER). */
  errors = 0;
  /** Close code when the socket closed other than by the client (e.g. 1006 after missed pings). */
  closedWith: number | null = null;
  private readonly probe: boolean;
  private socket: WebSocket | null = null;

  constructor(probe: boolean) {
    this.probe = probe;
  }

  async start(url: string, connectionParams: Record<string, string>, channel: string): Promise<void> {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    this.socket = socket;
    let subscribed = false;
    await new Promise<void>((ready, fail) => {
      socket.addEventListener('error', () => fail(new Error('WebSocket error')), { once: true });
      socket.addEventListener(
        'open',
        () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })),
        { once: true },
      );
      socket.addEventListener('message', (event) => {
        const text = String(event.data);
        if (subscribed && !this.probe && text.startsWith('{"id":"1","type":"next"')) {
          this.received += 1;
          if (text.includes('"errors"')) this.errors += 1;
          return;
        }
        const message = JSON.parse(text) as { type: string; payload?: any };
        if (message.type === 'connection_ack') {
          socket.send(
            JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables: { channel } } }),
          );
          subscribed = true;
          ready();
        } else if (message.type === 'next') {
          this.received += 1;
          const sentAt = Number(message.payload?.data?.noteAdded?.text);
          if (message.payload?.errors || !Number.isFinite(sentAt)) this.errors += 1;
          else this.latencies.push(now() - sentAt);
        } else if (message.type === 'error') {
          this.errors += 1;
        } else if (message.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        }
      });
      socket.addEventListener('close', (event) => {
        if (event.code !== 1000) this.closedWith = event.code;
      });
    });
  }

  close(): void {
    this.socket?.close(1000);
  }
}

/** An H5 access token as identity issues them (HS256 with H5_JWT_SECRET). */
function h5AccessToken(secret: string, h5UserId: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAt = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    iss: 'mc-identity',
    aud: 'mc-h5',
    sub: h5UserId,
    org: randomUUID(),
    iat: issuedAt,
    exp: issuedAt + 3600,
  })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

async function connectAll(
  count: number,
  connect: (index: number) => Promise<Subscriber>,
  batch = 200,
): Promise<Subscriber[]> {
  const subscribers: Subscriber[] = [];
  for (let index = 0; index < count; index += batch) {
    const size = Math.min(batch, count - index);
    subscribers.push(...(await Promise.all(Array.from({ length: size }, (_, offset) => connect(index + offset)))));
  }
  return subscribers;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] * 10) / 10;
}

async function withDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = `mc_bench_subs_${Date.now()}`;
  const admin = new pg.Client({ connectionString: env.BENCH_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(env.BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    const cleanup = new pg.Client({ connectionString: env.BENCH_POSTGRES_URL });
    await cleanup.connect();
    await cleanup.query(`drop database if exists "${name}" with (force)`);
    await cleanup.end();
  }
}

async function run(databaseUrl: string) {
  const secrets = {
    INTERNAL_SIGNING_SECRET: secret(),
    H5_JWT_SECRET: secret(),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    LOCAL_AUTH_TOKEN: `mc_bench_${secret()}`,
  };
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-subscriptions-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeFixtureSupergraph());
  const common = {
    ...inheritedEnv(),
    ...secrets,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
  };
  const started: ServiceProcess[] = [];
  try {
    const identity = await startService({
      name: 'identity',
      script: 'subgraphs/identity/src/server.ts',
      cwd: root,
      port: await freePort(),
      env: common,
    });
    started.push(identity);
    const fixture = async (name: 'feed' | 'people') => {
      const service = await startService({
        name,
        script: FIXTURES,
        cwd: root,
        port: await freePort(),
        env: { ...common, FIXTURE: name },
      });
      started.push(service);
      return service;
    };
    const feed = await fixture('feed');
    const people = await fixture('people');
    const router = await startService({
      name: 'router',
      script: 'router/src/main.ts',
      cwd: root,
      port: await freePort(),
      env: {
        ...common,
        DATABASE_URL: undefined,
        AUTH_MODE: 'local',
        SUPERGRAPH_PATH: supergraphPath,
        SUBGRAPH_IDENTITY_URL: identity.url,
        SUBGRAPH_FEED_URL: feed.url,
        SUBGRAPH_PEOPLE_URL: people.url,
        // The benchmark's clients are many connections of one user; lift the per-identity cap.
        SUBSCRIPTIONS_PER_IDENTITY: '1000000',
      },
    });
    started.push(router);

    const systemIdentity = await signIdentity(
      secrets.INTERNAL_SIGNING_SECRET,
      { kind: 'system', service: 'bench' },
      { ttlSeconds: 3600 },
    );
    const publish = async (channel: string) => {
      const response = await fetch(feed.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mc-identity': systemIdentity },
        body: JSON.stringify({ query: PUBLISH, variables: { channel, text: String(now()) } }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (!response.ok || body.errors) throw new Error(`publish failed: ${JSON.stringify(body)}`);
    };
    const scenario = async (options: {
      name: string;
      description: string;
      subscribers: number;
      rate: number;
      params: (index: number) => Promise<Record<string, string>>;
      identities: number;
    }): Promise<Scenario> => {
      const channel = `bench-${randomUUID()}`;
      await sleep(2_000);
      const rssBefore = rssBytes(router.child.pid);
      const connectStart = performance.now();
      const probeEvery = Math.max(1, Math.floor(options.subscribers / PROBES));
      const subscribers = await connectAll(options.subscribers, async (index) => {
        const subscriber = new Subscriber(index % probeEvery === 0);
        await subscriber.start(router.url, await options.params(index), channel);
        return subscriber;
      });
      const connectSeconds = (performance.now() - connectStart) / 1000;
      // Idle: every client subscribed, nothing published yet; let the upstreams open and the heap settle.
      await sleep(3_000);
      const rssIdle = rssBytes(router.child.pid);
      // Warm-up event (JIT, pools), not counted: wait until every client has it (bounded).
      await publish(channel);
      const warmDeadline = performance.now() + 20_000;
      while (performance.now() < warmDeadline && subscribers.some((subscriber) => subscriber.received === 0)) {
        await sleep(100);
      }
      for (const subscriber of subscribers) {
        subscriber.latencies.length = 0;
        subscriber.received = 0;
      }
      const generatorCpuBefore = process.cpuUsage();

      const services = [router, feed, people];
      const cpuBefore = services.map((service) => cpuSeconds(service.child.pid));
      const wallStart = performance.now();
      const events = Math.max(1, Math.round(options.rate * SECONDS));
      const interval = 1000 / options.rate;
      const publishes: Promise<void>[] = [];
      for (let index = 0; index < events; index++) {
        const due = wallStart + index * interval;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        publishes.push(publish(channel));
      }
      await Promise.all(publishes);
      // Let the last events arrive (bounded: a stalled run still ends).
      const expected = events * options.subscribers;
      const deadline = performance.now() + 30_000;
      while (performance.now() < deadline) {
        const delivered = subscribers.reduce((sum, subscriber) => sum + subscriber.received, 0);
        if (delivered >= expected) break;
        await sleep(100);
      }
      const wallSeconds = (performance.now() - wallStart) / 1000;
      const cpuUsed = services.map((service, index) => cpuSeconds(service.child.pid) - cpuBefore[index]);
      const cpu = cpuUsed.map((seconds) => Math.round((seconds / wallSeconds) * 100));
      const generatorCpu = process.cpuUsage(generatorCpuBefore);
      const generatorCpuPercent = Math.round(((generatorCpu.user + generatorCpu.system) / 1e6 / wallSeconds) * 100);
      const latencies = subscribers.flatMap((subscriber) => subscriber.latencies).sort((a, b) => a - b);
      const errors = subscribers.reduce((sum, subscriber) => sum + subscriber.errors, 0);
      const closes: Record<string, number> = {};
      for (const subscriber of subscribers) {
        if (subscriber.closedWith !== null) closes[subscriber.closedWith] = (closes[subscriber.closedWith] ?? 0) + 1;
      }
      for (const subscriber of subscribers) subscriber.close();
      await sleep(2_000);
      const result: Scenario = {
        name: options.name,
        description: options.description,
        subscribers: options.subscribers,
        identities: options.identities,
        ratePerSecond: options.rate,
        seconds: SECONDS,
        eventsPublished: events,
        deliveriesExpected: expected,
        deliveries: subscribers.reduce((sum, subscriber) => sum + subscriber.received, 0),
        probes: subscribers.filter((_subscriber, index) => index % probeEvery === 0).length,
        wallSeconds: Math.round(wallSeconds * 10) / 10,
        generatorCpuPercent,
        errors,
        unexpectedCloses: closes,
        latencyP50Ms: percentile(latencies, 50),
        latencyP99Ms: percentile(latencies, 99),
        latencyMaxMs: percentile(latencies, 100),
        connectSeconds: Math.round(connectSeconds * 10) / 10,
        routerRssBeforeMiB: Math.round(rssBefore / 2 ** 20),
        routerRssIdleMiB: Math.round(rssIdle / 2 ** 20),
        bytesPerIdleSubscriber: Math.round((rssIdle - rssBefore) / options.subscribers),
        routerCpuPercent: cpu[0],
        routerCpuMicrosPerDelivery: Math.round(
          (cpuUsed[0] * 1e6) /
            Math.max(
              1,
              subscribers.reduce((sum, subscriber) => sum + subscriber.received, 0),
            ),
        ),
        feedCpuPercent: cpu[1],
        peopleCpuPercent: cpu[2],
      };
      console.log(
        `${result.name}: ${result.deliveries}/${result.deliveriesExpected} delivered, p50 ${result.latencyP50Ms} ms, ` +
          `p99 ${result.latencyP99Ms} ms, ${result.bytesPerIdleSubscriber} B/idle subscriber, router CPU ${result.routerCpuPercent}%, ` +
          `generator CPU ${generatorCpuPercent}%, ${result.wallSeconds} s, errors ${errors}, closes ${JSON.stringify(closes)}`,
      );
      return result;
    };

    const admin = { authorization: `Bearer ${secrets.LOCAL_AUTH_TOKEN}` };
    const results: Scenario[] = [];
    const loadBefore = loadavg();
    for (const count of SUBSCRIBER_COUNTS) {
      const rate = count > 1000 ? Math.max(1, Math.round(RATE / 4)) : RATE;
      results.push(
        await scenario({
          name: `shared-${count}`,
          description: `${count} clients of one user (one upstream, one completion per event), ${rate} events/s`,
          subscribers: count,
          rate,
          identities: 1,
          params: async () => admin,
        }),
      );
    }
    if (DISTINCT > 0) {
      results.push(
        await scenario({
          name: `distinct-${DISTINCT}`,
          description: `${DISTINCT} clients, each a different H5 user (an upstream and a completion each), ${DISTINCT_RATE} events/s`,
          subscribers: DISTINCT,
          rate: DISTINCT_RATE,
          identities: DISTINCT,
          params: async () => ({ authorization: `Bearer ${h5AccessToken(secrets.H5_JWT_SECRET, randomUUID())}` }),
        }),
      );
    }
    return { results, loadBefore, loadAfter: loadavg() };
  } finally {
    for (const service of started.reverse()) await stopService(service);
  }
}

/** What the run says about the router itself, in numbers that do not depend on the machine's load. */
function reading(results: Scenario[], load: number, cores: number): string {
  const shared = results.filter((result) => result.identities === 1);
  const distinct = results.find((result) => result.identities > 1);
  const lines = shared.map(
    (result) =>
      `one event to ${result.subscribers.toLocaleString('en')} subscribers costs the router ` +
      `${Math.round((result.routerCpuMicrosPerDelivery * result.subscribers) / 100) / 10} ms of CPU ` +
      `(${result.routerCpuMicrosPerDelivery} µs per delivery)`,
  );
  if (distinct) {
    lines.push(
      `with nothing shared (distinct identities) a delivery costs ${distinct.routerCpuMicrosPerDelivery} µs ` +
        '(its own upstream event, entity fetch and serialization)',
    );
  }
  return (
    `**Reading this run.** ${lines.join('; ')}. The load average was ${load} on ${cores} cores when it ` +
    'started: the router got only a share of a core (its CPU % above), so most of the latency is time ' +
    'spent waiting for CPU, and the CPU cost per delivery is the figure to compare between runs. On an ' +
    'otherwise idle core, the latency of an event is roughly its fan-out CPU time plus the hops.'
  );
}

const startedAt = new Date();
const outcome = await withDatabase(run);
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageBefore: outcome.loadBefore.map((value) => Math.round(value * 100) / 100),
  loadAverageAfter: outcome.loadAfter.map((value) => Math.round(value * 100) / 100),
};
const report = {
  date: startedAt.toISOString(),
  commit: gitCommit(),
  command: `node ops/bench/subscriptions-bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
  subscription: SUBSCRIPTION,
  results: outcome.results,
  machine,
};
const row = (s: Scenario) =>
  `| ${s.name} | ${s.subscribers} | ${s.identities} | ${s.ratePerSecond} | ${s.deliveries} / ${s.deliveriesExpected} | ` +
  `${s.errors} | ${
    Object.entries(s.unexpectedCloses)
      .map(([code, count]) => `${count}× ${code}`)
      .join(', ') || '–'
  } | ${s.latencyP50Ms} | ${s.latencyP99Ms} | ${s.latencyMaxMs} | ${Math.round(s.bytesPerIdleSubscriber / 102.4) / 10} | ` +
  `${s.routerCpuPercent} | ${s.routerCpuMicrosPerDelivery} | ${s.generatorCpuPercent} | ${s.feedCpuPercent} | ${s.peopleCpuPercent} |`;
const markdown = `# Subscription fan-out benchmark

${startedAt.toISOString()} · commit \`${report.commit}\` · \`${report.command}\` · ${SECONDS} s of events per scenario

| scenario | subscribers | identities | events/s | delivered | errors | closed | p50 ms | p99 ms | max ms | KiB per idle subscriber | router CPU % | router CPU µs per delivery | load generator CPU % | feed CPU % | people CPU % |
|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${outcome.results.map(row).join('\n')}

Goals (issue 4): p99 ≤ 50 ms at 1,000 subscribers, ≤ 250 ms at 10,000; ≤ 20 KB of router memory per idle
subscriber.

${reading(outcome.results, machine.loadAverageBefore[0], machine.cores)}

## What is measured

- The production router process (\`node router/src/main.ts\`) over the real identity subgraph and the
  \`feed\` and \`people\` test subgraphs (\`router/test/support/subscription-fixtures/\`), each its own
  process, PostgreSQL and Redis as in production. Every client is its own graphql-ws connection
  (graphql-transport-ws) with its own subscription:

\`\`\`graphql
${SUBSCRIPTION}
\`\`\`

  \`noteAdded\` is served by \`feed\` (the plan's primary fetch, opened upstream over graphql-ws);
  \`author { name }\` comes from \`people\` (the plan's rest: one \`_entities\` fetch per event).
- A publisher posts notes to \`feed\` at the fixed rate; each note carries its send time, and every
  delivery to every client counts: **latency = delivered − published**, over publish → Redis → feed →
  router → people → router → client.
- **shared-N**: N clients of one user. Identical subscriptions of one identity scope share one upstream
  stream and one completion per event; the router's cost per event is one completion plus N socket
  writes. Above 1,000 subscribers the rate is a quarter of the base rate (the load generator's N
  WebSocket clients share the machine's CPU with the services).
- **distinct-N**: N clients, each a different H5 user: nothing can be shared (results may depend on who
  asks), so each has its own upstream subscription and its own completion per event.
- **errors** counts results carrying errors and graphql-ws \`error\` messages (\`SLOW_CONSUMER\` when a
  client has more than \`SUBSCRIPTION_BUFFER\` results waiting); **closed** counts sockets that the
  client did not close, by close code (1006: dropped, e.g. by the router's 30 s ping when a starved
  client did not answer in time).
- **CPU**: each process's CPU time over the measured period in % of one core (100 = one core), and
  the router's CPU time per delivered result. When the machine is busy (see the load average below) the
  router gets only a share of a core: events then wait for CPU and latency grows, while the CPU per
  delivery stays comparable between runs.
- **KiB per idle subscriber**: growth of the router's resident memory (RSS) from before the clients
  connect to 3 s after all are connected and subscribed, divided by N — socket, graphql-ws state,
  subscriber buffer, shared-stream membership. RSS is coarse (the heap grows in steps); the shared
  scenarios with more subscribers are the more precise figure.

Hive Gateway on the same workload is not measured yet (\`ops/bench/peers-bench.ts\` is still to come).

## Machine

${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}. The load
generator runs on the same machine as the services, and the machine is shared: load average
${machine.loadAverageBefore.join(' / ')} before, ${machine.loadAverageAfter.join(' / ')} after.
`;

mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'subscriptions.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(resultsDir, 'subscriptions.md'), markdown);
console.log('wrote ops/bench/results/subscriptions.md and subscriptions.json');
process.exit(0);
