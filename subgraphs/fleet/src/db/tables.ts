/**
 * Drizzle tables of the fleet subgraph, all in the `fleet` Postgres schema. Organization and board
 * ids are plain uuids: organizations live in identity and boards in work; what fleet knows about
 * boards comes only from work's domain events (`board_states`).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const fleetSchema = pgSchema('fleet');

// Millisecond precision: keyset cursors and the clock carry JS dates.
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
const timestamps = {
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
};

export const gatewayStatus = fleetSchema.enum('gateway_status', ['PENDING', 'ONLINE', 'OFFLINE', 'ERROR']);
export const pairingMode = fleetSchema.enum('pairing_mode', ['DEVICE', 'CONTROL_UI']);
export const agentStatus = fleetSchema.enum('agent_status', ['PROVISIONING', 'ONLINE', 'OFFLINE', 'ERROR', 'DELETING']);
export const linkState = fleetSchema.enum('link_state', ['CONNECTED', 'CONNECTING', 'DISCONNECTED']);
export const agentKind = fleetSchema.enum('agent_kind', ['GATEWAY_MAIN', 'LEAD', 'WORKER']);
export const teamRole = fleetSchema.enum('team_role', ['LEADER', 'SPECIALIST', 'MEMBER', 'REVIEWER']);
export const proficiency = fleetSchema.enum('proficiency', ['NOVICE', 'STANDARD', 'EXPERT']);

/**
 * OpenClaw gateways. `token_sealed` is the gateway's own access token (dial-out), encrypted with the
 * runtime's secret box and never returned; `credential_id` is the identity machine credential the
 * gateway presents to us (dial-in), set by registration.
 */
export const gateways = fleetSchema.table(
  'gateways',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    name: text('name').notNull(),
    url: text('url'),
    tokenSealed: text('token_sealed'),
    /** Fleet's Ed25519 device identity toward this gateway (dial-out, DEVICE pairing), sealed. */
    deviceIdentitySealed: text('device_identity_sealed'),
    /** The device token the gateway issued on pairing, sealed. */
    deviceTokenSealed: text('device_token_sealed'),
    workspaceRoot: text('workspace_root').notNull(),
    allowSelfSignedTls: boolean('allow_self_signed_tls').notNull().default(false),
    pairingMode: pairingMode('pairing_mode').notNull().default('DEVICE'),
    status: gatewayStatus('status').notNull().default('PENDING'),
    lastSeenAt: instant('last_seen_at'),
    statusChangedAt: instant('status_changed_at'),
    lastError: text('last_error'),
    version: text('version'),
    credentialId: uuid('credential_id'),
    registeredAt: instant('registered_at'),
    /**
     * The link as last reported (any instance), on change only: dial-out, what fleet's pooled connections
     * saw; dial-in, a bridge starting (CONNECTED) and ending (DISCONNECTED) its inbox subscription.
     */
    linkState: linkState('link_state'),
    linkSince: instant('link_since'),
    linkError: text('link_error'),
    linkServerVersion: text('link_server_version'),
    /** Dial-in: the address the bridge's socket came from, as the router signed it (never logged). */
    linkClientAddress: text('link_client_address'),
    /** Dial-in: when a bridge last followed the gateway's inbox (refreshed while it follows). */
    inboxFollowedAt: instant('inbox_followed_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('gateways_org_name_key').on(t.organizationId, t.name),
    index('gateways_org_page_idx').on(t.organizationId, t.createdAt, t.id),
    index('gateways_online_seen_idx').on(t.lastSeenAt).where(sql`${t.status} = 'ONLINE'`),
  ],
);

/** One-time registration tokens (stored as sha256); `gateway_id` set means "re-register this gateway". */
export const registrationTokens = fleetSchema.table(
  'gateway_registration_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    gatewayId: uuid('gateway_id').references(() => gateways.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdBy: text('created_by').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    usedByGatewayId: uuid('used_by_gateway_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gateway_registration_tokens_hash_key').on(t.tokenHash),
    index('gateway_registration_tokens_org_idx').on(t.organizationId, t.createdAt),
  ],
);

