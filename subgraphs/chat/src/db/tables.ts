/**
 * Drizzle tables of the chat subgraph, all in the `chat` Postgres schema. Organization, agent and H5
 * user ids are plain uuids: those records live in identity and fleet, and what chat knows about them
 * comes from their domain events (`agent_states`, `h5_user_states`) and from signed H5 identities.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const chatSchema = pgSchema('chat');

// Millisecond precision: keyset cursors carry JS dates, which would lose microseconds.
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const messageStatus = chatSchema.enum('message_status', ['PENDING', 'SENT', 'FAILED']);
export const messageAuthor = chatSchema.enum('message_author', ['H5_USER', 'AGENT']);
export const sessionEventKind = chatSchema.enum('session_event_kind', ['MESSAGE_CREATED', 'MESSAGE_UPDATED']);

/** Agents as fleet's events describe them: organization, name and status (presence). */
export const agentStates = chatSchema.table('agent_states', {
  agentId: uuid('agent_id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  name: text('name').notNull(),
  status: text('status').notNull(),
  deletedAt: instant('deleted_at'),
  /** When fleet's latest applied event happened: older events arriving late change nothing. */
  changedAt: instant('changed_at').notNull(),
});

/** H5 users as identity's events (or their own signed calls) describe them: which organization. */
export const h5UserStates = chatSchema.table('h5_user_states', {
  h5UserId: uuid('h5_user_id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  seenAt: instant('seen_at').notNull().defaultNow(),
});

/** Which H5 user may talk to which agent, set by an organization admin. */
export const assignments = chatSchema.table(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    h5UserId: uuid('h5_user_id').notNull(),
    assignedByKind: text('assigned_by_kind').notNull(),
    assignedById: text('assigned_by_id').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assignments_pair_key').on(t.h5UserId, t.agentId),
    index('assignments_org_page_idx').on(t.organizationId, t.createdAt, t.id),
    index('assignments_agent_idx').on(t.agentId),
  ],
);

/**
 * One conversation per H5 user and agent (opening again re-opens it). `last_sequence` is the
 * session's stream position: every durable event of the session takes the next number under the
 * row's lock, so numbers are gap-free and ordered by commit.
 */
export const sessions = chatSchema.table(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    h5UserId: uuid('h5_user_id').notNull(),
    lastSequence: integer('last_sequence').notNull().default(0),
    lastMessageAt: instant('last_message_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sessions_pair_key').on(t.h5UserId, t.agentId),
    index('sessions_org_page_idx').on(t.organizationId, t.createdAt, t.id),
    // `chatSessions(orderBy: LAST_ACTIVITY)`: the most recent message first, sessions without one last.
    index('sessions_org_activity_idx').on(t.organizationId, t.lastMessageAt.desc().nullsLast(), t.id.desc()),
    index('sessions_agent_idx').on(t.agentId),
  ],
);

/**
 * Messages of a session. `sequence` is the session stream position of the message's creation;
 * `client_message_id` makes a retried H5 send return the original, `run_id` makes a redelivered
 * agent reply land once.
 */
export const messages = chatSchema.table(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    sequence: integer('sequence').notNull(),
    author: messageAuthor('author').notNull(),
    authorId: uuid('author_id').notNull(),
    clientMessageId: text('client_message_id'),
    runId: text('run_id'),
    text: text('text').notNull(),
    status: messageStatus('status').notNull(),
    error: text('error'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('messages_session_sequence_key').on(t.sessionId, t.sequence),
    uniqueIndex('messages_client_id_key')
      .on(t.sessionId, t.author, t.clientMessageId)
      .where(sql`${t.clientMessageId} is not null`),
    uniqueIndex('messages_run_key').on(t.sessionId, t.runId).where(sql`${t.runId} is not null`),
    index('messages_pending_idx').on(t.sessionId, t.createdAt).where(sql`${t.status} = 'PENDING'`),
  ],
);

/** The session's durable stream: message created or changed, in sequence order (what resume replays). */
export const sessionEvents = chatSchema.table(
  'session_events',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    sequence: integer('sequence').notNull(),
    kind: sessionEventKind('kind').notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.sequence] })],
);
