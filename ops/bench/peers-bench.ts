/**
 * Peer benchmark (`pnpm bench:peers`): every subgraph as a real process on a fresh PostgreSQL
 * database, started once, an organization with 20 boards seeded through our router; then, side by
 * side in the same run, the same 3-level cross-subgraph query at 50 connections through
 *   (a) our router (`router/src/main.ts`, production mode, local admin token),
 *   (b) stock `@apollo/gateway` (ops/bench/peers/apollo-gateway.ts),
 *   (c) Hive Gateway (ops/bench/peers/hive-gateway.ts),
 *   (d) the work subgraph directly (its share of the plan, for reference),
 * for two workloads: identical requests, and distinct variables per request. Every target is measured
 * BENCH_ROUNDS times (default 3), in rotating order; the report shows medians and the ratios of each round.
 * Writes `peers.md` and `peers.json` to `--out=<dir>` (default `ops/bench/results`; trial runs: `/tmp/…`).
 *
 * BENCH_PEERS_ONLY=router,hive limits the targets and BENCH_PEERS_WORKLOADS=distinct the workloads (for
 * profiling iterations; the committed results files are then not written, another `--out` is); BENCH_PROFILE_DIR=<dir> runs our
 * router under `node --cpu-prof` into that dir (and the subgraphs named in BENCH_PROFILE_SUBGRAPHS=work,…);
 * BENCH_BASELINE_ROUTER=<path of another checkout's
 * router/src/main.ts> measures that router too, as target `baseline`, in the same run (A/B of a change
 * on a busy machine; likewise written only to another `--out`).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { IDENTITY_HEADER, type Identity, signIdentity } from '@mc/kit';
import { supergraphUrls } from '@mc/router/supergraph';
import pg from 'pg';
import { createBoard, ensureOrganization } from '../demo-data.ts';
import { inheritedEnv, loadOpsEnv } from '../env.ts';
import { graphqlRequest } from '../graphql-client.ts';
import { batchReads, type Measurement, measure, readsPerRequest, rssMiB, type Target } from './peers/measure.ts';
import { DISTINCT_FIRST_VALUES, PEER_BOARDS, PEER_DIRECT_QUERY, PEER_QUERY } from './peers/queries.ts';
import {
  freePort,
  gitCommit,
  productionEnv,
  routerEnv,
  type ServiceProcess,
  startService,
  stopService,
} from './processes.ts';
import { VIEWER_QUERY } from './queries.ts';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const committedResults = join(root, 'ops/bench/results');
const { values: args } = parseArgs({ options: { out: { type: 'string', default: committedResults } } });
const resultsDir = resolve(String(args.out));
const env = loadOpsEnv();
const WARMUP_SECONDS = 3;
const baselineRouter = process.env.BENCH_BASELINE_ROUTER ? resolve(process.env.BENCH_BASELINE_ROUTER) : undefined;
const GATEWAYS = ['router', 'baseline', 'apollo', 'hive'] as const;
const only = process.env.BENCH_PEERS_ONLY?.split(',').map((name) => name.trim());
const wanted = (name: string) => !only || only.includes(name);
const onlyWorkloads = process.env.BENCH_PEERS_WORKLOADS?.split(',').map((name) => name.trim());
const profileDir = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
const profiledSubgraphs = process.env.BENCH_PROFILE_SUBGRAPHS?.split(',').map((name) => name.trim()) ?? [];
const profiled = (name: string) =>
  profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(profileDir, name)}` } : {};

const WORKLOADS = {
  identical: 'identical requests: every connection sends the same query, variables and credential',
  distinct: `distinct variables: each request's \`first\` cycles through ${DISTINCT_FIRST_VALUES.length} values`,
} as const;
type Workload = keyof typeof WORKLOADS;
const workloads = (Object.keys(WORKLOADS) as Workload[]).filter(
  (name) => !onlyWorkloads || onlyWorkloads.includes(name),
);

async function withDatabase<T>(body: (url: string) => Promise<T>): Promise<T> {
  const name = `mc_peers_${Date.now()}`;
  const admin = new pg.Client({ connectionString: env.BENCH_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(env.BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  try {
    return await body(url.toString());
  } finally {
    const cleanup = new pg.Client({ connectionString: env.BENCH_POSTGRES_URL });
    await cleanup.connect();
    await cleanup.query(`drop database if exists "${name}" with (force)`);
    await cleanup.end();
  }
}

/** The supergraph with each subgraph's URL replaced by where this run started it. */
function rewriteSupergraph(urls: Record<string, string>, directory: string): string {
  let sdl = readFileSync(join(root, 'schema/supergraph.graphql'), 'utf8');
  for (const [name, url] of Object.entries(urls)) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
  }
  const path = join(directory, 'supergraph.graphql');
  writeFileSync(path, sdl);
  return path;
}

