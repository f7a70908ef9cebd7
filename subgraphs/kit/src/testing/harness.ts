/** Starts a subgraph module for tests on a real database: the run's PostgreSQL database or PGlite. */
import { inject } from 'vitest';
import type { Clock } from '../clock.ts';
import type { RequestContext } from '../context.ts';
import { MemoryEventStream } from '../event-stream.ts';
import { type EventBus, MemoryEventBus } from '../events.ts';
import { MemoryRateLimiter } from '../rate-limit.ts';
import {
  createRuntime,
  type SubgraphInstance,
  type SubgraphModule,
  type SubgraphRuntime,
  startModule,
  stopRuntime,
} from '../runtime.ts';

export type TestDatabaseKind = 'postgres' | 'pglite';
export const DATABASE_KINDS: TestDatabaseKind[] = ['postgres', 'pglite'];

export interface TestSubgraph<Context extends RequestContext> {
  instance: SubgraphInstance<Context>;
  runtime: SubgraphRuntime;
  close(): Promise<void>;
}

export function testDatabaseUrl(kind: TestDatabaseKind): string {
  return kind === 'postgres' ? inject('postgresUrl') : 'pglite://memory';
}

/** A fixed at-rest key for tests (never used outside them). */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

export async function startTestSubgraph<Context extends RequestContext>(
  module: SubgraphModule<Context>,
  kind: TestDatabaseKind,
  options: {
    envSource?: Record<string, string | undefined>;
    clock?: Clock;
    /** The live bus (default: a new in-memory one); closed with the subgraph. */
    bus?: EventBus;
  } = {},
): Promise<TestSubgraph<Context>> {
  const runtime = await createRuntime({
    name: module.name,
    databaseUrl: testDatabaseUrl(kind),
    dataDir: '.data/test',
    redisUrl: undefined,
    logLevel: 'silent',
    clock: options.clock,
    envSource: options.envSource ?? {},
    metricsDefaults: false,
    dbSchema: module.dbSchema,
    secretsKey: options.envSource?.SECRETS_KEY ?? TEST_SECRETS_KEY,
    shared: {
      bus: options.bus ?? new MemoryEventBus(),
      rateLimiter: new MemoryRateLimiter(),
      stream: new MemoryEventStream(),
    },
  });
  const instance = await startModule(module, runtime);
  return {
    instance,
    runtime,
    async close() {
      await instance.close?.();
      await stopRuntime(runtime);
    },
  };
}
