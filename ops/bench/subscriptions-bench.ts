/**
 * Subscription fan-out benchmark (`pnpm bench:subscriptions`): the production router process, and
 * Hive Gateway on the same workload, over the real identity subgraph and the `feed`/`people` test
 * subgraphs (`router/test/support/subscription-fixtures/`) on a fresh PostgreSQL database and Redis.
 * Thousands of graphql-ws clients subscribe to `noteAdded { text author { name } }` — the primary
 * fetch on `feed`, the author's name from `people` for every event — and a publisher posts notes to
 * `feed` at a fixed rate. Measured per gateway: event latency (publish → delivered to a client)
 * p50/p99 over every delivery, gateway CPU per delivery, and gateway memory per idle subscriber.
 *
 * Scenarios: `shared` — every client is the same user, so our router shares one upstream stream and
 * one completion per event (a dashboard on many screens); `distinct` — every client is a different H5
 * user, so each has its own upstream and completion. Hive Gateway runs the same scenarios with one
 * pre-signed identity for every client (it cannot verify ours; see the results file).
 *
 * The clients run in `--generators` child processes (`subscriptions/generators.ts`), not in this one:
 * one process's garbage collection pauses, with 1,000 sockets in it, showed up as the slow events.
 *
 *   node ops/bench/subscriptions-bench.ts [--subscribers=1000,10000] [--rate=20] [--seconds=10]
 *     [--distinct=200] [--distinct-rate=5] [--slow-rate=2] [--gateways=router[,hive]] [--out=<dir>]
 *     [--generators=2] [--semi-space=2] [--gc-pauses]
 * `--gateways=router` leaves Hive Gateway out (default: both, one after the other). `--gc-pauses`
 * records the garbage collection pauses of the generators and of the publisher and
 * prints, per scenario, the slowest events next to any pause that overlapped them. `--semi-space` is
 * the generators' young generation in MiB (0: V8's default). `BENCH_NODE_FLAGS_<SERVICE>`
 * (`processes.ts`) passes node flags to one service, e.g.
 * `BENCH_NODE_FLAGS_ROUTER='--cpu-prof --cpu-prof-dir=/tmp/prof'`.
 * Writes `subscriptions.md` and `subscriptions.json` to `--out` (default `ops/bench/results`).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signIdentity } from '@mc/kit';
import pg from 'pg';
import { composeFixtureSupergraph } from '../../router/test/support/subscription-fixtures/supergraph.ts';
import { loadOpsEnv } from '../env.ts';
import { cpuSeconds, rssMiB } from './peers/measure.ts';
import {
  freePort,
  gitCommit,
  productionEnv,
  routerEnv,
  type ServiceProcess,
  startService,
  stopService,
} from './processes.ts';
import { h5AccessToken } from './subscriptions/clients.ts';
import type { GeneratorCollection } from './subscriptions/generator.ts';
import { LoadGenerators, SEMI_SPACE_MIB } from './subscriptions/generators.ts';
import { type ClientCostReport, type GatewayName, renderReport, type Scenario } from './subscriptions/report.ts';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const env = loadOpsEnv();
const FIXTURES = 'router/test/support/subscription-fixtures/serve.ts';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000,10000' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    distinct: { type: 'string', default: '200' },
    'distinct-rate': { type: 'string', default: '5' },
    // A second run of the first subscriber count at a rate Hive Gateway keeps up with (0: none).
    'slow-rate': { type: 'string', default: '2' },
    probes: { type: 'string', default: '100' },
    gateways: { type: 'string', default: 'router,hive' },
    generators: { type: 'string', default: '2' },
    'gc-pauses': { type: 'boolean', default: false },
    'semi-space': { type: 'string', default: String(SEMI_SPACE_MIB) },
    out: { type: 'string', default: join(root, 'ops/bench/results') },
  },
});
const numbers = (value: string) =>
  value
    .split(',')
    .map((item) => Number(item.trim()))
    .filter((item) => item > 0);
const SUBSCRIBER_COUNTS = numbers(String(args.subscribers));
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const DISTINCT = Number(args.distinct);
const DISTINCT_RATE = Number(args['distinct-rate']);
const SLOW_RATE = Number(args['slow-rate']);
const PROBES = Number(args.probes);
const GATEWAYS = String(args.gateways)
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is GatewayName => name === 'router' || name === 'hive');
const OUT = resolve(String(args.out));
const GENERATORS = Math.max(1, Number(args.generators) || 1);
const GC_PAUSES = Boolean(args['gc-pauses']);

const SUBSCRIPTION = 'subscription($channel: String!) { noteAdded(channel: $channel) { text author { name } } }';
const PUBLISH =
  'mutation($channel: String!, $text: String!) { addNote(channel: $channel, text: $text, authorId: "p1") { seq } }';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

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

/** The fixture supergraph with the subgraphs' real URLs (Hive Gateway reads them from it). */
function supergraphWithUrls(urls: Record<string, string>): string {
  let sdl = composeFixtureSupergraph();
  for (const [name, url] of Object.entries(urls)) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
  }
  return sdl;
}

