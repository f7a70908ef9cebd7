/**
 * Drizzle tables of the work subgraph, all in the `work` Postgres schema. `organization_id` is a
 * plain uuid: organizations live in identity, and subgraphs never reference another's tables.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const workSchema = pgSchema('work');

/** A comment's @mention as resolved against the board's lead and fleet's agents. */
export interface ResolvedMention {
  token: string;
  status: 'RESOLVED' | 'UNRESOLVED' | 'AMBIGUOUS';
  /** The agent, when RESOLVED. */
  agentId: string | null;
  /** The agents the token could mean, when AMBIGUOUS. */
  candidateAgentIds: string[];
}

export const boardKind = workSchema.enum('board_kind', ['GOAL', 'GENERAL']);

// Millisecond precision: keyset cursors carry JS dates, which would lose microseconds.
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

export const boardGroups = workSchema.table(
  'board_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description'),
    ...timestamps,
  },
  (t) => [uniqueIndex('board_groups_org_slug_key').on(t.organizationId, t.slug)],
);

export const boards = workSchema.table(
  'boards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    groupId: uuid('group_id').references(() => boardGroups.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull(),
    kind: boardKind('kind').notNull().default('GENERAL'),
    goalConfirmed: boolean('goal_confirmed').notNull().default(false),
    objective: text('objective'),
    successMetrics: text('success_metrics'),
    // Rule toggles enforced by the task workflow.
    requireApprovalForDone: boolean('require_approval_for_done').notNull().default(true),
    requireReviewBeforeDone: boolean('require_review_before_done').notNull().default(false),
    commentRequiredForReview: boolean('comment_required_for_review').notNull().default(false),
    blockStatusChangesWithPendingApproval: boolean('block_status_changes_with_pending_approval')
      .notNull()
      .default(false),
    onlyLeadChangesStatus: boolean('only_lead_changes_status').notNull().default(false),
    maxAgents: integer('max_agents').notNull().default(1),
    // The board's lead agent (fleet subgraph): a plain uuid, never a foreign key; one per board by construction.
    leadAgentId: uuid('lead_agent_id'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('boards_org_slug_key').on(t.organizationId, t.slug),
    index('boards_org_page_idx').on(t.organizationId, t.createdAt, t.id),
    index('boards_group_idx').on(t.groupId),
    check('boards_max_agents_check', sql`${t.maxAgents} >= 0`),
  ],
);

export const taskStatus = workSchema.enum('task_status', ['INBOX', 'IN_PROGRESS', 'REVIEW', 'DONE']);
export const taskPriority = workSchema.enum('task_priority', ['LOW', 'MEDIUM', 'HIGH', 'URGENT']);
export const actorKind = workSchema.enum('actor_kind', ['USER', 'AGENT', 'GATEWAY', 'H5', 'SYSTEM']);
export const approvalStatus = workSchema.enum('approval_status', ['PENDING', 'APPROVED', 'REJECTED']);

export const tasks = workSchema.table(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    status: taskStatus('status').notNull().default('INBOX'),
    priority: taskPriority('priority').notNull().default('MEDIUM'),
    dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }),
    // Agents live in the fleet subgraph: a plain uuid, never a foreign key.
    assigneeAgentId: uuid('assignee_agent_id'),
    // The agent that last handed the task to review: the lead sending it back to the inbox returns it there.
    lastWorkerAgentId: uuid('last_worker_agent_id'),
    createdByKind: actorKind('created_by_kind').notNull(),
    createdById: text('created_by_id').notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('tasks_board_page_idx').on(t.boardId, t.createdAt, t.id),
    index('tasks_board_status_idx').on(t.boardId, t.status),
  ],
);

/** Board-local DAG edges: `task_id` depends on `depends_on_task_id`; `position` keeps the given order. */
export const taskDependencies = workSchema.table(
  'task_dependencies',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    dependsOnTaskId: uuid('depends_on_task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.dependsOnTaskId] }),
    index('task_dependencies_depends_on_idx').on(t.dependsOnTaskId),
    index('task_dependencies_board_idx').on(t.boardId),
    check('task_dependencies_not_self', sql`${t.taskId} <> ${t.dependsOnTaskId}`),
  ],
);

export const taskComments = workSchema.table(
  'task_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    authorKind: actorKind('author_kind').notNull(),
    authorId: text('author_id').notNull(),
    body: text('body').notNull(),
    /** Raw mention tokens (`lead`, `Ada`, `Ada Lovelace`), unique, in order of appearance. */
    mentions: text('mentions').array().notNull().default(sql`'{}'::text[]`),
    /** What each token meant when the comment was written (`mention-resolver.ts`); `[]` before it was kept. */
    resolvedMentions: jsonb('resolved_mentions').$type<ResolvedMention[]>().notNull().default(sql`'[]'::jsonb`),
    ...timestamps,
  },
  (t) => [index('task_comments_task_page_idx').on(t.taskId, t.createdAt, t.id)],
);