/** Sends one request, checks the answer has no errors and 20 boards, and returns its exact text. */
async function answer(url: string, headers: Record<string, string>, body: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: any; errors?: unknown[] };
  const nodes = parsed.data?.organization?.boards?.nodes ?? parsed.data?.boards?.nodes;
  if (!response.ok || parsed.errors || nodes?.length !== PEER_BOARDS) {
    throw new Error(`unexpected answer from ${url} (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  return text;
}

async function run(databaseUrl: string, workDir: string) {
  const { secrets, common } = productionEnv({ databaseUrl, redisUrl: env.REDIS_URL });
  const started: ServiceProcess[] = [];
  try {
    const names = Object.keys(supergraphUrls(join(root, 'schema/supergraph.graphql')));
    const byName: Record<string, ServiceProcess> = {};
    for (const name of names) {
      const service = await startService({
        name,
        script: `subgraphs/${name}/src/server.ts`,
        cwd: root,
        port: await freePort(),
        env: { ...common, ...(profiledSubgraphs.includes(name) ? profiled(name) : {}) },
      });
      started.push(service);
      byName[name] = service;
    }
    const urls = Object.fromEntries(names.map((name) => [name, byName[name].url]));
    const router = await startService({
      name: 'router',
      script: 'router/src/main.ts',
      cwd: root,
      port: await freePort(),
      env: {
        ...routerEnv(common, join(root, 'schema/supergraph.graphql'), urls),
        ...profiled('router'),
      },
    });
    started.push(router);
    const baseline =
      baselineRouter &&
      (await startService({
        name: 'baseline',
        script: baselineRouter,
        cwd: root,
        port: await freePort(),
        env: routerEnv(common, join(root, 'schema/supergraph.graphql'), urls),
      }));
    if (baseline) started.push(baseline);

    // Seed through our router, as an administrator would.
    const session = { routerUrl: router.url, token: secrets.LOCAL_AUTH_TOKEN };
    const organization = await ensureOrganization(session, { name: 'Peer Bench Org', slug: `peers-${Date.now()}` });
    for (let index = 1; index <= PEER_BOARDS; index++) {
      await createBoard(session, organization.id, { name: `Board ${index}`, description: `Peer bench board ${index}` });
    }
    const routerHeaders = {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
      'x-organization-id': organization.id,
    };
    const viewer = await graphqlRequest<{ me: { id: string } }>({
      url: router.url,
      query: VIEWER_QUERY,
      headers: routerHeaders,
    });

    // The identity our router signs for this owner, pre-signed once for the peers and the direct target.
    const claim: Identity = {
      kind: 'user',
      userId: viewer.me.id,
      email: null,
      org: { id: organization.id, role: 'OWNER', allBoardsRead: true, allBoardsWrite: true, boards: {} },
    };
    const signedIdentity = await signIdentity(secrets.INTERNAL_SIGNING_SECRET, claim, {
      requestId: randomUUID(),
      ttlSeconds: 15 * 60,
    });
    const supergraphPath = rewriteSupergraph(urls, workDir);
    const peerEnv = { ...inheritedEnv(), NODE_ENV: 'production', SUPERGRAPH_PATH: supergraphPath };
    const peers: Record<string, ServiceProcess> = {};
    for (const [name, script] of [
      ['apollo', 'ops/bench/peers/apollo-gateway.ts'],
      ['hive', 'ops/bench/peers/hive-gateway.ts'],
    ] as const) {
      if (!wanted(name)) continue;
      peers[name] = await startService({
        name,
        script,
        cwd: root,
        port: await freePort(),
        env: { ...peerEnv, BENCH_SIGNED_IDENTITY: signedIdentity },
      });
      started.push(peers[name]);
    }

    const gatewayBody = (first: number) =>
      JSON.stringify({ query: PEER_QUERY, variables: { id: organization.id, first } });
    const directBody = (first: number) => JSON.stringify({ query: PEER_DIRECT_QUERY, variables: { first } });
    const gatewayHeaders = { 'content-type': 'application/json' };
    const gatewayTargets = {
      router: { url: router.url, headers: routerHeaders, pid: router.child.pid },
      baseline: baseline && { url: baseline.url, headers: routerHeaders, pid: baseline.child.pid },
      apollo: peers.apollo && { url: peers.apollo.url, headers: gatewayHeaders, pid: peers.apollo.child.pid },
      hive: peers.hive && { url: peers.hive.url, headers: gatewayHeaders, pid: peers.hive.child.pid },
    };

    // One answer per workload, and every gateway must give the same one (as JSON) for every variable.
    const expected = await answer(router.url, routerHeaders, gatewayBody(PEER_BOARDS));
    const answers: Record<string, string> = { router: expected };
    for (const name of GATEWAYS) {
      const target = gatewayTargets[name];
      if (!target) continue;
      for (const first of DISTINCT_FIRST_VALUES) {
        const text = await answer(target.url, target.headers, gatewayBody(first));
        if (!isDeepStrictEqual(JSON.parse(text), JSON.parse(expected))) {
          throw new Error(`${name} answered differently for first=${first}:\n${text}\nour router:\n${expected}`);
        }
        if (text !== expected && first === PEER_BOARDS) console.warn(`${name}: same data, different bytes`);
        answers[name] ??= text;
      }
    }
    const workHeaders = { 'content-type': 'application/json', [IDENTITY_HEADER]: signedIdentity };
    const directExpected = await answer(byName.work.url, workHeaders, directBody(PEER_BOARDS));

    const behind = { identity: byName.identity.child.pid, work: byName.work.child.pid };
    const targets = (workload: Workload): Target[] => {
      const firsts = workload === 'identical' ? [PEER_BOARDS] : DISTINCT_FIRST_VALUES;
      const list: Target[] = [];
      for (const name of GATEWAYS) {
        const target = gatewayTargets[name];
        if (!target || !wanted(name)) continue;
        list.push({ name, ...target, bodies: firsts.map(gatewayBody), expectBody: answers[name], behind });
      }
      if (wanted('direct')) {
        list.push({
          name: 'direct',
          url: byName.work.url,
          headers: workHeaders,
          bodies: firsts.map(directBody),
          expectBody: directExpected,
          pid: byName.work.child.pid,
          behind: { identity: byName.identity.child.pid },
        });
      }
      return list;
    };

    const loadBefore = loadavg();
    const results: Measurement[] = [];
    const idle = Object.fromEntries(
      Object.entries(gatewayTargets).flatMap(([name, target]) => (target ? [[name, rssMiB(target.pid)]] : [])),
    );
    for (const workload of workloads) {
      const list = targets(workload);
      for (let round = 1; round <= env.BENCH_ROUNDS; round++) {
        // Each round starts with the next target, so none is always measured first (or last) on a machine
        // whose speed drifts; the report compares the targets round by round.
        const shift = (round - 1) % list.length;
        for (const target of [...list.slice(shift), ...list.slice(0, shift)]) {
          const ours = target.name === 'router';
          const before = ours ? await batchReads(target.url) : undefined;
          const measured = await measure(target, workload, {
            connections: env.BENCH_CONNECTIONS,
            durationSeconds: env.BENCH_DURATION_SECONDS,
            warmupSeconds: WARMUP_SECONDS,
            round,
          });
          // The warm-up's reads count too: the same workload, a few seconds more.
          if (before) measured.readsPerSubgraphRequest = readsPerRequest(before, await batchReads(target.url));
          results.push(measured);
        }
      }
    }
    return { results, idleRssMiB: idle, loadBefore, loadAfter: loadavg() };
  } finally {
    for (const service of started.reverse()) await stopService(service);
  }
}

const startedAt = new Date();
const workDir = mkdtempSync(join(tmpdir(), 'mc-peers-'));
if (profileDir) mkdirSync(profileDir, { recursive: true });
let outcome: Awaited<ReturnType<typeof run>>;
try {
  outcome = await withDatabase((url) => run(url, workDir));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const roundsOf = (workload: Workload, target: string) =>
  outcome.results.filter((result) => result.workload === workload && result.target === target);
const round2 = (value: number) => Math.round(value * 100) / 100;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** A target's round with the median throughput (the lower of the two middle ones for an even count). */
const find = (workload: Workload, target: string) => {
  const rounds = roundsOf(workload, target).sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return rounds[(rounds.length - 1) >> 1];
};
/**
 * Ours against another target, round by round (the two measured minutes apart at most, on the machine as
 * it then was), and the median of those. `theirsOverOurs` for costs (CPU per request): how many of our
 * requests fit in one of theirs.
 */
const compare = (workload: Workload, over: string, value: (m: Measurement) => number, theirsOverOurs = false) => {
  const theirs = roundsOf(workload, over);
  const perRound = roundsOf(workload, 'router').flatMap((ours) => {
    const other = theirs.find((measured) => measured.round === ours.round);
    if (!other) return [];
    const ratio = theirsOverOurs ? value(other) / value(ours) : value(ours) / value(other);
    return Number.isFinite(ratio) && ratio > 0 ? [round2(ratio)] : [];
  });
  return perRound.length > 0 ? { median: round2(median(perRound)), perRound } : null;
};
const ratios = Object.fromEntries(
  (Object.keys(WORKLOADS) as Workload[]).map((workload) => [
    workload,
    {
      oursOverHive: compare(workload, 'hive', (m) => m.requestsPerSecond),
      oursOverApollo: compare(workload, 'apollo', (m) => m.requestsPerSecond),
      cpuEfficiencyOverHive: compare(workload, 'hive', (m) => m.cpuMsPerRequest, true),
      cpuEfficiencyOverApollo: compare(workload, 'apollo', (m) => m.cpuMsPerRequest, true),
    },
  ]),
);
console.log('ratios (our req/s ÷ theirs):', JSON.stringify(ratios));

// A partial run never replaces the committed results; to another --out it is written.
if ((only || onlyWorkloads || baselineRouter) && resultsDir === committedResults) {
  console.log('BENCH_PEERS_ONLY, BENCH_PEERS_WORKLOADS or BENCH_BASELINE_ROUTER set: results files not written');
  process.exit(0);
}

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
  command: 'pnpm bench:peers',
  connections: env.BENCH_CONNECTIONS,
  durationSeconds: env.BENCH_DURATION_SECONDS,
  warmupSeconds: WARMUP_SECONDS,
  rounds: env.BENCH_ROUNDS,
  versions: { apolloGateway: '2.14.4', apolloServer: '5.5.1', hiveGateway: '2.15.1' },
  queries: { gateways: PEER_QUERY, direct: PEER_DIRECT_QUERY },
  workloads: WORKLOADS,
  results: outcome.results,
  ratios,
  idleRssMiB: outcome.idleRssMiB,
  machine,
};

const LABELS: Record<string, string> = {
  router: 'our router',
  baseline: 'our router (baseline)',
  apollo: 'stock @apollo/gateway',
  hive: 'Hive Gateway',
  direct: 'work subgraph direct',
};
const table = (workload: Workload) =>
  [
    '| target | req/s | req/s by round | p50 ms | p99 ms | requests | errors (all rounds) | CPU % | CPU ms / request | RSS start → peak MiB | identity CPU % | work CPU % |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.keys(LABELS).flatMap((target) => {
      const m = find(workload, target);
      if (!m) return [];
      const all = roundsOf(workload, target).sort((a, b) => a.round - b.round);
      return [
        `| ${LABELS[m.target]} | ${m.requestsPerSecond} | ${all.map((each) => each.requestsPerSecond).join(' · ')} | ` +
          `${m.latencyP50Ms} | ${m.latencyP99Ms} | ${m.requests} | ${all.reduce((sum, each) => sum + each.errors, 0)} | ` +
          `${m.cpuPercent} | ${m.cpuMsPerRequest} | ${m.rssStartMiB} → ${m.rssPeakMiB} | ` +
          `${m.behindCpuPercent.identity ?? ''} | ${m.behindCpuPercent.work ?? '(measured)'} |`,
      ];
    }),
  ].join('\n');
const batchingLine = (workload: Workload) => {
  const reads = find(workload, 'router')?.readsPerSubgraphRequest ?? {};
  const list = Object.entries(reads).map(([subgraph, value]) => `${subgraph} ${value}`);
  return list.length > 0 ? ` Our router's reads per request to each subgraph (batching): ${list.join(', ')}.` : '';
};
type Comparison = ReturnType<typeof compare>;
const shown = (comparison: Comparison) =>
  comparison ? `${comparison.median}× (by round: ${comparison.perRound.map((each) => `${each}×`).join(', ')})` : 'n/a';
const ratioLine = (workload: Workload) =>
  `**Throughput, ours ÷ Hive Gateway: ${shown(ratios[workload].oursOverHive)} · ours ÷ stock @apollo/gateway: ` +
  `${shown(ratios[workload].oursOverApollo)}.** CPU per request, theirs ÷ ours: Hive Gateway ` +
  `${shown(ratios[workload].cpuEfficiencyOverHive)}, stock @apollo/gateway ${shown(ratios[workload].cpuEfficiencyOverApollo)}.` +
  batchingLine(workload);

const markdown = `# Peer benchmark: our router, stock @apollo/gateway, Hive Gateway

${startedAt.toISOString()} · commit \`${report.commit}\` · \`${report.command}\` · ${report.connections} connections,
${report.durationSeconds} s per target after a ${WARMUP_SECONDS} s warm-up, ${report.rounds} rounds · @apollo/gateway ${report.versions.apolloGateway}
(Apollo Server ${report.versions.apolloServer}), @graphql-hive/gateway ${report.versions.hiveGateway}

## Identical requests (de-duplication best case)

${table('identical')}

${ratioLine('identical')}

## Distinct variables per request

${table('distinct')}

${ratioLine('distinct')}

Goal (issue 4): ≥ 2× Hive Gateway and ≥ 5× stock @apollo/gateway. "errors" counts socket errors, timeouts,
non-2xx answers and bodies that differ from the verified answer (an answer may take up to 30 s); all must be 0.
CPU is the measured process's use in % of one core (100 = one core saturated; a Node gateway runs its
JavaScript on one core). "CPU ms / request" is that process's CPU time divided by the requests it answered:
on a busy shared machine, where no process gets a full core, it is the steadier measure of what each
gateway costs, and "CPU per request, theirs ÷ ours" compares those. RSS is the
measured process's resident memory when its run started and its peak during the run; the last two columns are
the identity and work subgraphs' CPU during that run (for the direct target, work is the measured process). Idle RSS after start-up
and seeding: ${Object.entries(outcome.idleRssMiB)
  .map(([name, mib]) => `${LABELS[name]} ${mib} MiB`)
  .join(', ')}.

## What is measured

One command starts every subgraph as a real process (\`node subgraphs/<name>/src/server.ts\`, production
mode) on a fresh PostgreSQL database with Redis for events, seeds an organization with ${PEER_BOARDS} boards through
our router, then starts the three gateways side by side over the same \`schema/supergraph.graphql\` (subgraph
URLs pointed at this run's processes) and measures them one after another on the same machine, in
${report.rounds} rounds (\`BENCH_ROUNDS\`): each round measures every target once, and each starts with the next target,
so none always runs first or last while the machine's speed drifts. A table row is the target's median round (its
other rounds' throughput beside it); a ratio is the median of the ratios of each round:

- **our router**: the production router process (\`node router/src/main.ts\`, \`AUTH_MODE=local\`). Every
  request is authenticated (local admin token, principal from identity's cache) and gets an identity
  signed for the subgraphs; its in-flight de-duplication shares identical concurrent subgraph reads under
  one signed identity, and the distinct reads ready for one subgraph at the same time go to it as one batch
  request (\`SUBGRAPH_BATCH_MAX\`, default 32; each read keeps its own identity and context, and the
  subgraph streams each read's answer back as soon as it is done).
- **stock @apollo/gateway**: \`ops/bench/peers/apollo-gateway.ts\`, a minimal Apollo Server with
  \`new ApolloGateway({ supergraphSdl })\` and default settings (default fetcher, no de-duplication).
- **Hive Gateway**: \`ops/bench/peers/hive-gateway.ts\`, \`createGatewayRuntime({ supergraph })\` (the runtime
  its CLI serves) with default settings, which include merging identical in-flight subgraph requests.
- **work subgraph direct**: the work subgraph's share of the plan sent straight to it (no gateway), for
  reference.

The peers do no authentication: each forwards one identity the benchmark **pre-signed for the seeded owner**
(\`BENCH_SIGNED_IDENTITY\`, the same claim our router signs for that owner, valid for the run) as the
\`${IDENTITY_HEADER}\` header on every subgraph request, so the subgraphs accept them. Our router does its real
per-request authentication and signing, so it carries work the peers skip.

Before measuring, every gateway answered the query for each of the ${DISTINCT_FIRST_VALUES.length} variable sets and each answer
was compared with our router's (same JSON); during the runs autocannon compares every body with the verified
one and counts any difference as an error.

\`\`\`graphql
${PEER_QUERY}
\`\`\`

The plan: identity (\`organization\`) → work (its boards) → identity (each board's organization, one entity
fetch). Direct reference:

\`\`\`graphql
${PEER_DIRECT_QUERY}
\`\`\`

**Identical requests**: every connection sends \`first: ${PEER_BOARDS}\`: concurrent requests need the same subgraph
reads, so a gateway that merges identical in-flight subgraph requests (ours, Hive) sends far fewer. This is the
best case, as for a dashboard polled by many screens of one user.

**Distinct variables**: each request's \`first\` cycles through ${DISTINCT_FIRST_VALUES[0]}–${DISTINCT_FIRST_VALUES.at(-1)} (all return the same ${PEER_BOARDS} boards, so
answers stay verifiable), so the work fetch differs between concurrent requests. Honest caveat: the
first (\`organization\`) and last (entity) fetches are still identical across requests (one organization, the
same ${PEER_BOARDS} boards), so gateways that de-duplicate still share those two of the three fetches; only the middle
fetch is not shared.

## Machine

${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}. The load
generator (autocannon) runs on the same machine as the gateways and subgraphs, and the machine is shared (other
work may run): load average ${machine.loadAverageBefore.join(' / ')} before, ${machine.loadAverageAfter.join(' / ')} after.
Compare runs only from the same machine; the ratios are the more stable numbers.
`;

mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'peers.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(resultsDir, 'peers.md'), markdown);
console.log(`wrote ${join(resultsDir, 'peers.md')} and peers.json`);
