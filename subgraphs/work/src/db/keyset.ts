/** Keyset paging in creation order (created_at, id), shared by the work stores. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, eq, getTableColumns, gt, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/** Rows after `after` in (created_at, id) order; nothing to add without a cursor. */
export function afterPosition(createdAt: PgColumn, id: PgColumn, after: CursorPosition | undefined): SQL | undefined {
  if (!after) return undefined;
  return or(gt(createdAt, after.at), and(eq(createdAt, after.at), gt(id, after.id)));
}

type PagedTable = PgTable & { id: PgColumn; createdAt: PgColumn };

/**
 * For each parent id, its first `limit` rows after `after`, oldest first, in one statement: a
 * `row_number()` window per parent, so a list of parents costs one query whatever its length.
 */
export async function pagesPerParent<T extends PagedTable>(options: {
  db: Database;
  table: T;
  parent: PgColumn;
  parentOf: (row: T['$inferSelect']) => string | null;
  parentIds: readonly string[];
  filters?: (SQL | undefined)[];
  after: CursorPosition | undefined;
  limit: number;
}): Promise<Map<string, T['$inferSelect'][]>> {
  const { db, table, parent } = options;
  const result = new Map<string, T['$inferSelect'][]>(options.parentIds.map((id) => [id, []]));
  if (options.parentIds.length === 0) return result;
  const ranked = db
    .select({
      ...getTableColumns(table),
      rank: sql<number>`row_number() over (partition by ${parent} order by ${table.createdAt}, ${table.id})`.as('rank'),
    })
    .from(table as PgTable)
    .where(
      and(
        inArray(parent, [...options.parentIds]),
        ...(options.filters ?? []),
        afterPosition(table.createdAt, table.id, options.after),
      ),
    )
    .as('ranked');
  // Drizzle cannot type a subquery over a generic table; its columns are the table's plus `rank`.
  const columns = ranked as unknown as { rank: PgColumn; createdAt: PgColumn; id: PgColumn };
  const rows = (await db
    .select()
    .from(ranked as unknown as PgTable)
    .where(lte(columns.rank, options.limit))
    .orderBy(asc(columns.createdAt), asc(columns.id))) as (T['$inferSelect'] & { rank: number })[];
  for (const { rank: _rank, ...row } of rows) {
    const parentId = options.parentOf(row as T['$inferSelect']);
    if (parentId) result.get(parentId)?.push(row as T['$inferSelect']);
  }
  return result;
}