/** Projection of governance approvals linked to tasks, fed by governance's domain events. */
export const taskApprovals = workSchema.table(
  'task_approvals',
  {
    approvalId: uuid('approval_id').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    status: approvalStatus('status').notNull(),
    /** The approval's action type (null: recorded before events carried it; treated as a done approval). */
    actionType: text('action_type'),
    /** When the task entered DONE with this approval granted: a spent approval opens the gate no more. */
    spentAt: timestamp('spent_at', { withTimezone: true, precision: 3 }),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.approvalId, t.taskId] }), index('task_approvals_task_idx').on(t.taskId)],
);

/** Organization-wide labels for tasks. */
export const tags = workSchema.table(
  'tags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    /** `#rrggbb`, lowercase. */
    color: text('color').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('tags_org_slug_key').on(t.organizationId, t.slug),
    check('tags_color_check', sql`${t.color} ~ '^#[0-9a-f]{6}$'`),
  ],
);

export const taskTags = workSchema.table(
  'task_tags',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.tagId] }), index('task_tags_tag_idx').on(t.tagId)],
);

export const customFieldType = workSchema.enum('custom_field_type', [
  'TEXT',
  'LONG_TEXT',
  'INTEGER',
  'DECIMAL',
  'BOOLEAN',
  'DATE',
  'DATE_TIME',
  'URL',
  'JSON',
]);
export const customFieldVisibility = workSchema.enum('custom_field_visibility', ['VISIBLE', 'HIDDEN', 'ADMIN_ONLY']);

/** Organization-wide custom-field definitions; `key` is unique per organization and never changes. */
export const customFields = workSchema.table(
  'custom_fields',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: customFieldType('type').notNull(),
    required: boolean('required').notNull().default(false),
    /** JSON `null` when there is no default. */
    defaultValue: jsonb('default_value'),
    pattern: text('pattern'),
    visibility: customFieldVisibility('visibility').notNull().default('VISIBLE'),
    ...timestamps,
  },
  (t) => [uniqueIndex('custom_fields_org_key_key').on(t.organizationId, t.key)],
);

/** Which boards use which custom fields. */
export const boardCustomFields = workSchema.table(
  'board_custom_fields',
  {
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    fieldId: uuid('field_id')
      .notNull()
      .references(() => customFields.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.fieldId] }), index('board_custom_fields_field_idx').on(t.fieldId)],
);

/** A task's value for a custom field. */
export const taskCustomFieldValues = workSchema.table(
  'task_custom_field_values',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    fieldId: uuid('field_id')
      .notNull()
      .references(() => customFields.id, { onDelete: 'cascade' }),
    value: jsonb('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.fieldId] }), index('task_custom_field_values_field_idx').on(t.fieldId)],
);

export const memoryKind = workSchema.enum('memory_kind', ['NOTE', 'CHAT']);

/** Notes and chat of a board or of a board group (exactly one of the two); deleted with it. */
export const memoryEntries = workSchema.table(
  'memory_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id').references(() => boards.id, { onDelete: 'cascade' }),
    boardGroupId: uuid('board_group_id').references(() => boardGroups.id, { onDelete: 'cascade' }),
    kind: memoryKind('kind').notNull(),
    body: text('body').notNull(),
    authorKind: actorKind('author_kind').notNull(),
    authorId: text('author_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('memory_entries_board_page_idx').on(t.boardId, t.kind, t.createdAt, t.id),
    index('memory_entries_group_page_idx').on(t.boardGroupId, t.kind, t.createdAt, t.id),
    check('memory_entries_one_scope', sql`(${t.boardId} is null) <> (${t.boardGroupId} is null)`),
  ],
);

export const webhookDeliveryStatus = workSchema.enum('webhook_delivery_status', ['PENDING', 'DELIVERED', 'FAILED']);

/**
 * Inbound webhooks of a board: `secret` is the HMAC key sealed with the runtime's secret box
 * (`v1.<iv>.<tag>.<ciphertext>`; never returned after creation or rotation);
 * `target_agent_id` null means the board's lead at delivery time. Deleted with the board.
 */
export const boardWebhooks = workSchema.table(
  'board_webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    targetAgentId: uuid('target_agent_id'),
    signatureHeader: text('signature_header').notNull(),
    requireSignature: boolean('require_signature').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    secret: text('secret').notNull(),
    ...timestamps,
  },
  (t) => [index('board_webhooks_board_idx').on(t.boardId, t.createdAt, t.id)],
);

/** Payloads received by a webhook and their hand-off to an agent; deleted with the webhook or board. */
export const webhookDeliveries = workSchema.table(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => boardWebhooks.id, { onDelete: 'cascade' }),
    contentType: text('content_type'),
    body: text('body').notNull(),
    status: webhookDeliveryStatus('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    targetAgentId: uuid('target_agent_id'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_page_idx').on(t.webhookId, t.createdAt, t.id)],
);

/**
 * Fleet's agents as its durable events describe them (work never reads fleet's tables): names to
 * resolve @mentions with. `updated_at` is the time of the event last applied, so a late, older
 * event never overwrites a newer one; deleted agents keep a row with `deleted_at`.
 */
export const agentDirectory = workSchema.table(
  'agent_directory',
  {
    agentId: uuid('agent_id').primaryKey(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id'),
    name: text('name').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('agent_directory_org_idx').on(t.organizationId)],
);
