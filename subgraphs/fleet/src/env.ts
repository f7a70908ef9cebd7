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
  /** How often gateways fleet only dials out to are probed (connect + health). */
  GATEWAY_PROBE_INTERVAL_MS: z.coerce.number().int().min(10).default(30_000),
  /** Heartbeat samples older than this are pruned. */
  HEARTBEAT_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
  /** How long an agent has to check in after a wake message. */
  AGENT_CHECKIN_TIMEOUT_MS: z.coerce.number().int().min(10).default(30_000),
  /** Wake messages before an agent that does not check in is marked OFFLINE. */
  AGENT_MAX_WAKES: z.coerce.number().int().min(1).max(10).default(3),
  /** Deadline of one request to a gateway (GatewayLink). */
  GATEWAY_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(10).default(10_000),
  /** Time allowed to create the agent, write its files and open its session before the first wake. */
  PROVISION_SETUP_BUDGET_MS: z.coerce.number().int().min(10).default(60_000),
  /** How often stuck provisioning is reconciled (a repeatable job). */
  AGENT_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(10).default(60_000),
  /** Attempts of a provisioning step on retryable gateway failures, and the first retry delay. */
  PROVISION_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  PROVISION_BACKOFF_MS: z.coerce.number().int().min(1).default(1_000),
  /**
   * Dial-in: a gateway counts as connected while a bridge follows its inbox and for this long after
   * (a bridge restart); requests to a gateway nobody follows fail at once with CONNECT_FAILED.
   */
  DIAL_IN_FOLLOWER_GRACE_MS: z.coerce.number().int().min(100).default(15_000),
  /** Gateways are told to heartbeat this often (`nextHeartbeatSeconds`; the offline limit is three of these by default). */
  GATEWAY_HEARTBEAT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Default lifetime of a gateway registration token. */
  REGISTRATION_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  /** `registerGateway` attempts per minute, all callers together, and with any one token. */
  REGISTRATION_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  REGISTRATION_ATTEMPTS_PER_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  /** …and from any one network address (an IPv6 /64), as the router signed it. */
  REGISTRATION_ATTEMPTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Chat relay: how long a message waits for its agent (ONLINE) and gateway before chat is told it failed. */
  CHAT_RELAY_HOLD_SECONDS: z.coerce.number().positive().default(300),
  /** Chat relay: first and longest pause between delivery attempts of a held message. */
  CHAT_RELAY_RETRY_MS: z.coerce.number().int().min(10).default(1_000),
  CHAT_RELAY_RETRY_MAX_MS: z.coerce.number().int().min(10).default(10_000),
  /** Chat relay: how long a run may take, from the send to its final part. */
  CHAT_RELAY_REPLY_TIMEOUT_MS: z.coerce.number().int().min(100).default(180_000),
  /**
   * Chat relay: messages relayed at the same time per fleet instance — first attempts in the process that
   * took the message, and as many again from the relay queue (held and handed-on messages).
   */
  CHAT_RELAY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  /**
   * Chat relay: a first attempt runs in the process that took the message under a lease of this length,
   * renewed while its run lasts; a lease that lapses (the process died) hands the message to the relay queue.
   */
  CHAT_RELAY_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Mention relay: how long a mention waits for its agent (ONLINE) and gateway before it is recorded as undelivered. */
  MENTION_RELAY_HOLD_SECONDS: z.coerce.number().positive().default(3600),
  /** Mention relay: first and longest pause between delivery attempts of a held mention. */
  MENTION_RELAY_RETRY_MS: z.coerce.number().int().min(10).default(1_000),
  MENTION_RELAY_RETRY_MAX_MS: z.coerce.number().int().min(10).default(60_000),
  /** Webhook relay: how long a payload waits for its agent (ONLINE) and gateway before it is recorded as undelivered. */
  WEBHOOK_RELAY_HOLD_SECONDS: z.coerce.number().positive().default(3600),
  /** Webhook relay: first and longest pause between delivery attempts of a held payload. */
  WEBHOOK_RELAY_RETRY_MS: z.coerce.number().int().min(10).default(1_000),
  WEBHOOK_RELAY_RETRY_MAX_MS: z.coerce.number().int().min(10).default(60_000),
});

export type FleetEnv = z.infer<typeof fleetEnvSchema>;

export const loadFleetEnv = (source?: Record<string, string | undefined>) => parseEnv(fleetEnvSchema, source);
