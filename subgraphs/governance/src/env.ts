/** Governance subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

export const governanceEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4103),
});

export type GovernanceEnv = z.infer<typeof governanceEnvSchema>;

export const loadGovernanceEnv = (source?: Record<string, string | undefined>) => parseEnv(governanceEnvSchema, source);
