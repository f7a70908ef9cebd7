/**
 * Runs one fixture subgraph (`FIXTURE=feed` or `people`) as its own process, the way `runStandalone` runs a
 * real one, without migrations (fixtures keep no tables). Prints `FIXTURE_READY <url>`.
 */
import { createRuntime, processEnv, type SubgraphInstance, serveSubgraph, stopRuntime } from '@mc/kit';
import { feedModule } from './feed.ts';
import { peopleModule } from './people.ts';

const modules = { feed: feedModule, people: peopleModule } as const;
const source = processEnv();
const module = modules[source.FIXTURE as keyof typeof modules];
if (!module) throw new Error(`unknown fixture subgraph ${source.FIXTURE}`);
const runtime = await createRuntime({
  name: module.name,
  databaseUrl: source.DATABASE_URL,
  dataDir: source.DATA_DIR ?? '.data/fixtures',
  redisUrl: source.REDIS_URL,
  logLevel: source.LOG_LEVEL ?? 'warn',
  production: true,
  envSource: source,
  dbSchema: module.dbSchema,
  metricsDefaults: false,
});
const instance = (await module.create(runtime)) as SubgraphInstance;
const served = await serveSubgraph(instance, runtime, {
  port: Number(source.PORT ?? 0),
  host: '127.0.0.1',
  secret: source.INTERNAL_SIGNING_SECRET ?? '',
});
process.stdout.write(`FIXTURE_READY ${served.url}\n`);

const shutdown = async () => {
  await served.close();
  await stopRuntime(runtime);
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
