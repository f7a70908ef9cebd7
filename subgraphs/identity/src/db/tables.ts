/** Drizzle tables of the identity subgraph, all in the `identity` Postgres schema. */
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const identitySchema = pgSchema('identity');

export const orgRole = identitySchema.enum('org_role', ['OWNER', 'ADMIN', 'MEMBER']);
export const boardPermission = identitySchema.enum('board_permission', ['READ', 'WRITE']);
export const credentialKind = identitySchema.enum('credential_kind', ['AGENT', 'GATEWAY']);

export type BoardGrantSpec = { boardId: string; permission: 'READ' | 'WRITE' };

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const tz = (name: string) => timestamp(name, { withTimezone: true });

export const users = identitySchema.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `local:admin` or `oidc:<issuer>|<sub>`: who the router authenticated. */
    externalId: text('external_id').notNull(),
    email: text('email'),
    displayName: text('display_name').notNull(),
    createdAt,
  },
  (t) => [uniqueIndex('users_external_id_key').on(t.externalId), index('users_email_idx').on(sql`lower(${t.email})`)],
);

export const organizations = identitySchema.table(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    createdAt,
  },
  (t) => [uniqueIndex('organizations_slug_key').on(t.slug)],
);

export const members = identitySchema.table(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: orgRole('role').notNull(),
    allBoardsRead: boolean('all_boards_read').notNull().default(false),
    allBoardsWrite: boolean('all_boards_write').notNull().default(false),
    createdAt,
  },
  (t) => [uniqueIndex('members_org_user_key').on(t.organizationId, t.userId), index('members_user_idx').on(t.userId)],
);

/** Per-board access of a member; `board_id` references work's `Board` by key only. */
export const boardGrants = identitySchema.table(
  'board_grants',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    boardId: uuid('board_id').notNull(),
    permission: boardPermission('permission').notNull(),
    createdAt,
  },
  (t) => [uniqueIndex('board_grants_member_board_key').on(t.memberId, t.boardId)],
);

export const invites = identitySchema.table(
  'invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: orgRole('role').notNull(),
    allBoardsRead: boolean('all_boards_read').notNull().default(false),
    allBoardsWrite: boolean('all_boards_write').notNull().default(false),
    boards: jsonb('boards').$type<BoardGrantSpec[]>().notNull().default([]),
    /** sha256 of the token; the token itself is shown once, at creation. */
    tokenHash: text('token_hash').notNull(),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tz('expires_at').notNull(),
    acceptedAt: tz('accepted_at'),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: tz('revoked_at'),
    createdAt,
  },
  (t) => [uniqueIndex('invites_token_hash_key').on(t.tokenHash), index('invites_org_idx').on(t.organizationId)],
);

export const h5Users = identitySchema.table(
  'h5_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Lower-cased login name. */
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    suspendedAt: tz('suspended_at'),
    /** Millisecond precision so a keyset cursor (a JS Date) matches the stored value exactly. */
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('h5_users_org_email_key').on(t.organizationId, t.email),
    index('h5_users_org_created_idx').on(t.organizationId, t.createdAt, t.id),
  ],
);

/** Refresh tokens, rotated on every use; a family is one login's chain of rotations. */
export const h5RefreshTokens = identitySchema.table(
  'h5_refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    h5UserId: uuid('h5_user_id')
      .notNull()
      .references(() => h5Users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tz('expires_at').notNull(),
    rotatedAt: tz('rotated_at'),
    revokedAt: tz('revoked_at'),
    createdAt,
  },
  (t) => [
    uniqueIndex('h5_refresh_tokens_hash_key').on(t.tokenHash),
    index('h5_refresh_tokens_family_idx').on(t.familyId),
    index('h5_refresh_tokens_user_idx').on(t.h5UserId),
  ],
);

/** Agent tokens and gateway credentials; `subject_id` is fleet's agent or gateway id. */
export const machineCredentials = identitySchema.table(
  'machine_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: credentialKind('kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tz('expires_at'),
    revokedAt: tz('revoked_at'),
    createdAt,
  },
  (t) => [
    uniqueIndex('machine_credentials_hash_key').on(t.tokenHash),
    index('machine_credentials_org_idx').on(t.organizationId, t.createdAt),
  ],
);
