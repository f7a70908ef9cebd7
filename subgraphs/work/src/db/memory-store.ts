/** SQL for board and board-group memory: batched keyset pages per owner and inserts. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, eq, gt, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
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
    const result = new Map<string, MemoryRow[]>(ownerIds.map((id) => [id, []]));
    if (ownerIds.length === 0) return result;
    const owner = scope === 'board' ? memoryEntries.boardId : memoryEntries.boardGroupId;
    const conditions: (SQL | undefined)[] = [inArray(owner, [...ownerIds])];
    if (kind) conditions.push(eq(memoryEntries.kind, kind));
    if (after) {
      conditions.push(
        or(
          gt(memoryEntries.createdAt, after.at),
          and(eq(memoryEntries.createdAt, after.at), gt(memoryEntries.id, after.id)),
        ),
      );
    }
    const ranked = this.db
      .select({
        id: memoryEntries.id,
        organizationId: memoryEntries.organizationId,
        boardId: memoryEntries.boardId,
        boardGroupId: memoryEntries.boardGroupId,
        kind: memoryEntries.kind,
        body: memoryEntries.body,
        authorKind: memoryEntries.authorKind,
        authorId: memoryEntries.authorId,
        createdAt: memoryEntries.createdAt,
        rank: sql<number>`row_number() over (partition by ${owner} order by ${memoryEntries.createdAt}, ${memoryEntries.id})`.as(
          'rank',
        ),
      })
      .from(memoryEntries)
      .where(and(...conditions))
      .as('ranked');
    const rows = await this.db
      .select()
      .from(ranked)
      .where(lte(ranked.rank, limit))
      .orderBy(asc(ranked.createdAt), asc(ranked.id));
    for (const { rank: _rank, ...row } of rows) {
      const ownerId = scope === 'board' ? row.boardId : row.boardGroupId;
      if (ownerId) result.get(ownerId)?.push(row);
    }
    return result;
  }

  async create(values: NewMemory): Promise<MemoryRow> {
    const [row] = await this.db.insert(memoryEntries).values(values).returning();
    return row;
  }
}
