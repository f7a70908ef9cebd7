/** Runs one subgraph module as its own process: parse env, migrate, serve, shut down cleanly. */
import { z } from 'zod';
import type { RequestContext } from './context.ts';
import { baseEnvSchema, parseEnv, processEnv } from './env.ts';
import { createRuntime, type SubgraphModule, startModule, stopRuntime } from './runtime.ts';
import { serveSubgraph } from './server.ts';

const standaloneEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535),
  INTERNAL_SIGNING_SECRET: baseEnvSchema.shape.INTERNAL_SIGNING_SECRET.unwrap(),
});

export async function runStandalone<Context extends RequestContext>(
  module: SubgraphModule<Context>,
  defaultPort: number,
): Promise<void> {
  const source = processEnv();
  const env = parseEnv(standaloneEnvSchema, { PORT: String(defaultPort), ...source });
  const runtime = await createRuntime({
    name: module.name,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    redisUrl: env.REDIS_URL,
    streamPrefix: env.EVENT_STREAM_PREFIX,
    logLevel: env.LOG_LEVEL,
    production: env.NODE_ENV === 'production',
    envSource: source,
    dbSchema: module.dbSchema,
    secretsKey: env.SECRETS_KEY,
  });
  const instance = await startModule(module, runtime);
  const served = await serveSubgraph(instance, runtime, {
    port: env.PORT,
    host: env.HOST,
    secret: env.INTERNAL_SIGNING_SECRET,
  });
  const shutdown = async (signal: string) => {
    runtime.logger.info({ signal }, 'shutting down');
    await served.close();
    await stopRuntime(runtime);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
