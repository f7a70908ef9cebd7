/** Starts real Mission Control processes for end-to-end tests and stops them afterwards. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@mc/kit/testing';
import pg from 'pg';

export { freePort };

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface Proc {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export function spawnNode(
  script: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  timeoutMs = 60_000,
  args: string[] = [],
) {
  const child = spawn(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // V8's code cache for our modules: every e2e file starts the same six processes.
      NODE_COMPILE_CACHE: join(tmpdir(), 'mc-node-compile-cache'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const proc: Proc = {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const ready = new Promise<RegExpExecArray>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyPattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveReady(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { proc, ready };
}

/** The OpenClaw gateway simulator as its own process on a free port (`main.ts` takes its settings as flags). */
export async function startSimulator(token: string, args: string[] = []): Promise<{ proc: Proc; url: string }> {
  const port = await freePort();
  const { proc, ready } = spawnNode(
    'subgraphs/gateway-link/src/simulator/main.ts',
    {},
    /simulator listening on (ws:\/\/\S+)/,
    30_000,
    ['--port', String(port), '--token', token, ...args],
  );
  const match = await ready;
  return { proc, url: match[1] as string };
}

export const secret = (bytes = 48) => randomBytes(bytes).toString('base64url');
export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `mc-${prefix}-`));

export interface EmbeddedStack {
  url: string;
  token: string;
  dataDir: string;
  proc: Proc;
  stop(): Promise<void>;
}

/** `node router/src/embedded.ts` on a data folder (new unless given): the README's first command. */
export async function startEmbedded(dataDir = tempDir('embedded'), env: Record<string, string> = {}) {
  const { proc, ready } = spawnNode(
    'router/src/embedded.ts',
    { DATA_DIR: dataDir, PORT: '0', ...env },
    /MC_READY (\S+)/,
    120_000,
  );
  const [, url] = await ready;
  const tokenMatch = /Local admin token \(kept in [^)]+\):\n\s+(\S+)/.exec(proc.output());
  return { url, token: tokenMatch?.[1] ?? env.LOCAL_AUTH_TOKEN ?? '', dataDir, proc, stop: () => proc.stop() };
}

export interface ProductionStack {
  routerUrl: string;
  subgraphUrls: Record<string, string>;
  env: Record<string, string>;
  procs: Proc[];
  startRouter(extra?: Record<string, string>): Promise<{ url: string; proc: Proc }>;
  stop(): Promise<void>;
}

/** The settings every process of a production-mode stack shares: fresh secrets, local auth, its own streams. */
export function productionEnv(postgresUrl: string, redisUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: postgresUrl,
    REDIS_URL: redisUrl,
    INTERNAL_SIGNING_SECRET: secret(),
    H5_JWT_SECRET: secret(),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    LOCAL_AUTH_TOKEN: `mc_test_${secret(40)}`,
    AUTH_MODE: 'local',
    // Stacks share one Redis: each gets its own event streams and consumer groups.
    EVENT_STREAM_PREFIX: `mc:stream:${secret(6)}:`,
  };
}

/** Identity, work, governance, fleet and chat as their own processes on PostgreSQL + Redis, and a router process. */
export async function startProductionStack(options: {
  postgresUrl: string;
  redisUrl: string;
  routerEnv?: Record<string, string>;
  /** Settings for every subgraph process (e.g. shorter fleet deadlines). */
  subgraphEnv?: Record<string, string>;
}): Promise<ProductionStack> {
  const env = productionEnv(options.postgresUrl, options.redisUrl);
  const procs: Proc[] = [];
  const subgraphUrls: Record<string, string> = {};
  const urlVars = () =>
    Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, url]));
  const startRouter = async (extra: Record<string, string> = {}) => {
    const port = await freePort();
    const { proc, ready } = spawnNode(
      'router/src/main.ts',
      { ...env, ...urlVars(), LOG_LEVEL: 'info', PORT: String(port), ...options.routerEnv, ...extra },
      /router listening/,
    );
    procs.push(proc);
    await ready;
    return { url: `http://127.0.0.1:${port}/graphql`, proc };
  };
  let router: { url: string; proc: Proc };
  const started = performance.now();
  try {
    const startSubgraph = async (name: string) => {
      const port = await freePort();
      const { proc, ready } = spawnNode(
        `subgraphs/${name}/src/server.ts`,
        { ...env, ...urlVars(), LOG_LEVEL: 'info', ...options.subgraphEnv, PORT: String(port) },
        /subgraph listening/,
      );
      procs.push(proc);
      await ready;
      subgraphUrls[name] = `http://127.0.0.1:${port}/graphql`;
    };
    // Fleet calls identity's internal API (machine credentials): identity first, then the others side by
    // side (a stack's start-up is most of an e2e file's time), then the router with every URL.
    await startSubgraph('identity');
    const others = await Promise.allSettled(['work', 'governance', 'fleet', 'chat'].map(startSubgraph));
    const failed = others.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    router = await startRouter();
    // Start-up is most of an e2e file's time: logged so runs can compare the sum (grep 'e2e stack').
    console.info(`e2e stack: production stack started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    // A process that never got ready: nobody else would stop the ones already started.
    await Promise.all(procs.map((proc) => proc.stop()));
    throw error;
  }
  return {
    routerUrl: router.url,
    subgraphUrls,
    env,
    procs,
    async startRouter(extra) {
      const began = performance.now();
      const started = await startRouter(extra);
      console.info(`e2e stack: extra router started in ${((performance.now() - began) / 1000).toFixed(1)} s`);
      return started;
    },
    async stop() {
      await Promise.all(procs.map((proc) => proc.stop()));
    },
  };
}

/** A fresh database on the run's PostgreSQL server, for a stack that must not share tables. */
export async function freshDatabase(postgresUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mc_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

export interface GqlResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; extensions?: Record<string, any> }[] };
}

export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GqlResponse<T>['body'];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 300)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

export const bearer = (token: string, organizationId?: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  ...(organizationId ? { 'x-organization-id': organizationId } : {}),
});
