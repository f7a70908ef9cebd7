/** SQL for board and board-group memory: batched keyset pages per owner and inserts. */
import type { CursorPosition, Database } from '@mc/kit';
import { eq } from 'drizzle-orm';
import { pagesPerParent } from './keyset.ts';
import { memoryEntries } from './tables.ts';

export type MemoryRow = typeof memoryEntries.$inferSelect;
export type NewMemory = typeof memoryEntries.$inferInsert;
export type MemoryKind = MemoryRow['kind'];
export type MemoryScope = 'board' | 'group';

export class MemoryStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** For each board (or group), its first `limit` entries after `after`, oldest first: one statement. */
  async pages(
    scope: MemoryScope,
    ownerIds: readonly string[],
    kind: MemoryKind | undefined,
    after: CursorPosition | undefined,
    limit: number,
  ): Promise<Map<string, MemoryRow[]>> {
    return pagesPerParent({
      db: this.db,
      table: memoryEntries,
      parent: scope === 'board' ? memoryEntries.boardId : memoryEntries.boardGroupId,
      parentOf: (row) => (scope === 'board' ? row.boardId : row.boardGroupId),
      parentIds: ownerIds,
      filters: kind ? [eq(memoryEntries.kind, kind)] : [],
      after,
      limit,
    });
  }

  async create(values: NewMemory): Promise<MemoryRow> {
    const [row] = await this.db.insert(memoryEntries).values(values).returning();
    return row;
  }
}
