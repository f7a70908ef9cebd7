/** SQL for organizations. */
import type { Database } from '@mc/kit';
import { and, eq, inArray } from 'drizzle-orm';
import { machineCredentials, members, organizations } from './tables.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

export class OrganizationStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Creates the organization and its first owner in one transaction; null when the slug is taken. */
  async create(input: { name: string; slug: string; ownerUserId: string }): Promise<OrganizationRow | null> {
    return this.db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ name: input.name, slug: input.slug })
        .onConflictDoNothing({ target: organizations.slug })
        .returning();
      if (!org) return null;
      await tx.insert(members).values({ organizationId: org.id, userId: input.ownerUserId, role: 'OWNER' });
      return org;
    });
  }

  /** Null when the new slug collides with another organization. */
  async update(id: string, patch: { name?: string; slug?: string }): Promise<OrganizationRow | null> {
    if (patch.slug !== undefined) {
      const [other] = await this.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.slug, patch.slug));
      if (other && other.id !== id) return null;
    }
    try {
      const [row] = await this.db.update(organizations).set(patch).where(eq(organizations.id, id)).returning();
      return row ?? null;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** Who loses access when the organization goes: its members' user ids and its credential ids. */
  async principalsOf(id: string): Promise<{ userIds: string[]; credentialIds: string[] }> {
    const [people, credentials] = await Promise.all([
      this.db.select({ userId: members.userId }).from(members).where(eq(members.organizationId, id)),
      this.db
        .select({ id: machineCredentials.id })
        .from(machineCredentials)
        .where(eq(machineCredentials.organizationId, id)),
    ]);
    return { userIds: people.map((p) => p.userId), credentialIds: credentials.map((c) => c.id) };
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(organizations).where(eq(organizations.id, id));
  }

  async byIds(ids: readonly string[]): Promise<Map<string, OrganizationRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(organizations)
      .where(inArray(organizations.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * The organizations among `ids` that `userId` belongs to (any role), in one statement: membership
   * and organization are read together on the hot read paths (`organization(id)`, entity references).
   */
  async byIdsForMember(userId: string, ids: readonly string[]): Promise<Map<string, OrganizationRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ organization: organizations })
      .from(organizations)
      .innerJoin(members, and(eq(members.organizationId, organizations.id), eq(members.userId, userId)))
      .where(inArray(organizations.id, [...ids]));
    return new Map(rows.map(({ organization }) => [organization.id, organization]));
  }

  async bySlug(slug: string): Promise<OrganizationRow | undefined> {
    const [row] = await this.db.select().from(organizations).where(eq(organizations.slug, slug));
    return row;
  }
}

/** PostgreSQL `unique_violation`, as raised by `pg` or PGlite (possibly wrapped by drizzle). */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
