/** Fleet subgraph configuration, parsed once at start. */
import { baseEnvSchema, parseEnv } from '@mc/kit';
import { z } from 'zod';

export const fleetEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4104),
  /** Where fleet reaches identity's internal API to issue and revoke machine credentials. */
  SUBGRAPH_IDENTITY_URL: z.url().default('http://127.0.0.1:4101/graphql'),
  /** A gateway silent for longer than this is marked OFFLINE by the sweep. */
  GATEWAY_OFFLINE_AFTER_SECONDS: z.coerce.number().int().min(1).default(90),
  /** How often the offline sweep runs (a repeatable job). */
  GATEWAY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(30_000),
  /** Heartbeat samples older than this are pruned. */
  HEARTBEAT_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
  /** Default lifetime of a gateway registration token. */
  REGISTRATION_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
});

export type FleetEnv = z.infer<typeof fleetEnvSchema>;

export const loadFleetEnv = (source?: Record<string, string | undefined>) => parseEnv(fleetEnvSchema, source);
