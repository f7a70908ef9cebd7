/** The production router process: one instance of many behind a load balancer. */
import { createEventBus, createLogger, createMetrics, processEnv } from '@mc/kit';
import { loadRouterEnv, subgraphUrlOverrides } from './env.ts';
import { startRouter } from './server.ts';
import { supergraphUrls } from './supergraph.ts';

const source = processEnv();
const env = loadRouterEnv(source);
const logger = createLogger('router', env.LOG_LEVEL);
const bus = createEventBus(env.REDIS_URL);
const router = await startRouter({
  env,
  subgraphUrls: { ...supergraphUrls(env.SUPERGRAPH_PATH), ...subgraphUrlOverrides(source) },
  logger,
  metrics: createMetrics('router'),
  bus,
});
logger.info({ url: router.url }, 'router listening');

const shutdown = async (signal: string) => {
  logger.info({ signal }, 'shutting down');
  await router.close();
  await bus.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
