/** SQL for console users (people the router authenticated). */
import type { Database } from '@mc/kit';
import { inArray, sql } from 'drizzle-orm';
import { users } from './tables.ts';

export type UserRow = typeof users.$inferSelect;

export class UserStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Creates or refreshes the user for an external id; email/name only overwrite when given. */
  async upsert(input: { externalId: string; email: string | null; displayName: string | null }): Promise<UserRow> {
    const [row] = await this.db
      .insert(users)
      .values({
        externalId: input.externalId,
        email: input.email,
        displayName: input.displayName ?? input.email ?? input.externalId,
      })
      .onConflictDoUpdate({
        target: users.externalId,
        set: {
          email: sql`coalesce(excluded.email, ${users.email})`,
          displayName: input.displayName ? sql`excluded.display_name` : sql`${users.displayName}`,
        },
      })
      .returning();
    return row;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, UserRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(users)
      .where(inArray(users.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }
}
