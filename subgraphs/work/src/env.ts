/** Work subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

export const workEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4102),
});

export type WorkEnv = z.infer<typeof workEnvSchema>;

export const loadWorkEnv = (source?: Record<string, string | undefined>) => parseEnv(workEnvSchema, source);