/** Heartbeat history, bounded by a retention window (older samples are pruned on insert). */
export const heartbeats = fleetSchema.table(
  'gateway_heartbeats',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    gatewayId: uuid('gateway_id')
      .notNull()
      .references(() => gateways.id, { onDelete: 'cascade' }),
    at: instant('at').notNull(),
    activeSessions: integer('active_sessions').notNull(),
    memoryBytes: bigint('memory_bytes', { mode: 'number' }).notNull(),
    cpuPercent: real('cpu_percent').notNull(),
    agentCount: integer('agent_count').notNull(),
    version: text('version').notNull(),
  },
  (t) => [index('gateway_heartbeats_gateway_at_idx').on(t.gatewayId, t.at)],
);

/** What fleet knows about work's boards, from work's events: organization, agent cap, deletion. */
export const boardStates = fleetSchema.table('board_states', {
  boardId: uuid('board_id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  maxAgents: integer('max_agents').notNull().default(1),
  deletedAt: instant('deleted_at'),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * Agents on gateways. `lifecycle_generation` grows with every change that needs the gateway to be
 * (re)provisioned: work started for an older generation is discarded.
 */
export const agents = fleetSchema.table(
  'agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    gatewayId: uuid('gateway_id')
      .notNull()
      .references(() => gateways.id, { onDelete: 'restrict' }),
    boardId: uuid('board_id'),
    /** The agent's id on its gateway when it was imported; otherwise `mc-<id>`. */
    remoteAgentId: text('remote_agent_id'),
    name: text('name').notNull(),
    kind: agentKind('kind').notNull().default('WORKER'),
    status: agentStatus('status').notNull().default('PROVISIONING'),
    lastError: text('last_error'),
    lifecycleGeneration: integer('lifecycle_generation').notNull().default(1),
    wakeAttempts: integer('wake_attempts').notNull().default(0),
    provisionDeadlineAt: instant('provision_deadline_at'),
    checkedInAt: instant('checked_in_at'),
    /** Set while the agent is OFFLINE (or waiting in PROVISIONING) because its gateway is unreachable. */
    gatewayLostAt: instant('gateway_lost_at'),
    ...timestamps,
  },
  (t) => [
    index('agents_org_page_idx').on(t.organizationId, t.createdAt, t.id),
    index('agents_gateway_idx').on(t.gatewayId),
    index('agents_board_idx').on(t.boardId),
    uniqueIndex('agents_one_gateway_main_key').on(t.gatewayId).where(sql`${t.kind} = 'GATEWAY_MAIN'`),
    uniqueIndex('agents_one_lead_per_board_key').on(t.boardId).where(sql`${t.kind} = 'LEAD'`),
    uniqueIndex('agents_gateway_name_key').on(t.gatewayId, t.name),
    uniqueIndex('agents_gateway_remote_key').on(t.gatewayId, t.remoteAgentId),
    check('agents_main_without_board_check', sql`${t.kind} <> 'GATEWAY_MAIN' or ${t.boardId} is null`),
  ],
);

export const teams = fleetSchema.table(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('teams_org_name_key').on(t.organizationId, t.name),
    index('teams_org_page_idx').on(t.organizationId, t.createdAt, t.id),
  ],
);

export const teamMembers = fleetSchema.table(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    role: teamRole('role').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.agentId] }),
    index('team_members_agent_idx').on(t.agentId),
    uniqueIndex('team_members_one_leader_key').on(t.teamId).where(sql`${t.role} = 'LEADER'`),
  ],
);

/** Capabilities are normalized names (lowercase, trimmed) with a proficiency. */
export const agentCapabilities = fleetSchema.table(
  'agent_capabilities',
  {
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    name: text('name').notNull(),
    proficiency: proficiency('proficiency').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.name] }),
    index('agent_capabilities_org_name_idx').on(t.organizationId, t.name),
  ],
);

/**
 * Chat messages fleet's relay is delivering in the process that took them off the stream
 * (`relay/chat-relay.ts`): the message, and a lease its holder renews while the run lasts. A lease that
 * lapses (the process died or stalled) is handed to the relay queue; a finished delivery deletes its row.
 */
export const chatRelayLeases = fleetSchema.table(
  'chat_relay_leases',
  {
    messageId: uuid('message_id').primaryKey(),
    /** The relay job (`RelayJob`): the message as chat sent it, when fleet took it, the attempt. */
    job: jsonb('job').notNull(),
    holder: text('holder').notNull(),
    leaseUntil: instant('lease_until').notNull(),
  },
  (t) => [index('chat_relay_leases_until_idx').on(t.leaseUntil)],
);
