/**
 * A subgraph's runtime: its database, event bus, rate limiter, logger, metrics and clock. The same
 * module runs alone (one runtime per process) or mounted in the embedded server (runtimes share one
 * PGlite instance and one in-memory bus).
 */
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { type Clock, systemClock } from './clock.ts';
import type { RequestContext } from './context.ts';
import { type DatabaseHandle, openDatabase } from './db.ts';
import { DatabaseJobQueue } from './db-job-queue.ts';
import { DomainEvents } from './domain-events.ts';
import { EnvError, parseEnv, streamEnvSchema } from './env.ts';
import { createEventStream, type EventStream } from './event-stream.ts';
import { createEventBus, type EventBus } from './events.ts';
import { createJobQueue, customStreamPrefix, type JobQueue } from './jobs.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type ServiceMetrics } from './metrics.ts';
import { eventTablesSql } from './outbox.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';
import { createSecretBox, parseSecretsKeys, readOrCreateSecretsKey, type SecretBox } from './secret-box.ts';
import { StreamLog } from './stream-log.ts';

export interface SubgraphRuntime {
  name: string;
  database: DatabaseHandle;
  /** Live fan-out (pub/sub): fire-and-forget notifications. */
  bus: EventBus;
  /** Durable domain events between subgraphs (outbox → stream → inbox). */
  events: DomainEvents;
  /** Lossless per-key streams (sequence, replay, live) for resumable subscriptions. */
  streams: StreamLog;
  /**
   * A background job queue of this subgraph: BullMQ with Redis; without Redis, on PGlite on disk (the
   * embedded mode) a queue in the database, so jobs survive restarts; otherwise in-process.
   */
  queue<T>(name: string): JobQueue<T>;
  /** Closes every queue made by `queue()`. */
  closeQueues(): Promise<void>;
  rateLimiter: RateLimiter;
  /** Encrypts secrets kept at rest with `SECRETS_KEY` (AES-256-GCM). */
  secrets: SecretBox;
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
  /** Redis key prefix of the event streams (`EVENT_STREAM_PREFIX`). */
  streamPrefix?: string;
  logLevel?: string;
  production?: boolean;
  clock?: Clock;
  envSource?: Record<string, string | undefined>;
  /** The Postgres schema the subgraph owns (default: its name). */
  dbSchema?: string;
  /** Share these across subgraphs in one process (embedded mode, tests). */
  shared?: Partial<Pick<SubgraphRuntime, 'bus' | 'rateLimiter' | 'database'> & { stream: EventStream }>;
  metricsDefaults?: boolean;
  /** The at-rest encryption key (base64, 32 bytes); default: `SECRETS_KEY` of `envSource`. */
  secretsKey?: string;
}

/** File under the data folder that keeps the generated key when none is configured (not in production). */
export const SECRETS_KEY_FILE = 'secrets-key';

/** The at-rest key: configured, or in development generated once under the data folder. */
function resolveSecretsKey(options: RuntimeOptions): string {
  const configured = options.secretsKey ?? options.envSource?.SECRETS_KEY;
  if (configured) return configured;
  if (options.production) {
    throw new EnvError('Invalid configuration:\n  SECRETS_KEY: required in production (32 bytes in base64)');
  }
  return readOrCreateSecretsKey(join(options.dataDir, SECRETS_KEY_FILE));
}

export async function createRuntime(options: RuntimeOptions): Promise<SubgraphRuntime> {
  const secrets = createSecretBox(resolveSecretsKey(options), {
    previousKeys: parseSecretsKeys(options.envSource?.SECRETS_KEY_PREVIOUS),
  });
  const database =
    options.shared?.database ??
    (await openDatabase({
      url: options.databaseUrl,
      dataDir: options.dataDir,
      applicationName: `mc-${options.name}`,
    }));
  const logger = createLogger(options.name, options.logLevel);
  const clock = options.clock ?? systemClock;
  const bus = options.shared?.bus ?? createEventBus(options.redisUrl);
  const metrics = createMetrics(options.name, { defaults: options.metricsDefaults });
  const streamEnv = parseEnv(streamEnvSchema, options.envSource ?? {});
  const streams = new StreamLog({
    database,
    schema: options.dbSchema ?? options.name,
    subgraph: options.name,
    bus,
    logger,
    registry: metrics.registry,
    settings: {
      bufferSize: streamEnv.STREAM_BUFFER_SIZE,
      pollMs: streamEnv.STREAM_POLL_MS,
      retentionMs: streamEnv.STREAM_RETENTION_HOURS * 3600_000,
      maxPerStream: streamEnv.STREAM_MAX_PER_STREAM,
    },
  });
  const events = new DomainEvents({
    database,
    schema: options.dbSchema ?? options.name,
    stream: options.shared?.stream ?? createEventStream(options.redisUrl, options.streamPrefix),
    clock,
    logger,
    streams,
  });
  const queues: JobQueue<unknown>[] = [];
  return {
    name: options.name,
    queue<T>(name: string): JobQueue<T> {
      // PostgreSQL without Redis is the subgraph tests' shape (one database shared by parallel test
      // files): a shared table would hand one file's jobs to another's workers, so those stay in-process.
      const queue =
        !options.redisUrl && database.kind === 'pglite' && database.persistent
          ? new DatabaseJobQueue<T>({ database, schema: options.dbSchema ?? options.name, name, logger })
          : createJobQueue<T>({
              redisUrl: options.redisUrl,
              subgraph: options.name,
              name,
              logger,
              streamPrefix: options.streamPrefix,
            });
      queues.push(queue as JobQueue<unknown>);
      return queue;
    },
    async closeQueues() {
      await Promise.all(queues.splice(0).map((queue) => queue.close()));
    },
    database,
    bus,
    events,
    streams,
    rateLimiter:
      options.shared?.rateLimiter ??
      createRateLimiter(options.redisUrl, `${customStreamPrefix(options.streamPrefix) ?? 'mc:'}${options.name}:`),
    secrets,
    logger,
    metrics,
    clock,
    production: options.production ?? false,
    envSource: options.envSource ?? {},
  };
}

/** Applies the module's migrations, starts its event relay, then builds it. */
export async function startModule<Context extends RequestContext>(
  module: SubgraphModule<Context>,
  runtime: SubgraphRuntime,
): Promise<SubgraphInstance<Context>> {
  await runtime.database.migrate({
    schema: module.dbSchema,
    migrationsFolder: module.migrationsFolder,
    extra: eventTablesSql(module.dbSchema),
  });
  await runtime.events.start();
  return module.create(runtime);
}

/** Stops what a runtime runs and releases what it opened (shared parts are the owner's to close). */
export async function stopRuntime(runtime: SubgraphRuntime, owned: { bus?: boolean; database?: boolean } = {}) {
  await runtime.events.stop();
  await runtime.closeQueues();
  if (owned.bus ?? true) {
    await runtime.bus.close();
    await runtime.events.stream.close();
    await runtime.rateLimiter.close();
  }
  if (owned.database ?? true) await runtime.database.close();
}
