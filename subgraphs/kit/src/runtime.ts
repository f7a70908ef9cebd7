/**
 * A subgraph's runtime: its database, event bus, rate limiter, logger, metrics and clock. The same
 * module runs alone (one runtime per process) or mounted in the embedded server (runtimes share one
 * PGlite instance and one in-memory bus).
 */
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { type Clock, systemClock } from './clock.ts';
import type { RequestContext } from './context.ts';
import { type DatabaseHandle, openDatabase } from './db.ts';
import { createEventBus, type EventBus } from './events.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type ServiceMetrics } from './metrics.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';

export interface SubgraphRuntime {
  name: string;
  database: DatabaseHandle;
  bus: EventBus;
  rateLimiter: RateLimiter;
  logger: Logger;
  metrics: ServiceMetrics;
  clock: Clock;
  production: boolean;
  /** The raw environment; each module parses what it needs with its own `env.ts` schema. */
  envSource: Record<string, string | undefined>;
}

/** What a subgraph module builds from its runtime. */
export interface SubgraphInstance<Context extends RequestContext = RequestContext> {
  name: string;
  schema: GraphQLSchema;
  /** Adds the subgraph's services to the verified request context. */
  createContext(base: RequestContext): Context;
  close?(): Promise<void>;
}

/** A subgraph as a mountable module: its name, migrations and how it builds itself. */
export interface SubgraphModule<Context extends RequestContext = RequestContext> {
  name: string;
  /** Postgres schema (namespace) it owns. */
  dbSchema: string;
  /** The federated schema, also used to print its SDL without starting anything. */
  schema: GraphQLSchema;
  migrationsFolder: string;
  create(runtime: SubgraphRuntime): SubgraphInstance<Context> | Promise<SubgraphInstance<Context>>;
}

export interface RuntimeOptions {
  name: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  logLevel?: string;
  production?: boolean;
  clock?: Clock;
  envSource?: Record<string, string | undefined>;
  /** Share these across subgraphs in one process (embedded mode, tests). */
  shared?: Partial<Pick<SubgraphRuntime, 'bus' | 'rateLimiter' | 'database'>>;
  metricsDefaults?: boolean;
}

export async function createRuntime(options: RuntimeOptions): Promise<SubgraphRuntime> {
  const database =
    options.shared?.database ?? (await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir }));
  return {
    name: options.name,
    database,
    bus: options.shared?.bus ?? createEventBus(options.redisUrl),
    rateLimiter: options.shared?.rateLimiter ?? createRateLimiter(options.redisUrl, `mc:${options.name}:`),
    logger: createLogger(options.name, options.logLevel),
    metrics: createMetrics(options.name, { defaults: options.metricsDefaults }),
    clock: options.clock ?? systemClock,
    production: options.production ?? false,
    envSource: options.envSource ?? {},
  };
}

/** Applies the module's migrations, then builds it. */
export async function startModule<Context extends RequestContext>(
  module: SubgraphModule<Context>,
  runtime: SubgraphRuntime,
): Promise<SubgraphInstance<Context>> {
  await runtime.database.migrate({ schema: module.dbSchema, migrationsFolder: module.migrationsFolder });
  return module.create(runtime);
}
