/** Environment parsing: the only place in the repository that reads `process.env`. */
import { z } from 'zod';
import { isSecretsKey, parseSecretsKeys } from './secret-box.ts';

export const INTERNAL_SECRET_MIN = 32;

/** Settings every subgraph and the router share. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  /** `postgres://…` for PostgreSQL, or unset/`pglite://<dir>` for the embedded database. */
  DATABASE_URL: z.string().optional(),
  /** Where embedded data (PGlite, generated tokens) lives. */
  DATA_DIR: z.string().default('.data'),
  /** `redis://…` selects Redis for events and rate limits; unset means in-memory (one process). */
  REDIS_URL: z.string().optional(),
  /** Redis key prefix of the durable event streams: one deployment, one prefix. */
  EVENT_STREAM_PREFIX: z
    .string()
    .regex(/^[\w:.-]+:$/, 'letters, digits, `_.-:`, ending with `:`')
    .default('mc:stream:'),
  /** HMAC key for the short-lived identity the router signs for subgraphs. */
  INTERNAL_SIGNING_SECRET: z
    .string()
    .min(INTERNAL_SECRET_MIN, `must be at least ${INTERNAL_SECRET_MIN} characters`)
    .optional(),
  /**
   * 32 random bytes in base64: the key that encrypts secrets at rest (`kit/secret-box.ts`). Required in
   * production; embedded mode and local development keep a generated one in DATA_DIR.
   */
  SECRETS_KEY: z.string().refine(isSecretsKey, 'must be 32 bytes in base64 (openssl rand -base64 32)').optional(),
  /** Keys `SECRETS_KEY` replaced (comma-separated): values sealed with them still open, and are resealed. */
  SECRETS_KEY_PREVIOUS: z
    .string()
    .refine((value) => parseSecretsKeys(value).every(isSecretsKey), 'each key must be 32 bytes in base64')
    .optional(),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** Lossless streams (`kit/stream-log.ts`), read by every subgraph runtime. */
export const streamEnvSchema = z.object({
  /** Live entries a subscriber may have waiting before it is told to resync. */
  STREAM_BUFFER_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** How often followed streams are checked against the database (catches publishes lost by the bus). */
  STREAM_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(2000),
  /** Entries older than this are pruned; resuming from before them answers RESYNC_REQUIRED. */
  STREAM_RETENTION_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 365)
    .default(168),
  /** At most this many entries are kept per stream. */
  STREAM_MAX_PER_STREAM: z.coerce.number().int().min(1).default(10_000),
});

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses the environment with a zod schema; throws one readable error listing every problem. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** A copy of the process environment, for code that must pass it on (child processes, tests). */
export function processEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
