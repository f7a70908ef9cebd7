/** Governance subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

export const governanceEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4103),
  /**
   * How long `createApproval` waits for a board it has not heard of yet (work's `boardCreated` is
   * asynchronous) before answering NOT_FOUND.
   */
  BOARD_PROJECTION_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(2_000),
});

export type GovernanceEnv = z.infer<typeof governanceEnvSchema>;

export const loadGovernanceEnv = (source?: Record<string, string | undefined>) => parseEnv(governanceEnvSchema, source);
