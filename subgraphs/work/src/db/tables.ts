/**
 * Drizzle tables of the work subgraph, all in the `work` Postgres schema. `organization_id` is a
 * plain uuid: organizations live in identity, and subgraphs never reference another's tables.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const workSchema = pgSchema('work');

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
    ...timestamps,
  },
  (t) => [
    uniqueIndex('boards_org_slug_key').on(t.organizationId, t.slug),
    index('boards_org_page_idx').on(t.organizationId, t.createdAt, t.id),
    index('boards_group_idx').on(t.groupId),
    check('boards_max_agents_check', sql`${t.maxAgents} >= 0`),
  ],
);