interface ScenarioOptions {
  name: string;
  description: string;
  subscribers: number;
  rate: number;
  identities: number;
  params: (index: number) => Record<string, string>;
}

interface Services {
  gateway: ServiceProcess;
  feed: ServiceProcess;
  people: ServiceProcess;
  /** Where and as whom the publisher posts notes. */
  publishTo: { url: string; headers: Record<string, string> };
  generators: LoadGenerators;
}

/** Each event's probe latencies, by the publish time its note carried. */
function perEvent(collections: GeneratorCollection[]): { sentAt: number; median: number; max: number }[] {
  const byEvent = new Map<number, number[]>();
  for (const collection of collections) {
    collection.sentAts.forEach((sentAt, index) => {
      const list = byEvent.get(sentAt) ?? [];
      list.push(collection.latencies[index]);
      byEvent.set(sentAt, list);
    });
  }
  return [...byEvent].map(([sentAt, latencies]) => {
    latencies.sort((a, b) => a - b);
    return { sentAt, median: percentile(latencies, 50), max: percentile(latencies, 100) };
  });
}

/**
 * `--gc-pauses`: the load side's garbage collection pauses (generators and this process, which
 * publishes) during the events, and the slowest events with any pause that overlapped them.
 */
function reportLoadPauses(
  label: string,
  collections: GeneratorCollection[],
): { maxPauseMs: number; slowEvents: number; slowEventsMaxMs: [number, number]; slowEventsPauseMs: number } {
  const pauses = collections.flatMap((collection) => collection.gcPauses);
  const events = perEvent(collections).sort((a, b) => b.max - a.max);
  const slowest = events.slice(0, Math.max(5, Math.ceil(events.length / 100)));
  const overlapping = (event: { sentAt: number; max: number }) =>
    pauses.filter((pause) => pause.start < event.sentAt + event.max && pause.start + pause.ms > event.sentAt);
  const maxPauseMs = pauses.reduce((max, pause) => Math.max(max, pause.ms), 0);
  console.log(
    `${label}: load-side GC during the events: ${pauses.length} pauses, longest ${maxPauseMs} ms, ` +
      `${pauses.filter((pause) => pause.ms >= 5).length} of 5 ms or more`,
  );
  for (const event of slowest) {
    const during = overlapping(event)
      .map((pause) => `${pause.process} ${pause.kind} ${pause.ms} ms`)
      .join(', ');
    console.log(
      `  event at ${new Date(event.sentAt).toISOString()}: median ${event.median} ms, max ${event.max} ms; ` +
        `load-side GC during it: ${during || 'none'}`,
    );
  }
  // What could have delayed a slow event: the GC time of one load process during it (its clients wait for it).
  const pausedMs = (event: { sentAt: number; max: number }) => {
    const perProcess = new Map<string, number>();
    for (const pause of overlapping(event))
      perProcess.set(pause.process, (perProcess.get(pause.process) ?? 0) + pause.ms);
    return Math.max(0, ...perProcess.values());
  };
  return {
    maxPauseMs,
    slowEvents: slowest.length,
    slowEventsMaxMs: [slowest.at(-1)?.max ?? Number.NaN, slowest[0]?.max ?? Number.NaN],
    slowEventsPauseMs: Math.round(Math.max(0, ...slowest.map(pausedMs)) * 10) / 10,
  };
}

