/** Configuration of the ops scripts (migrate, seed, schema, benchmark): the one place they read the environment. */
import { baseEnvSchema, parseEnv, processEnv } from '@mc/kit';
import { z } from 'zod';

export const opsEnvSchema = baseEnvSchema.extend({
  /** The router the seed script talks to. */
  ROUTER_URL: z.string().url().default('http://localhost:4000/graphql'),
  /** The admin token the router accepts in `AUTH_MODE=local`. */
  LOCAL_AUTH_TOKEN: z.string().optional(),
  /** A git ref whose `schema/supergraph.graphql` is the baseline for breaking changes (CI on pull requests). */
  SCHEMA_BASE_REF: z.string().optional(),
  /** The PostgreSQL server the benchmark creates its throwaway database on. */
  BENCH_POSTGRES_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
  BENCH_DURATION_SECONDS: z.coerce.number().int().min(1).default(10),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).default(50),
  /** Peer benchmark: how many times each target is measured, in rotating order (the report takes medians). */
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(9).default(3),
});

export type OpsEnv = z.infer<typeof opsEnvSchema>;

export const loadOpsEnv = (source: Record<string, string | undefined> = processEnv()) => parseEnv(opsEnvSchema, source);

/** The environment to hand to child processes (benchmark subgraphs and router). */
export const inheritedEnv = (): Record<string, string | undefined> => processEnv();
