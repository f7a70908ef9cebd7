/** Load generation and process sampling for the peer benchmark. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon, { type Options, type Result } from 'autocannon';

export interface Target {
  /** Which gateway (or `direct`). */
  name: string;
  url: string;
  headers: Record<string, string>;
  /** One body per distinct request; a single body means every request is identical. */
  bodies: string[];
  /** The exact answer every request must get. */
  expectBody: string;
  /** Process whose CPU and memory are reported (the gateway, or the subgraph for `direct`). */
  pid: number | undefined;
  /** Other processes whose CPU use during the run is reported (the subgraphs behind the gateway). */
  behind?: Record<string, number | undefined>;
}

export interface Measurement {
  target: string;
  workload: string;
  /** Which round of the run (1-based): every target is measured once per round. */
  round: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAvgMs: number;
  requests: number;
  /** Socket errors + timeouts + non-2xx + answers that differ from the verified one. */
  errors: number;
  mismatches: number;
  /** The measured process: CPU in % of one core, RSS at the start and peak during the run. */
  cpuPercent: number;
  /** CPU time the measured process spent per answered request: less sensitive to a busy machine. */
  cpuMsPerRequest: number;
  /** CPU use of the processes behind the target during the run, in % of one core. */
  behindCpuPercent: Record<string, number>;
  rssStartMiB: number;
  rssPeakMiB: number;
  /** Our router only: reads per HTTP request it sent to each subgraph during the run (batching). */
  readsPerSubgraphRequest?: Record<string, number>;
}

/** Our router's `mc_router_subgraph_batch_reads` sums and counts by subgraph, from its `/metrics`. */
export async function batchReads(graphqlUrl: string): Promise<Record<string, { sum: number; count: number }>> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const totals: Record<string, { sum: number; count: number }> = {};
  for (const line of text.split('\n')) {
    const match = /^mc_router_subgraph_batch_reads_(sum|count)\{[^}]*subgraph="([^"]+)"[^}]*\} (\S+)$/.exec(line);
    if (!match) continue;
    const [, kind, subgraph, value] = match;
    totals[subgraph] ??= { sum: 0, count: 0 };
    totals[subgraph][kind as 'sum' | 'count'] = Number(value);
  }
  return totals;
}

/** Reads per request between two `batchReads` snapshots, rounded to 0.01. */
export function readsPerRequest(
  before: Record<string, { sum: number; count: number }>,
  after: Record<string, { sum: number; count: number }>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [subgraph, { sum, count }] of Object.entries(after)) {
    const requests = count - (before[subgraph]?.count ?? 0);
    if (requests > 0) result[subgraph] = Math.round(((sum - (before[subgraph]?.sum ?? 0)) / requests) * 100) / 100;
  }
  return result;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds a process has used so far (Linux /proc), or NaN elsewhere. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in MiB (Linux /proc), or NaN elsewhere. */
export function rssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round((kib / 1024) * 10) / 10;
  } catch {
    return Number.NaN;
  }
}

type RequestOptions = Options & {
  requests?: {
    setupRequest: (request: { body?: string }) => { body?: string };
    onResponse: (status: number, body: string) => void;
  }[];
};
const run = autocannon as unknown as (options: RequestOptions) => Promise<Result>;

/** Autocannon options cycling through the target's bodies; `onBody` sees every 2xx answer. */
function loadOptions(
  target: Target,
  connections: number,
  duration: number,
  onBody: (body: string) => void = () => {},
): RequestOptions {
  let next = 0;
  return {
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.bodies[0],
    connections,
    duration,
    // A busy shared machine can stall a slow gateway for seconds: count only answers that never come.
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const body = target.bodies[next];
          next = (next + 1) % target.bodies.length;
          return { ...request, body };
        },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300) onBody(body);
        },
      },
    ],
  };
}

export async function measure(
  target: Target,
  workload: string,
  options: { connections: number; durationSeconds: number; warmupSeconds: number; round: number },
): Promise<Measurement> {
  await run(loadOptions(target, options.connections, options.warmupSeconds)); // JIT, plan caches, pools
  const rssStart = rssMiB(target.pid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMiB(target.pid));
  }, 200);
  const cpuBefore = cpuSeconds(target.pid);
  const behind = Object.entries(target.behind ?? {});
  const behindBefore = behind.map(([, pid]) => cpuSeconds(pid));
  const wallStart = performance.now();
  let mismatches = 0;
  const result = await run(
    loadOptions(target, options.connections, options.durationSeconds, (body) => {
      if (body !== target.expectBody) mismatches++;
    }),
  );
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpuUsed = cpuSeconds(target.pid) - cpuBefore;
  const behindCpuPercent = Object.fromEntries(
    behind.map(([name, pid], index) => [
      name,
      Math.round(((cpuSeconds(pid) - behindBefore[index]) / wallSeconds) * 100),
    ]),
  );
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, rssMiB(target.pid));
  const measurement: Measurement = {
    target: target.name,
    workload,
    round: options.round,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAvgMs: Math.round(result.latency.average * 100) / 100,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx + mismatches,
    mismatches,
    cpuPercent: Math.round((cpuUsed / wallSeconds) * 100),
    cpuMsPerRequest: Math.round(((cpuUsed * 1000) / Math.max(1, result.requests.total)) * 100) / 100,
    behindCpuPercent,
    rssStartMiB: rssStart,
    rssPeakMiB: rssPeak,
  };
  console.log(
    `${workload} · round ${options.round} · ${target.name}: ${measurement.requestsPerSecond} req/s, p50 ${measurement.latencyP50Ms} ms, ` +
      `p99 ${measurement.latencyP99Ms} ms, errors ${measurement.errors}, CPU ${measurement.cpuPercent} % ` +
      `(${measurement.cpuMsPerRequest} ms/request), ` +
      Object.entries(behindCpuPercent)
        .map(([name, percent]) => `${name} ${percent} %, `)
        .join('') +
      `RSS ${measurement.rssStartMiB} → ${measurement.rssPeakMiB} MiB`,
  );
  return measurement;
}
