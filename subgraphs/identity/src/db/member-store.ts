/** SQL for memberships and per-board grants. */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type BoardGrantSpec, boardGrants, members } from './tables.ts';

export type MemberRow = typeof members.$inferSelect;
export type BoardGrantRow = typeof boardGrants.$inferSelect;
export type OrgRoleValue = MemberRow['role'];

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export class MemberStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, MemberRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(members)
      .where(inArray(members.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async membership(organizationId: string, userId: string): Promise<MemberRow | undefined> {
    const [row] = await this.db
      .select()
      .from(members)
      .where(and(eq(members.organizationId, organizationId), eq(members.userId, userId)));
    return row;
  }

  async membershipsOf(userId: string): Promise<MemberRow[]> {
    return this.db.select().from(members).where(eq(members.userId, userId)).orderBy(asc(members.createdAt));
  }

  async listByOrganization(organizationId: string): Promise<MemberRow[]> {
    return this.db
      .select()
      .from(members)
      .where(eq(members.organizationId, organizationId))
      .orderBy(asc(members.createdAt), asc(members.id));
  }

  /** Grants of many members at once, keyed by member id. */
  async grantsByMemberIds(memberIds: readonly string[]): Promise<Map<string, BoardGrantRow[]>> {
    const result = new Map<string, BoardGrantRow[]>(memberIds.map((id) => [id, []]));
    if (memberIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(boardGrants)
      .where(inArray(boardGrants.memberId, [...memberIds]))
      .orderBy(asc(boardGrants.createdAt), asc(boardGrants.boardId));
    for (const row of rows) result.get(row.memberId)?.push(row);
    return result;
  }

  /**
   * Runs `change` inside a transaction holding a lock on the organization's member rows, so two
   * concurrent demotions cannot both see "another owner remains".
   */
  async withOrganizationLocked<T>(organizationId: string, change: (tx: MemberTx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select id from ${members} where ${members.organizationId} = ${organizationId} for update`);
      return change(new MemberTx(tx));
    });
  }

  /** Adds a member with flags and grants (invite acceptance); null when already a member. */
  async add(input: {
    organizationId: string;
    userId: string;
    role: OrgRoleValue;
    allBoardsRead: boolean;
    allBoardsWrite: boolean;
    boards: BoardGrantSpec[];
  }): Promise<MemberRow | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(members)
        .values({
          organizationId: input.organizationId,
          userId: input.userId,
          role: input.role,
          allBoardsRead: input.allBoardsRead,
          allBoardsWrite: input.allBoardsWrite,
        })
        .onConflictDoNothing({ target: [members.organizationId, members.userId] })
        .returning();
      if (!row) return null;
      await new MemberTx(tx).replaceGrants(row.id, input.boards);
      return row;
    });
  }
}

/** Member writes inside a locked transaction. */
export class MemberTx {
  private readonly tx: Tx;

  constructor(tx: Tx) {
    this.tx = tx;
  }

  async byId(id: string): Promise<MemberRow | undefined> {
    const [row] = await this.tx.select().from(members).where(eq(members.id, id));
    return row;
  }

  async ownerCount(organizationId: string): Promise<number> {
    const [row] = await this.tx
      .select({ count: sql<number>`count(*)::int` })
      .from(members)
      .where(and(eq(members.organizationId, organizationId), eq(members.role, 'OWNER')));
    return Number(row?.count ?? 0);
  }

  async update(
    id: string,
    patch: Partial<Pick<MemberRow, 'role' | 'allBoardsRead' | 'allBoardsWrite'>>,
  ): Promise<MemberRow> {
    const [row] = await this.tx.update(members).set(patch).where(eq(members.id, id)).returning();
    return row;
  }

  async remove(id: string): Promise<void> {
    await this.tx.delete(members).where(eq(members.id, id));
  }

  async replaceGrants(memberId: string, boards: BoardGrantSpec[]): Promise<void> {
    await this.tx.delete(boardGrants).where(eq(boardGrants.memberId, memberId));
    if (boards.length === 0) return;
    await this.tx
      .insert(boardGrants)
      .values(boards.map((grant) => ({ memberId, boardId: grant.boardId, permission: grant.permission })));
  }
}
