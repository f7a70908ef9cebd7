/** SQL for boards: batched lookups by id and keyset-paginated lists. */
import { type CursorPosition, type Database, shareReads } from '@mc/kit';
import { and, asc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { afterPosition } from './keyset.ts';
import { boards } from './tables.ts';

export type BoardRow = typeof boards.$inferSelect;
export type NewBoard = typeof boards.$inferInsert;
export type BoardPatch = Partial<Omit<BoardRow, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>>;

export interface BoardListQuery {
  organizationId: string;
  /** `all`, or the only board ids the caller may read. */
  readable: 'all' | readonly string[];
  groupId?: string;
  after?: CursorPosition;
  limit: number;
}

/**
 * The most frequent list — every board of an organization, first page — as a prepared statement:
 * drizzle builds its SQL once per database instead of per call, and PostgreSQL parses it once per
 * connection (query building was ~6 % of the work subgraph's CPU in the peer benchmark's profile).
 * Concurrent first pages of one organization share one statement (`shareReads`): the longest page is
 * read once and each caller gets its own length of it. Only callers who may read every board of the
 * organization take this path, so each may see all the shared rows.
 */
function firstPages(db: Database) {
  const statement = db
    .select()
    .from(boards)
    .where(eq(boards.organizationId, sql.placeholder('organizationId')))
    .orderBy(asc(boards.createdAt), asc(boards.id))
    .limit(sql.placeholder('limit'))
    .prepare('work_boards_first_page');
  return shareReads(async (organizationId: string, limits: readonly number[]) => {
    const rows = await statement.execute({ organizationId, limit: Math.max(...limits) });
    return limits.map((limit) => rows.slice(0, limit));
  });
}

const firstPageReads = new WeakMap<Database, ReturnType<typeof firstPages>>();

export class BoardStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, BoardRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(boards)
      .where(inArray(boards.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** One statement, whatever the page size. */
  async list(query: BoardListQuery): Promise<BoardRow[]> {
    if (query.readable !== 'all' && query.readable.length === 0) return [];
    if (query.readable === 'all' && !query.groupId && !query.after) {
      let read = firstPageReads.get(this.db);
      if (!read) {
        read = firstPages(this.db);
        firstPageReads.set(this.db, read);
      }
      return read(query.organizationId, query.limit);
    }
    const conditions: (SQL | undefined)[] = [eq(boards.organizationId, query.organizationId)];
    if (query.readable !== 'all') conditions.push(inArray(boards.id, [...query.readable]));
    if (query.groupId) conditions.push(eq(boards.groupId, query.groupId));
    if (query.after) {
      conditions.push(afterPosition(boards.createdAt, boards.id, query.after));
    }
    return this.db
      .select()
      .from(boards)
      .where(and(...conditions))
      .orderBy(asc(boards.createdAt), asc(boards.id))
      .limit(query.limit);
  }

  async slugTaken(organizationId: string, slug: string, exceptId?: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: boards.id })
      .from(boards)
      .where(
        and(
          eq(boards.organizationId, organizationId),
          eq(boards.slug, slug),
          exceptId ? ne(boards.id, exceptId) : undefined,
        ),
      );
    return rows.length > 0;
  }

  async create(values: NewBoard): Promise<BoardRow> {
    const [row] = await this.db.insert(boards).values(values).returning();
    return row;
  }

  async update(id: string, patch: BoardPatch): Promise<BoardRow | undefined> {
    const [row] = await this.db
      .update(boards)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(boards.id, id))
      .returning();
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(boards).where(eq(boards.id, id)).returning({ id: boards.id });
    return rows.length > 0;
  }
}
