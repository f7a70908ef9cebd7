/** SQL for approvals and the tasks they cover: batched lookups, keyset lists, the one-pending rule. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, count, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { approvals, approvalTasks } from './tables.ts';

export type ApprovalRow = typeof approvals.$inferSelect;
export type NewApproval = typeof approvals.$inferInsert;
export type ApprovalStatus = ApprovalRow['status'];

export interface ApprovalListQuery {
  organizationId: string;
  /** `all`, or the only board ids the caller may read. */
  readable: 'all' | readonly string[];
  boardId?: string;
  status?: ApprovalStatus;
  taskId?: string;
  /** Only approvals this actor requested (an agent reading its own requests). */
  requestedBy?: { kind: string; id: string };
  after?: CursorPosition;
  limit: number;
}

export interface Resolution {
  status: 'APPROVED' | 'REJECTED' | 'CANCELLED';
  byKind: string;
  byId: string;
  at: Date;
  note: string | null;
}

export class ApprovalStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, ApprovalRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(approvals)
      .where(inArray(approvals.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Task ids of each approval, in the order they were given. */
  async taskIdsOf(approvalIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(approvalIds.map((id) => [id, []]));
    if (approvalIds.length === 0) return result;
    const rows = await this.db
      .select({ approvalId: approvalTasks.approvalId, taskId: approvalTasks.taskId })
      .from(approvalTasks)
      .where(inArray(approvalTasks.approvalId, [...approvalIds]))
      .orderBy(asc(approvalTasks.approvalId), asc(approvalTasks.position));
    for (const row of rows) result.get(row.approvalId)?.push(row.taskId);
    return result;
  }

  /** Which of these tasks already have a pending approval. */
  async pendingTaskIds(taskIds: readonly string[]): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const rows = await this.db
      .select({ taskId: approvalTasks.taskId })
      .from(approvalTasks)
      .where(and(inArray(approvalTasks.taskId, [...taskIds]), eq(approvalTasks.pending, 1)));
    return rows.map((row) => row.taskId);
  }

  async insert(values: NewApproval, taskIds: readonly string[]): Promise<ApprovalRow> {
    const [row] = await this.db.insert(approvals).values(values).returning();
    await this.db
      .insert(approvalTasks)
      .values(taskIds.map((taskId, position) => ({ approvalId: row.id, taskId, position })));
    return row;
  }

  /** Resolves a pending approval; undefined when it was no longer pending. */
  async resolve(id: string, resolution: Resolution): Promise<ApprovalRow | undefined> {
    const [row] = await this.db
      .update(approvals)
      .set({
        status: resolution.status,
        resolvedByKind: resolution.byKind,
        resolvedById: resolution.byId,
        resolvedAt: resolution.at,
        resolutionNote: resolution.note,
      })
      .where(and(eq(approvals.id, id), eq(approvals.status, 'PENDING')))
      .returning();
    if (!row) return undefined;
    await this.db.update(approvalTasks).set({ pending: 0 }).where(eq(approvalTasks.approvalId, id));
    return row;
  }

  /** Pending approvals covering a task, or (`boardId`) every pending approval of a board. */
  async pendingOf(where: { taskId: string } | { boardId: string }): Promise<ApprovalRow[]> {
    const condition = 'taskId' in where ? this.covering(where.taskId) : eq(approvals.boardId, where.boardId);
    return this.db
      .select()
      .from(approvals)
      .where(and(condition, eq(approvals.status, 'PENDING')))
      .orderBy(asc(approvals.createdAt), asc(approvals.id));
  }

  /** Drops a task (deleted in work) from an approval that stays pending for its other tasks. */
  async removeTask(approvalId: string, taskId: string): Promise<void> {
    await this.db
      .delete(approvalTasks)
      .where(and(eq(approvalTasks.approvalId, approvalId), eq(approvalTasks.taskId, taskId)));
  }

  /** One statement, newest first. */
  async list(query: ApprovalListQuery): Promise<ApprovalRow[]> {
    if (query.readable !== 'all' && query.readable.length === 0) return [];
    const conditions: (SQL | undefined)[] = [eq(approvals.organizationId, query.organizationId)];
    if (query.readable !== 'all') conditions.push(inArray(approvals.boardId, [...query.readable]));
    if (query.boardId) conditions.push(eq(approvals.boardId, query.boardId));
    if (query.status) conditions.push(eq(approvals.status, query.status));
    if (query.requestedBy) {
      conditions.push(
        eq(approvals.requestedByKind, query.requestedBy.kind),
        eq(approvals.requestedById, query.requestedBy.id),
      );
    }
    if (query.taskId) conditions.push(this.covering(query.taskId));
    if (query.after) {
      const { at, id } = query.after;
      conditions.push(or(lt(approvals.createdAt, at), and(eq(approvals.createdAt, at), lt(approvals.id, id))));
    }
    return this.db
      .select()
      .from(approvals)
      .where(and(...conditions))
      .orderBy(desc(approvals.createdAt), desc(approvals.id))
      .limit(query.limit);
  }

  /** The condition "the approval covers this task". */
  private covering(taskId: string): SQL {
    return inArray(
      approvals.id,
      this.db.select({ id: approvalTasks.approvalId }).from(approvalTasks).where(eq(approvalTasks.taskId, taskId)),
    );
  }

  /** Approvals covering each task (newest first), in one statement. */
  async forTasks(organizationId: string, taskIds: readonly string[]): Promise<Map<string, ApprovalRow[]>> {
    const result = new Map<string, ApprovalRow[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return result;
    const rows = await this.db
      .select({ taskId: approvalTasks.taskId, approval: approvals })
      .from(approvalTasks)
      .innerJoin(approvals, eq(approvals.id, approvalTasks.approvalId))
      .where(and(inArray(approvalTasks.taskId, [...taskIds]), eq(approvals.organizationId, organizationId)))
      .orderBy(desc(approvals.createdAt), desc(approvals.id));
    for (const row of rows) result.get(row.taskId)?.push(row.approval);
    return result;
  }

  /** Pending approvals per board, in one statement. */
  async pendingCounts(organizationId: string, boardIds: readonly string[]): Promise<Map<string, number>> {
    if (boardIds.length === 0) return new Map();
    const rows = await this.db
      .select({ boardId: approvals.boardId, n: count() })
      .from(approvals)
      .where(
        and(
          eq(approvals.organizationId, organizationId),
          inArray(approvals.boardId, [...boardIds]),
          eq(approvals.status, 'PENDING'),
        ),
      )
      .groupBy(approvals.boardId);
    return new Map(rows.map((row) => [row.boardId, Number(row.n)]));
  }
}
