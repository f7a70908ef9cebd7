/**
 * Drizzle tables of the governance subgraph, all in the `governance` Postgres schema. Organization,
 * board and task ids are plain uuids: those records live in identity and work, and what governance
 * knows about them comes only from their domain events (the `*_states` and `task_transitions`
 * projections).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
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

export const governanceSchema = pgSchema('governance');

export const approvalStatus = governanceSchema.enum('approval_status', [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'CANCELLED',
]);

// Millisecond precision: keyset cursors carry JS dates, which would lose microseconds.
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export interface RubricScore {
  criterion: string;
  score: number;
}

export const approvals = governanceSchema.table(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id').notNull(),
    actionType: text('action_type').notNull(),
    payload: jsonb('payload'),
    confidence: integer('confidence').notNull(),
    rubricScores: jsonb('rubric_scores').$type<RubricScore[]>().notNull(),
    reasoning: text('reasoning').notNull(),
    status: approvalStatus('status').notNull().default('PENDING'),
    requestedByKind: text('requested_by_kind').notNull(),
    requestedById: text('requested_by_id').notNull(),
    resolvedByKind: text('resolved_by_kind'),
    resolvedById: text('resolved_by_id'),
    resolvedAt: instant('resolved_at'),
    resolutionNote: text('resolution_note'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('approvals_org_page_idx').on(t.organizationId, t.createdAt, t.id),
    index('approvals_board_idx').on(t.boardId, t.status),
    check('approvals_confidence_check', sql`${t.confidence} between 0 and 100`),
  ],
);

/** The tasks an approval covers; `pending` mirrors the approval's status for the one-pending rule. */
export const approvalTasks = governanceSchema.table(
  'approval_tasks',
  {
    approvalId: uuid('approval_id')
      .notNull()
      .references(() => approvals.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id').notNull(),
    position: integer('position').notNull(),
    pending: integer('pending').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.approvalId, t.taskId] }),
    // At most one pending approval per task, whatever races: the database decides.
    uniqueIndex('approval_tasks_one_pending_key').on(t.taskId).where(sql`${t.pending} = 1`),
    index('approval_tasks_task_idx').on(t.taskId),
  ],
);

/** Append-only audit timeline: one row per domain event (work's and governance's own). */
export const activity = governanceSchema.table(
  'activity',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id'),
    taskId: uuid('task_id'),
    /** Every task the change touched when there are several (an approval over many tasks). */
    taskIds: uuid('task_ids').array(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    verb: text('verb').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    occurredAt: instant('occurred_at').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    /** Position in the organization's activity stream (`activityEvents`); null for entries recorded before it. */
    sequence: bigint('sequence', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('activity_event_key').on(t.eventId),
    index('activity_org_time_idx').on(t.organizationId, t.occurredAt, t.id),
    index('activity_board_time_idx').on(t.boardId, t.occurredAt),
    index('activity_task_time_idx').on(t.taskId, t.occurredAt),
    index('activity_task_ids_idx').using('gin', t.taskIds),
  ],
);

/** Boards as work's events describe them: organization and group, for scoping and group metrics. */
export const boardStates = governanceSchema.table(
  'board_states',
  {
    boardId: uuid('board_id').primaryKey(),
    organizationId: uuid('organization_id').notNull(),
    boardGroupId: uuid('board_group_id'),
    /** The board's lead agent (may request approvals for every task of the board). */
    leadAgentId: uuid('lead_agent_id'),
    /** The time of the event (or snapshot) that set `leadAgentId`: an older one never overwrites it. */
    leadSetAt: instant('lead_set_at'),
    deletedAt: instant('deleted_at'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('board_states_group_idx').on(t.boardGroupId)],
);

/** Board groups as work's events describe them, so group metrics know the group's organization. */
export const boardGroupStates = governanceSchema.table('board_group_states', {
  boardGroupId: uuid('board_group_id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  deletedAt: instant('deleted_at'),
  updatedAt: instant('updated_at').notNull(),
});

/** Each task's current status as work's events describe it. */
export const taskStates = governanceSchema.table(
  'task_states',
  {
    taskId: uuid('task_id').primaryKey(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id').notNull(),
    status: text('status').notNull(),
    /** The assignee agent (may request approvals for this task) and the time of the event that set it. */
    assigneeAgentId: uuid('assignee_agent_id'),
    assignedAt: instant('assigned_at'),
    firstInProgressAt: instant('first_in_progress_at'),
    doneAt: instant('done_at'),
    deletedAt: instant('deleted_at'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('task_states_board_idx').on(t.boardId)],
);

/**
 * Backfills of the projections this database asked for (one row per name, written by the first
 * instance that starts without it): e.g. the lead and assignee columns, added after boards and tasks
 * existed, are filled from work's snapshots (`projection-backfill.ts`).
 */
export const projectionBackfills = governanceSchema.table('projection_backfills', {
  name: text('name').primaryKey(),
  requestedAt: instant('requested_at').notNull(),
});

/** Status history for metrics: creation (to INBOX…), every move, deletion (to DELETED). */
export const taskTransitions = governanceSchema.table(
  'task_transitions',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    boardId: uuid('board_id').notNull(),
    taskId: uuid('task_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    uniqueIndex('task_transitions_event_key').on(t.eventId),
    index('task_transitions_board_time_idx').on(t.boardId, t.at),
    index('task_transitions_task_idx').on(t.taskId, t.at),
  ],
);
