/** SQL for board groups. */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { boardGroups, boards } from './tables.ts';

export type BoardGroupRow = typeof boardGroups.$inferSelect;
export type NewBoardGroup = typeof boardGroups.$inferInsert;
export type BoardGroupPatch = Partial<Pick<BoardGroupRow, 'name' | 'slug' | 'description'>>;

export class BoardGroupStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, BoardGroupRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(boardGroups)
      .where(inArray(boardGroups.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async listByOrganization(organizationId: string): Promise<BoardGroupRow[]> {
    return this.db
      .select()
      .from(boardGroups)
      .where(eq(boardGroups.organizationId, organizationId))
      .orderBy(asc(boardGroups.name), asc(boardGroups.id));
  }

  async slugTaken(organizationId: string, slug: string, exceptId?: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: boardGroups.id })
      .from(boardGroups)
      .where(
        and(
          eq(boardGroups.organizationId, organizationId),
          eq(boardGroups.slug, slug),
          exceptId ? ne(boardGroups.id, exceptId) : undefined,
        ),
      );
    return rows.length > 0;
  }

  async create(values: NewBoardGroup): Promise<BoardGroupRow> {
    const [row] = await this.db.insert(boardGroups).values(values).returning();
    return row;
  }

  async update(id: string, patch: BoardGroupPatch): Promise<BoardGroupRow | undefined> {
    const [row] = await this.db
      .update(boardGroups)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(boardGroups.id, id))
      .returning();
    return row;
  }

  /** Deletes a group and detaches (never deletes) its boards; returns the detached board ids. */
  async delete(id: string): Promise<{ deleted: boolean; detachedBoardIds: string[] }> {
    return this.db.transaction(async (tx) => {
      const detached = await tx
        .update(boards)
        .set({ groupId: null, updatedAt: new Date() })
        .where(eq(boards.groupId, id))
        .returning({ id: boards.id });
      const deleted = await tx.delete(boardGroups).where(eq(boardGroups.id, id)).returning({ id: boardGroups.id });
      return { deleted: deleted.length > 0, detachedBoardIds: detached.map((row) => row.id) };
    });
  }
}
