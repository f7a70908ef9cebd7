/** Starts the real service processes for a benchmark and stops exactly those it started. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@mc/kit/testing';
import { inheritedEnv } from '../env.ts';

export { freePort };

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** How long a service may take to start: minutes, not seconds, when the shared machine is busy. */
const START_TIMEOUT_MS = 180_000;

/**
 * Opt-in node flags for one named service, for profiling a benchmark:
 * `BENCH_NODE_FLAGS_ROUTER='--cpu-prof --cpu-prof-dir=/tmp/prof'` (name upper-cased, `-` → `_`).
 * Such a service's whole output also goes to a log file (e.g. for `--trace-gc`), named on stderr.
 */
function nodeFlags(name: string): string[] {
  const value = inheritedEnv()[`BENCH_NODE_FLAGS_${name.toUpperCase().replaceAll('-', '_')}`];
  return value?.split(/\s+/).filter(Boolean) ?? [];
}

export async function startService(options: {
  name: string;
  script: string;
  cwd: string;
  port: number;
  env: Record<string, string | undefined>;
  readyTimeoutMs?: number;
}): Promise<ServiceProcess> {
  const flags = nodeFlags(options.name);
  const child = spawn(process.execPath, [...flags, options.script], {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(options.port), HOST: '127.0.0.1' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (flags.length > 0) {
    const path = join(tmpdir(), `mc-bench-${options.name}-${child.pid}.log`);
    const log = createWriteStream(path);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', () => log.end());
    console.error(`${options.name}: node ${flags.join(' ')}; output in ${path}`);
  }
  const base = `http://127.0.0.1:${options.port}`;
  const service = { name: options.name, url: `${base}/graphql`, child, output: () => output };
  const deadline = Date.now() + (options.readyTimeoutMs ?? START_TIMEOUT_MS);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return service;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopService(service);
  throw new Error(`${options.name} not ready within ${options.readyTimeoutMs ?? START_TIMEOUT_MS} ms:\n${output}`);
}

export async function stopService(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The short commit a benchmark result belongs to (`unknown` outside a git checkout). */
export function gitCommit(): string {
  try {
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Fresh secrets for one benchmark run: every process of the run shares them, nothing outlives it. */
export interface BenchSecrets {
  INTERNAL_SIGNING_SECRET: string;
  H5_JWT_SECRET: string;
  SECRETS_KEY: string;
  LOCAL_AUTH_TOKEN: string;
}

export type ServiceEnv = Record<string, string | undefined>;

/**
 * The production environment every service of a benchmark run shares: the inherited environment,
 * fresh secrets, `NODE_ENV=production`, quiet logs, Redis and the run's own database.
 */
export function productionEnv(options: { databaseUrl: string; redisUrl: string | undefined }): {
  secrets: BenchSecrets;
  common: ServiceEnv;
} {
  const secret = () => randomBytes(48).toString('base64url');
  const secrets: BenchSecrets = {
    INTERNAL_SIGNING_SECRET: secret(),
    H5_JWT_SECRET: secret(),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    LOCAL_AUTH_TOKEN: `mc_bench_${secret()}`,
  };
  const common: ServiceEnv = {
    ...inheritedEnv(),
    ...secrets,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_URL: options.redisUrl ?? 'redis://127.0.0.1:6379',
    DATABASE_URL: options.databaseUrl,
  };
  return { secrets, common };
}

/**
 * The production router's environment on top of `common`: no database, the local admin token, the
 * given supergraph, and each subgraph's URL of this run (`SUBGRAPH_<NAME>_URL`).
 */
export function routerEnv(common: ServiceEnv, supergraphPath: string, urls: Record<string, string>): ServiceEnv {
  return {
    ...common,
    DATABASE_URL: undefined,
    AUTH_MODE: 'local',
    SUPERGRAPH_PATH: supergraphPath,
    ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, url])),
  };
}
