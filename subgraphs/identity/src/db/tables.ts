/** Drizzle tables of the identity subgraph, all in the `identity` Postgres schema. */
import { sql } from 'drizzle-orm';
import { boolean, index, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const identitySchema = pgSchema('identity');

export const orgRole = identitySchema.enum('org_role', ['OWNER', 'ADMIN', 'MEMBER']);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = identitySchema.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `local:admin` or `oidc:<issuer>|<sub>`: who the router authenticated. */
    externalId: text('external_id').notNull(),
    email: text('email'),
    displayName: text('display_name').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_external_id_key').on(t.externalId), index('users_email_idx').on(sql`lower(${t.email})`)],
);

export const organizations = identitySchema.table(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    ...timestamps,
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
    ...timestamps,
  },
  (t) => [uniqueIndex('members_org_user_key').on(t.organizationId, t.userId), index('members_user_idx').on(t.userId)],
);
