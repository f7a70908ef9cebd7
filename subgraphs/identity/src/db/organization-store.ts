/** SQL for organizations and memberships. */
import type { Database } from '@mc/kit';
import { and, eq, inArray } from 'drizzle-orm';
import { members, organizations } from './tables.ts';

export type OrganizationRow = typeof organizations.$inferSelect;
export type MemberRow = typeof members.$inferSelect;

export class OrganizationStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async create(input: { name: string; slug: string; ownerUserId: string }): Promise<OrganizationRow> {
    return this.db.transaction(async (tx) => {
      const [org] = await tx.insert(organizations).values({ name: input.name, slug: input.slug }).returning();
      await tx.insert(members).values({ organizationId: org.id, userId: input.ownerUserId, role: 'OWNER' });
      return org;
    });
  }

  async slugTaken(slug: string): Promise<boolean> {
    const rows = await this.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
    return rows.length > 0;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, OrganizationRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(organizations)
      .where(inArray(organizations.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async membershipsOf(userId: string): Promise<MemberRow[]> {
    return this.db.select().from(members).where(eq(members.userId, userId));
  }

  async membership(organizationId: string, userId: string): Promise<MemberRow | undefined> {
    const [row] = await this.db
      .select()
      .from(members)
      .where(and(eq(members.organizationId, organizationId), eq(members.userId, userId)));
    return row;
  }
}