async function runScenario(gatewayName: GatewayName, services: Services, options: ScenarioOptions): Promise<Scenario> {
  const { gateway, feed, people, publishTo, generators } = services;
  const publish = (events: number, intervalMs: number) =>
    generators.publish({ ...publishTo, query: PUBLISH, channel, events, intervalMs });
  const channel = `bench-${randomUUID()}`;
  const specs = (count: number, probeEvery: number | null) =>
    Array.from({ length: count }, (_, index) => ({
      probe: probeEvery !== null && index % probeEvery === 0,
      params: options.params(index),
    }));
  // A fresh gateway: connect and drop a few clients first, so its start-up heap and the code paths of a
  // connection are in place before the baseline (else the idle growth per subscriber can come out negative).
  await generators.connect(
    gateway.url,
    SUBSCRIPTION,
    { channel: `${channel}-primer` },
    specs(Math.min(100, options.subscribers), null),
  );
  await sleep(1_000);
  await generators.closeAll();
  await sleep(2_000);
  const rssBefore = rssMiB(gateway.child.pid);
  const connectStart = performance.now();
  const probeEvery = Math.max(1, Math.floor(options.subscribers / PROBES));
  await generators.connect(gateway.url, SUBSCRIPTION, { channel }, specs(options.subscribers, probeEvery));
  const connectSeconds = (performance.now() - connectStart) / 1000;
  // Idle: every client subscribed, nothing published yet; let the upstreams open and the heap settle.
  await sleep(3_000);
  const rssIdle = rssMiB(gateway.child.pid);
  // Warm-up event (JIT, pools), not counted: wait until every client has it (bounded).
  await publish(1, 0);
  const warmDeadline = performance.now() + 20_000;
  let warm = await generators.counts();
  while (performance.now() < warmDeadline && warm.silent > 0) {
    await sleep(100);
    warm = await generators.counts();
  }
  // Counters restart below: say here if the warm-up already failed (a refused subscription ends early).
  const warmupErrors = warm.errors;
  const warmupSilent = warm.silent;
  if (warmupErrors > 0 || warmupSilent > 0) {
    console.warn(
      `${gatewayName} ${options.name}: warm-up: ${warmupErrors} errors, ${warmupSilent} clients got nothing`,
    );
  }
  await generators.reset();
  const measured = [gateway, feed, people];
  const cpuBefore = measured.map((service) => cpuSeconds(service.child.pid));
  const generatorsCpuBefore = generators.pids.map((pid) => cpuSeconds(pid));
  const wallClockStart = performance.timeOrigin + performance.now();
  const wallStart = performance.now();
  const events = Math.max(1, Math.round(options.rate * SECONDS));
  await publish(events, 1000 / options.rate);
  // Let the last events arrive (bounded: a stalled run still ends).
  const expected = events * options.subscribers;
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline && (await generators.counts()).received < expected) await sleep(100);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpuUsed = measured.map((service, index) => cpuSeconds(service.child.pid) - cpuBefore[index]);
  const cpu = cpuUsed.map((seconds) => Math.round((seconds / wallSeconds) * 100));
  const generatorsCpu = generators.pids.reduce(
    (sum, pid, index) => sum + cpuSeconds(pid) - generatorsCpuBefore[index],
    0,
  );
  const collections = await generators.collect(wallClockStart);
  const latencies = collections.flatMap((collection) => collection.latencies).sort((a, b) => a - b);
  const closes: Record<string, number> = {};
  for (const collection of collections) {
    for (const [code, count] of Object.entries(collection.closes)) closes[code] = (closes[code] ?? 0) + count;
  }
  const deliveries = collections.reduce((sum, collection) => sum + collection.received, 0);
  const errorSamples = [...new Set(collections.flatMap((collection) => collection.errorSamples))].slice(0, 3);
  for (const sample of errorSamples) console.warn(`${gatewayName} ${options.name}: error: ${sample}`);
  const pauses = GC_PAUSES ? reportLoadPauses(`${gatewayName} ${options.name}`, collections) : undefined;
  await generators.closeAll();
  await sleep(2_000);
  const result: Scenario = {
    gateway: gatewayName,
    name: options.name,
    description: options.description,
    subscribers: options.subscribers,
    identities: options.identities,
    ratePerSecond: options.rate,
    seconds: SECONDS,
    eventsPublished: events,
    deliveriesExpected: expected,
    deliveries,
    probes: collections.reduce((sum, collection) => sum + collection.probes, 0),
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    generatorCpuPercent: Math.round((generatorsCpu / wallSeconds) * 100),
    generatorCpuMicrosPerDelivery: Math.round(((generatorsCpu * 1e6) / Math.max(1, deliveries)) * 10) / 10,
    ...(pauses === undefined
      ? {}
      : {
          loadMaxGcPauseMs: pauses.maxPauseMs,
          slowEvents: pauses.slowEvents,
          slowEventsMaxMs: pauses.slowEventsMaxMs,
          slowEventsLoadPauseMs: pauses.slowEventsPauseMs,
        }),
    errors: collections.reduce((sum, collection) => sum + collection.errors, 0),
    ...(errorSamples.length > 0 ? { errorSamples } : {}),
    warmupErrors,
    warmupSilent,
    unexpectedCloses: closes,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    latencyMaxMs: percentile(latencies, 100),
    connectSeconds: Math.round(connectSeconds * 10) / 10,
    gatewayRssBeforeMiB: rssBefore,
    gatewayRssIdleMiB: rssIdle,
    bytesPerIdleSubscriber: Math.round(((rssIdle - rssBefore) * 2 ** 20) / options.subscribers),
    gatewayCpuPercent: cpu[0],
    gatewayCpuMicrosPerDelivery: Math.round((cpuUsed[0] * 1e6) / Math.max(1, deliveries)),
    feedCpuPercent: cpu[1],
    peopleCpuPercent: cpu[2],
  };
  console.log(
    `${gatewayName} ${result.name}: ${deliveries}/${expected} delivered, p50 ${result.latencyP50Ms} ms, ` +
      `p99 ${result.latencyP99Ms} ms, ${result.bytesPerIdleSubscriber} B/idle subscriber, CPU ${result.gatewayCpuPercent}% ` +
      `(${result.gatewayCpuMicrosPerDelivery} µs/delivery), feed ${cpu[1]}%, generator ${result.generatorCpuPercent}% ` +
      `(${result.generatorCpuMicrosPerDelivery} µs/delivery), ` +
      `${result.wallSeconds} s, errors ${result.errors}, closes ${JSON.stringify(closes)}`,
  );
  return result;
}

