/** Router configuration: parsed once, validated strictly (weak admin tokens refuse to start). */
import { baseEnvSchema, EnvError, MAX_BATCH_OPERATIONS, parseEnv } from '@mc/kit';
import { z } from 'zod';
import { isAddressOrRange } from './auth/client-address.ts';

export const LOCAL_TOKEN_MIN = 50;

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const routerEnvSchema = baseEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  AUTH_MODE: z.enum(['local', 'oidc']).default('local'),
  LOCAL_AUTH_TOKEN: z.string().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_JWKS_URL: z.string().url().optional(),
  OIDC_AUDIENCE: z.string().optional(),
  /** The console's OIDC client (a public client using PKCE) and the scopes it asks for. */
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_SCOPE: z.string().default('openid profile email'),
  /** Where the built admin console is (default: admin/.output/public in the repository). */
  CONSOLE_DIR: z.string().optional(),
  H5_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CORS_ORIGINS: commaList,
  /**
   * Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client; empty: the header
   * is ignored and the socket's peer is the client.
   */
  TRUSTED_PROXIES: commaList.refine((entries) => entries.every(isAddressOrRange), {
    message: 'must be a comma-separated list of IP addresses or CIDR ranges',
  }),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_COST: z.coerce.number().int().min(1).default(5000),
  MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).default(30),
  MAX_TOKENS: z.coerce.number().int().min(10).default(4000),
  /** Live subscriptions allowed on one graphql-ws connection, and for one principal per instance. */
  SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(100),
  SUBSCRIPTIONS_PER_IDENTITY: z.coerce.number().int().min(1).default(500),
  /** Results a subscriber may have waiting before it is ended as too slow (SLOW_CONSUMER). */
  SUBSCRIPTION_BUFFER: z.coerce.number().int().min(1).default(1000),
  /**
   * The most reads for one subgraph sent as one batch request (`subgraph-batch.ts`) when they are
   * ready in the same turn of the event loop; 1 sends every read on its own.
   */
  SUBGRAPH_BATCH_MAX: z.coerce.number().int().min(1).max(MAX_BATCH_OPERATIONS).default(MAX_BATCH_OPERATIONS),
  /** How long a resolved principal is reused before identity is asked again. */
  PRINCIPAL_CACHE_SECONDS: z.coerce.number().int().min(0).default(10),
});

export type RouterEnv = z.infer<typeof routerEnvSchema> & { INTERNAL_SIGNING_SECRET: string };

const PLACEHOLDER = /change.?me|changeme|replace|placeholder|your[-_ ]?token|example|secret|password|^(.)\1+$|^x+$/i;

/** Refuses a local admin token that is short or obviously a placeholder. */
export function checkLocalToken(token: string | undefined): string {
  if (!token) throw new EnvError('Invalid configuration:\n  LOCAL_AUTH_TOKEN: required when AUTH_MODE=local');
  if (token.length < LOCAL_TOKEN_MIN) {
    throw new EnvError(`Invalid configuration:\n  LOCAL_AUTH_TOKEN: must be at least ${LOCAL_TOKEN_MIN} characters`);
  }
  if (PLACEHOLDER.test(token) || new Set(token).size < 10) {
    throw new EnvError('Invalid configuration:\n  LOCAL_AUTH_TOKEN: looks like a placeholder; generate a random token');
  }
  return token;
}

export function loadRouterEnv(source: Record<string, string | undefined>): RouterEnv {
  const env = parseEnv(routerEnvSchema, source);
  if (!env.INTERNAL_SIGNING_SECRET) {
    throw new EnvError('Invalid configuration:\n  INTERNAL_SIGNING_SECRET: required (at least 32 characters)');
  }
  if (env.AUTH_MODE === 'local') checkLocalToken(env.LOCAL_AUTH_TOKEN);
  if (env.AUTH_MODE === 'oidc' && (!env.OIDC_ISSUER || !env.OIDC_JWKS_URL)) {
    throw new EnvError('Invalid configuration:\n  OIDC_ISSUER and OIDC_JWKS_URL: required when AUTH_MODE=oidc');
  }
  return env as RouterEnv;
}

/** `SUBGRAPH_<NAME>_URL` variables: run-time URLs that override those in the supergraph file. */
export function subgraphUrlOverrides(source: Record<string, string | undefined>): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const match = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(key);
    if (match && value) urls[match[1].toLowerCase()] = value;
  }
  return urls;
}
