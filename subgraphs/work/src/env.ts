/** Work subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

export const workEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4102),
  /** Delivery attempts of a webhook payload in all, the first included. */
  WEBHOOK_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** First retry delay of a webhook delivery; doubles per attempt. */
  WEBHOOK_DELIVERY_BACKOFF_MS: z.coerce.number().int().min(1).default(2_000),
});

export type WorkEnv = z.infer<typeof workEnvSchema>;

export const loadWorkEnv = (source?: Record<string, string | undefined>) => parseEnv(workEnvSchema, source);