async function run(databaseUrl: string) {
  // The same production settings as every other benchmark (processes.ts), plus a data directory.
  const { secrets, common: production } = productionEnv({ databaseUrl, redisUrl: env.REDIS_URL });
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-subscriptions-'));
  const common = { ...production, DATA_DIR: dir };
  const started: ServiceProcess[] = [];
  const generators = LoadGenerators.start(GENERATORS, {
    recordGc: GC_PAUSES,
    semiSpaceMiB: Number(args['semi-space']),
  });
  const start = async (name: string, script: string, extra: Record<string, string | undefined> = {}) => {
    const service = await startService({
      name,
      script,
      cwd: root,
      port: await freePort(),
      env: { ...common, ...extra },
    });
    started.push(service);
    return service;
  };
  try {
    const identity = await start('identity', 'subgraphs/identity/src/server.ts');
    const feed = await start('feed', FIXTURES, { FIXTURE: 'feed' });
    const people = await start('people', FIXTURES, { FIXTURE: 'people' });
    const supergraphPath = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, supergraphWithUrls({ identity: identity.url, feed: feed.url, people: people.url }));
    const systemIdentity = await signIdentity(
      secrets.INTERNAL_SIGNING_SECRET,
      { kind: 'system', service: 'bench' },
      { ttlSeconds: 3600 },
    );
    const publishTo = { url: feed.url, headers: { 'x-mc-identity': systemIdentity } };

    const admin = { authorization: `Bearer ${secrets.LOCAL_AUTH_TOKEN}` };
    const scenarios: ScenarioOptions[] = SUBSCRIBER_COUNTS.map((count) => {
      const rate = count > 1000 ? Math.max(1, Math.round(RATE / 4)) : RATE;
      return {
        name: `shared-${count}`,
        description: `${count} clients of one user (one upstream, one completion per event), ${rate} events/s`,
        subscribers: count,
        rate,
        identities: 1,
        params: () => admin,
      };
    });
    if (SLOW_RATE > 0 && SUBSCRIBER_COUNTS.length > 0) {
      // Latency where every gateway keeps up: at the base rate one that cannot shows only its backlog.
      const count = SUBSCRIBER_COUNTS[0];
      scenarios.splice(1, 0, {
        name: `shared-${count}-slow`,
        description: `${count} clients of one user, ${SLOW_RATE} events/s`,
        subscribers: count,
        rate: SLOW_RATE,
        identities: 1,
        params: () => admin,
      });
    }
    if (DISTINCT > 0) {
      scenarios.push({
        name: `distinct-${DISTINCT}`,
        description: `${DISTINCT} clients, each a different H5 user (an upstream and a completion each), ${DISTINCT_RATE} events/s`,
        subscribers: DISTINCT,
        rate: DISTINCT_RATE,
        identities: DISTINCT,
        params: () => ({ authorization: `Bearer ${h5AccessToken(secrets.H5_JWT_SECRET, randomUUID())}` }),
      });
    }

    const results: Scenario[] = [];
    const loadBefore = loadavg();
    for (const gatewayName of GATEWAYS) {
      for (const scenario of scenarios) {
        // One gateway at a time, so neither takes CPU from the other's measurement, and a fresh process
        // per scenario: a gateway still draining a backlog (Hive Gateway overloaded) must not burden the next.
        const gateway =
          gatewayName === 'router'
            ? await start('router', 'router/src/main.ts', {
                ...routerEnv(common, supergraphPath, { identity: identity.url, feed: feed.url, people: people.url }),
                // The benchmark's clients are many connections of one user; lift the per-identity cap.
                SUBSCRIPTIONS_PER_IDENTITY: '1000000',
              })
            : await start('hive', 'ops/bench/subscriptions/hive-gateway.ts', {
                SUPERGRAPH_PATH: supergraphPath,
                BENCH_SIGNED_IDENTITY: systemIdentity,
              });
        results.push(await runScenario(gatewayName, { gateway, feed, people, publishTo, generators }, scenario));
        await stopService(gateway);
      }
    }
    return { results, loadBefore, loadAfter: loadavg() };
  } finally {
    await generators.stop();
    for (const service of started.reverse()) await stopService(service);
  }
}

/** What `subscriptions/client-cost.ts` last measured (committed beside the results), quoted by the report. */
function readClientCost(): ClientCostReport | undefined {
  const path = join(root, 'ops/bench/results/subscription-clients.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ClientCostReport) : undefined;
}

const startedAt = new Date();
const outcome = await withDatabase(run);
const report = {
  date: startedAt.toISOString(),
  commit: gitCommit(),
  command: `node ops/bench/subscriptions-bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
  seconds: SECONDS,
  generators: GENERATORS,
  subscription: SUBSCRIPTION,
  results: outcome.results,
  clientCost: readClientCost(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageBefore: outcome.loadBefore.map((value) => Math.round(value * 100) / 100),
    loadAverageAfter: outcome.loadAfter.map((value) => Math.round(value * 100) / 100),
  },
};
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'subscriptions.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(OUT, 'subscriptions.md'), renderReport(report));
console.log(`wrote ${join(OUT, 'subscriptions.md')} and subscriptions.json`);
process.exit(0);
