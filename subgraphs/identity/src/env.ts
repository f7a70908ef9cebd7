/** Identity subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

export const identityEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4101),
  /** Signs H5 access tokens; the router verifies them with the same secret. */
  H5_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

export type IdentityEnv = z.infer<typeof identityEnvSchema>;

export const loadIdentityEnv = (source?: Record<string, string | undefined>) => parseEnv(identityEnvSchema, source);
