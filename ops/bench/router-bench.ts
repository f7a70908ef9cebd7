/**
 * Router benchmark (`pnpm bench:router`): the real identity and work subgraph processes on a fresh
 * PostgreSQL database and the production router process in front of them; an organization with 20
 * boards seeded through the router; then autocannon (50 connections) on
 *   (a) a query spanning identity and work through the router, and
 *   (b) the work subgraph's part of it sent to the work subgraph directly (signed identity, no router).
 * Writes `ops/bench/results/router.md` and `router.json`.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Identity, signIdentity } from '@mc/kit';
import { supergraphUrls } from '@mc/router/supergraph';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { createBoard, ensureOrganization } from '../demo-data.ts';
import { loadOpsEnv } from '../env.ts';
import { graphqlRequest } from '../graphql-client.ts';
import {
  freePort,
  gitCommit,
  productionEnv,
  routerEnv,
  type ServiceProcess,
  startService,
  stopService,
} from './processes.ts';
import { BENCH_BOARDS as BOARDS, DIRECT_QUERY, ROUTER_QUERY, VIEWER_QUERY } from './queries.ts';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const resultsDir = join(root, 'ops/bench/results');
const env = loadOpsEnv();

interface Measurement {
  name: string;
  description: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAvgMs: number;
  requests: number;
  errors: number;
  non2xx: number;
  mismatches: number;
  timeouts: number;
  /** CPU use of each service process during the measured run, in % of one core. */
  cpuPercent: Record<string, number>;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds a process has used so far (Linux /proc), or NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

async function measure(
  name: string,
  description: string,
  target: { url: string; headers: Record<string, string>; body: string; expectBody: string },
  services: ServiceProcess[],
): Promise<Measurement> {
  const base = { url: target.url, method: 'POST', headers: target.headers, body: target.body };
  await autocannon({ ...base, connections: env.BENCH_CONNECTIONS, duration: 2 }); // warm-up: JIT, plan cache, pools
  const cpuBefore = services.map((service) => cpuSeconds(service.child.pid));
  const wallStart = performance.now();
  const result: Result = await autocannon({
    ...base,
    connections: env.BENCH_CONNECTIONS,
    duration: env.BENCH_DURATION_SECONDS,
    expectBody: target.expectBody,
  });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpuPercent = Object.fromEntries(
    services.map((service, index) => [
      service.name,
      Math.round(((cpuSeconds(service.child.pid) - cpuBefore[index]) / wallSeconds) * 100),
    ]),
  );
  const measurement: Measurement = {
    name,
    description,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAvgMs: Math.round(result.latency.average * 100) / 100,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    timeouts: result.timeouts,
    cpuPercent,
  };
  console.log(
    `${name}: ${measurement.requestsPerSecond} req/s, p50 ${measurement.latencyP50Ms} ms, p99 ${measurement.latencyP99Ms} ms, ` +
      `errors ${measurement.errors + measurement.non2xx + measurement.mismatches + measurement.timeouts}, ` +
      `CPU ${Object.entries(cpuPercent)
        .map(([service, percent]) => `${service} ${percent}%`)
        .join(', ')}`,
  );
  return measurement;
}

/** Sends the request once, checks it answers without errors, and returns the exact body for autocannon. */
async function verifiedBody(url: string, headers: Record<string, string>, body: string, boards: number) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: any; errors?: unknown[] };
  const nodes = parsed.data?.organization?.boards?.nodes ?? parsed.data?.boards?.nodes;
  if (!response.ok || parsed.errors || nodes?.length !== boards) {
    throw new Error(`unexpected answer from ${url} (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  return text;
}

async function withDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = `mc_bench_${Date.now()}`;
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
  const { secrets, common } = productionEnv({ databaseUrl, redisUrl: env.REDIS_URL });
  const started: ServiceProcess[] = [];
  try {
    // Every subgraph of the supergraph runs (the router is ready only when all are).
    const names = Object.keys(supergraphUrls(join(root, 'schema/supergraph.graphql')));
    for (const name of names) {
      started.push(
        await startService({
          name,
          script: `subgraphs/${name}/src/server.ts`,
          cwd: root,
          port: await freePort(),
          env: common,
        }),
      );
    }
    const byName = Object.fromEntries(started.map((service, index) => [names[index], service]));
    const { identity, work } = byName;
    const router = await startService({
      name: 'router',
      script: 'router/src/main.ts',
      cwd: root,
      port: await freePort(),
      env: routerEnv(
        common,
        join(root, 'schema/supergraph.graphql'),
        Object.fromEntries(names.map((name) => [name, byName[name].url])),
      ),
    });
    started.push(router);

    const session = { routerUrl: router.url, token: secrets.LOCAL_AUTH_TOKEN };
    const organization = await ensureOrganization(session, { name: 'Bench Org', slug: `bench-${Date.now()}` });
    for (let index = 1; index <= BOARDS; index++) {
      await createBoard(session, organization.id, { name: `Board ${index}`, description: `Benchmark board ${index}` });
    }
    const viewer = await graphqlRequest<{ me: { id: string } }>({
      url: router.url,
      query: VIEWER_QUERY,
      headers: { authorization: `Bearer ${session.token}`, 'x-organization-id': organization.id },
    });

    const routerHeaders = {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
      'x-organization-id': organization.id,
    };
    const routerBody = JSON.stringify({ query: ROUTER_QUERY, variables: { id: organization.id } });
    const routerTarget = {
      url: router.url,
      headers: routerHeaders,
      body: routerBody,
      expectBody: await verifiedBody(router.url, routerHeaders, routerBody, BOARDS),
    };

    // The identity the router would sign for this owner; valid for the whole run.
    const identityClaim: Identity = {
      kind: 'user',
      userId: viewer.me.id,
      email: null,
      org: { id: organization.id, role: 'OWNER', allBoardsRead: true, allBoardsWrite: true, boards: {} },
    };
    const signed = await signIdentity(secrets.INTERNAL_SIGNING_SECRET, identityClaim, {
      requestId: randomUUID(),
      ttlSeconds: 15 * 60,
    });
    const directHeaders = { 'content-type': 'application/json', 'x-mc-identity': signed };
    const directBody = JSON.stringify({ query: DIRECT_QUERY });
    const directTarget = {
      url: work.url,
      headers: directHeaders,
      body: directBody,
      expectBody: await verifiedBody(work.url, directHeaders, directBody, BOARDS),
    };

    // The direct query through the router: the router's own cost without the cross-subgraph fan-out.
    const routerWorkBody = JSON.stringify({ query: DIRECT_QUERY });
    const routerWorkTarget = {
      url: router.url,
      headers: routerHeaders,
      body: routerWorkBody,
      expectBody: await verifiedBody(router.url, routerHeaders, routerWorkBody, BOARDS),
    };

    const services = [router, identity, work];
    const loadBefore = loadavg();
    const viaRouter = await measure(
      'router',
      `identity + work through the router: organization → ${BOARDS} boards → each board's organization`,
      routerTarget,
      services,
    );
    const routerWorkOnly = await measure(
      'router-work-only',
      `the work-direct query through the router: one subgraph fetch, same auth and signing`,
      routerWorkTarget,
      services,
    );
    const direct = await measure(
      'work-direct',
      `the work subgraph alone, no router: ${BOARDS} boards with their organization key`,
      directTarget,
      services,
    );
    return { viaRouter, routerWorkOnly, direct, loadBefore, loadAfter: loadavg() };
  } finally {
    for (const service of started.reverse()) await stopService(service);
  }
}

