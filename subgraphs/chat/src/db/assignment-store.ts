/** SQL for assignments (H5 user ↔ agent): batched lookups, keyset pages. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, eq, gt, inArray, or, type SQL } from 'drizzle-orm';
import { assignments } from './tables.ts';

export type AssignmentRow = typeof assignments.$inferSelect;
export type NewAssignment = typeof assignments.$inferInsert;

export interface AssignmentListQuery {
  organizationId: string;
  agentId?: string;
  h5UserId?: string;
  after?: CursorPosition;
  limit: number;
}

export class AssignmentStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Inserts the pair, or returns the existing assignment of the same H5 user and agent. */
  async insertOrGet(values: NewAssignment): Promise<{ row: AssignmentRow; created: boolean }> {
    const [row] = await this.db
      .insert(assignments)
      .values(values)
      .onConflictDoNothing({ target: [assignments.h5UserId, assignments.agentId] })
      .returning();
    if (row) return { row, created: true };
    const existing = await this.byPair(values.h5UserId, values.agentId);
    return { row: existing as AssignmentRow, created: false };
  }

  async byPair(h5UserId: string, agentId: string): Promise<AssignmentRow | undefined> {
    const [row] = await this.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.h5UserId, h5UserId), eq(assignments.agentId, agentId)));
    return row;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, AssignmentRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(assignments)
      .where(inArray(assignments.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async delete(id: string): Promise<AssignmentRow | undefined> {
    const [row] = await this.db.delete(assignments).where(eq(assignments.id, id)).returning();
    return row;
  }

  /** An H5 user's assignments in their organization, oldest first. */
  async ofH5User(h5UserId: string, organizationId: string): Promise<AssignmentRow[]> {
    return this.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.h5UserId, h5UserId), eq(assignments.organizationId, organizationId)))
      .orderBy(asc(assignments.createdAt), asc(assignments.id));
  }

  /** One statement, oldest first. */
  async list(query: AssignmentListQuery): Promise<AssignmentRow[]> {
    const conditions: (SQL | undefined)[] = [eq(assignments.organizationId, query.organizationId)];
    if (query.agentId) conditions.push(eq(assignments.agentId, query.agentId));
    if (query.h5UserId) conditions.push(eq(assignments.h5UserId, query.h5UserId));
    if (query.after) {
      const { at, id } = query.after;
      conditions.push(or(gt(assignments.createdAt, at), and(eq(assignments.createdAt, at), gt(assignments.id, id))));
    }
    return this.db
      .select()
      .from(assignments)
      .where(and(...conditions))
      .orderBy(asc(assignments.createdAt), asc(assignments.id))
      .limit(query.limit);
  }
}
