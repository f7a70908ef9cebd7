/**
 * Embedded mode: the router and every subgraph in one process, on PGlite (data under DATA_DIR) and
 * the in-memory bus. Subgraphs still listen on loopback and are reached over HTTP, exactly as in
 * production. Secrets it needs and was not given are generated once and kept in the data folder.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createEventBus,
  createEventStream,
  createLogger,
  createMetrics,
  createRateLimiter,
  createRuntime,
  openDatabase,
  processEnv,
  readOrCreateSecretsKey,
  SECRETS_KEY_FILE,
  type ServedSubgraph,
  type SubgraphRuntime,
  serveSubgraph,
  startModule,
  stopRuntime,
} from '@mc/kit';
import { consoleBuilt } from './console.ts';
import { loadRouterEnv } from './env.ts';
import { subgraphs, subgraphUrlVar } from './modules.ts';
import { startRouter } from './server.ts';

interface Secrets {
  INTERNAL_SIGNING_SECRET: string;
  H5_JWT_SECRET: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

function readOrCreate(file: string, create: () => string): { value: string; created: boolean } {
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false };
  const value = create();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { value, created: true };
}

const servedUrls = (served: ServedSubgraph[]) =>
  Object.fromEntries(served.map((subgraph) => [subgraphUrlVar(subgraph.name), subgraph.url]));

export async function startEmbedded(source: Record<string, string | undefined>) {
  const dataDir = resolve(source.DATA_DIR || '.data');
  mkdirSync(dataDir, { recursive: true });
  const secrets = JSON.parse(
    readOrCreate(join(dataDir, 'secrets.json'), () =>
      JSON.stringify({ INTERNAL_SIGNING_SECRET: token(48), H5_JWT_SECRET: token(48) } satisfies Secrets),
    ).value,
  ) as Secrets;
  const localToken = source.LOCAL_AUTH_TOKEN
    ? { value: source.LOCAL_AUTH_TOKEN, created: false, stored: false }
    : { ...readOrCreate(join(dataDir, 'local-auth-token'), () => `mc_local_${token(48)}`), stored: true };
  const merged = {
    ...secrets,
    ...source,
    DATA_DIR: dataDir,
    SECRETS_KEY: source.SECRETS_KEY || readOrCreateSecretsKey(join(dataDir, SECRETS_KEY_FILE)),
    AUTH_MODE: source.AUTH_MODE ?? 'local',
    LOCAL_AUTH_TOKEN: localToken.value,
  };
  const env = loadRouterEnv(merged);
  const logger = createLogger('mission-control', env.LOG_LEVEL);

  const database = await openDatabase({ url: env.DATABASE_URL, dataDir });
  const bus = createEventBus(env.REDIS_URL);
  const rateLimiter = createRateLimiter(env.REDIS_URL, 'mc:embedded:');
  const stream = createEventStream(env.REDIS_URL, env.EVENT_STREAM_PREFIX);
  const served: ServedSubgraph[] = [];
  const runtimes: SubgraphRuntime[] = [];
  for (const { module } of subgraphs) {
    const runtime = await createRuntime({
      name: module.name,
      databaseUrl: env.DATABASE_URL,
      dataDir,
      redisUrl: env.REDIS_URL,
      logLevel: env.LOG_LEVEL,
      production: env.NODE_ENV === 'production',
      // Subgraphs that call another's internal API (fleet → identity) find it like the router does.
      envSource: { ...merged, ...servedUrls(served) },
      metricsDefaults: false,
      dbSchema: module.dbSchema,
      shared: { database, bus, rateLimiter, stream },
    });
    runtimes.push(runtime);
    const instance = await startModule(module, runtime);
    served.push(
      await serveSubgraph(instance, runtime, { port: 0, host: '127.0.0.1', secret: env.INTERNAL_SIGNING_SECRET }),
    );
  }
  const router = await startRouter({
    env,
    subgraphUrls: Object.fromEntries(served.map((subgraph) => [subgraph.name, subgraph.url])),
    logger,
    metrics: createMetrics('router'),
    bus,
  });
  return {
    router,
    env,
    dataDir,
    localToken,
    async close() {
      await router.close();
      for (const subgraph of served) await subgraph.close();
      for (const runtime of runtimes) await stopRuntime(runtime, { bus: false, database: false });
      await stream.close();
      await bus.close();
      await rateLimiter.close();
      await database.close();
    },
  };
}

if (import.meta.main) {
  const running = await startEmbedded(processEnv());
  const { router, localToken, dataDir, env } = running;
  const url = `http://localhost:${router.port}/graphql`;
  const tokenLine = localToken.stored
    ? `  Local admin token (kept in ${join(dataDir, 'local-auth-token')}):\n    ${localToken.value}`
    : '  Local admin token: the LOCAL_AUTH_TOKEN you set';
  process.stdout.write(
    [
      '',
      `Mission Control is running (embedded mode, data in ${dataDir})`,
      `  Admin console: http://localhost:${router.port}/${consoleBuilt(env) ? '' : '  (not built: ops/mc start builds it)'}`,
      `  GraphQL API (HTTP and graphql-ws) and IDE: ${url}`,
      '  Sign in: send the header  Authorization: Bearer <local admin token>',
      '  Pick an organization with the header  x-organization-id: <id>  (after createOrganization)',
      tokenLine,
      `MC_READY ${url}`,
      '',
    ].join('\n'),
  );
  const shutdown = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}