const startedAt = new Date();
const outcome = await withDatabase(run);
const ratio = Math.round((outcome.viaRouter.requestsPerSecond / outcome.direct.requestsPerSecond) * 1000) / 1000;
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
  command: 'pnpm bench:router',
  connections: env.BENCH_CONNECTIONS,
  durationSeconds: env.BENCH_DURATION_SECONDS,
  queries: { router: ROUTER_QUERY, direct: DIRECT_QUERY },
  results: [outcome.viaRouter, outcome.routerWorkOnly, outcome.direct],
  routerToDirectRatio: ratio,
  machine,
};

const row = (m: Measurement) =>
  `| ${m.name} | ${m.requestsPerSecond} | ${m.latencyP50Ms} | ${m.latencyP99Ms} | ${m.requests} | ` +
  `${m.errors + m.non2xx + m.mismatches + m.timeouts} | ${m.cpuPercent.router} | ${m.cpuPercent.identity} | ${m.cpuPercent.work} |`;
const markdown = `# Router benchmark

${startedAt.toISOString()} · commit \`${report.commit}\` · \`${report.command}\` · ${report.connections} connections, ${report.durationSeconds} s per target after a 2 s warm-up

| target | req/s | p50 ms | p99 ms | requests | errors | router CPU % | identity CPU % | work CPU % |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${row(outcome.viaRouter)}
${row(outcome.routerWorkOnly)}
${row(outcome.direct)}

**Router / direct throughput: ${ratio}** (${Math.round(ratio * 100)} % of the work subgraph's own rate).

"errors" counts socket errors, timeouts, non-2xx answers and bodies that differ from the verified answer.
CPU is each service process's use during the measured run, in % of one core (100 = one core saturated).

## What is measured

Every connection sends the same query with the same credential, so the router's de-duplication of
identical in-flight subgraph reads (one fetch shared by concurrent identical requests under one signed
identity) applies fully: this is the best case for the router, as for a dashboard polled by many
screens of one user. Requests that differ in variables or caller each pay their own subgraph fetches.

- **router** — the production router process (\`node router/src/main.ts\`, \`AUTH_MODE=local\`,
  \`NODE_ENV=production\`) in front of the identity and work subgraph processes
  (\`node subgraphs/<name>/src/server.ts\`) on a fresh PostgreSQL database, Redis for events. Every request
  is authenticated (local admin token, principal from identity's cache), signed for the subgraphs, planned
  and executed across both: identity (organization) → work (its ${BOARDS} boards) → identity (each board's
  organization name).

\`\`\`graphql
${ROUTER_QUERY}
\`\`\`

- **work-direct** — the work subgraph's share of that plan sent straight to it with a signed identity, no
  router: the same ${BOARDS} boards, the organization as a key only (names live in identity).

\`\`\`graphql
${DIRECT_QUERY}
\`\`\`

- **router-work-only** — that same work-only query through the router: one subgraph fetch behind the same
  authentication and signing, which separates the router's fixed cost from the cost of the fan-out.

Each answer was checked once before the run (no errors, ${BOARDS} boards); autocannon then counted any
body that differed as a mismatch.

## Machine

${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}. The load
generator (autocannon) runs on the same machine as the services, and the machine is shared: load average
${machine.loadAverageBefore.join(' / ')} before, ${machine.loadAverageAfter.join(' / ')} after. Compare runs
only from the same machine; the ratio is the more stable number.
`;

mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'router.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(resultsDir, 'router.md'), markdown);
console.log(`router/direct = ${ratio}; wrote ops/bench/results/router.md and router.json`);
