/** Identity subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const identityEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4101),
  /** Signs H5 access tokens; the router verifies them with the same secret. Required for H5 auth. */
  H5_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Argon2id cost (OWASP baseline: 19 MiB, 2 passes). Tests may lower it; production should not. */
  H5_ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19_456),
  H5_ARGON2_TIME_COST: z.coerce.number().int().min(1).default(2),
  /** Rate limits, per organization + email (refresh: per token family), over a fixed window. */
  H5_LOGIN_LIMIT: count(10),
  H5_LOGIN_WINDOW_SECONDS: count(60),
  H5_REGISTER_LIMIT: count(5),
  H5_REGISTER_WINDOW_SECONDS: count(600),
  H5_REFRESH_LIMIT: count(30),
  H5_REFRESH_WINDOW_SECONDS: count(60),
});

export type IdentityEnv = z.infer<typeof identityEnvSchema>;

export const loadIdentityEnv = (source?: Record<string, string | undefined>) => parseEnv(identityEnvSchema, source);
