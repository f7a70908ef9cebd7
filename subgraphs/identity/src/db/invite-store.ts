/** SQL for email invites. */
import type { Database } from '@mc/kit';
import { and, asc, eq, gt, inArray, isNull, sql, TransactionRollbackError } from 'drizzle-orm';
import type { MemberRow } from './member-store.ts';
import { type BoardGrantSpec, boardGrants, invites, members, users } from './tables.ts';

export type InviteRow = typeof invites.$inferSelect;

export class InviteStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async create(input: {
    organizationId: string;
    email: string;
    role: InviteRow['role'];
    allBoardsRead: boolean;
    allBoardsWrite: boolean;
    boards: BoardGrantSpec[];
    tokenHash: string;
    invitedByUserId: string;
    expiresAt: Date;
  }): Promise<InviteRow> {
    const [row] = await this.db.insert(invites).values(input).returning();
    return row;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, InviteRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(invites)
      .where(inArray(invites.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async byTokenHash(tokenHash: string): Promise<InviteRow | undefined> {
    const [row] = await this.db.select().from(invites).where(eq(invites.tokenHash, tokenHash));
    return row;
  }

  /** Invites neither accepted, revoked nor expired at `now`. */
  async listPending(organizationId: string, now: Date): Promise<InviteRow[]> {
    return this.db
      .select()
      .from(invites)
      .where(
        and(
          eq(invites.organizationId, organizationId),
          isNull(invites.acceptedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, now),
        ),
      )
      .orderBy(asc(invites.createdAt), asc(invites.id));
  }

  async emailIsMember(organizationId: string, email: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: members.id })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.organizationId, organizationId), sql`lower(${users.email}) = ${email}`))
      .limit(1);
    return rows.length > 0;
  }

  async revoke(id: string, now: Date): Promise<InviteRow | undefined> {
    const [row] = await this.db
      .update(invites)
      .set({ revokedAt: now })
      .where(and(eq(invites.id, id), isNull(invites.revokedAt), isNull(invites.acceptedAt)))
      .returning();
    return row;
  }

  /**
   * In one transaction: marks the invite used (once) and adds the member with the invite's role,
   * flags and grants. `used` when someone accepted or revoked it meanwhile, `member` when the user
   * already belongs to the organization (nothing changes then).
   */
  async accept(invite: InviteRow, userId: string, now: Date): Promise<MemberRow | 'used' | 'member'> {
    try {
      return await this.acceptOnce(invite, userId, now);
    } catch (error) {
      if (error instanceof TransactionRollbackError) return 'member';
      throw error;
    }
  }

  private async acceptOnce(invite: InviteRow, userId: string, now: Date): Promise<MemberRow | 'used'> {
    return this.db.transaction(async (tx) => {
      const marked = await tx
        .update(invites)
        .set({ acceptedAt: now, acceptedByUserId: userId })
        .where(and(eq(invites.id, invite.id), isNull(invites.revokedAt), isNull(invites.acceptedAt)))
        .returning({ id: invites.id });
      if (marked.length === 0) return 'used';
      const [member] = await tx
        .insert(members)
        .values({
          organizationId: invite.organizationId,
          userId,
          role: invite.role,
          allBoardsRead: invite.allBoardsRead,
          allBoardsWrite: invite.allBoardsWrite,
        })
        .onConflictDoNothing({ target: [members.organizationId, members.userId] })
        .returning();
      // Already a member: undo the mark so the invite stays usable by its addressee.
      if (!member) tx.rollback();
      if (invite.boards.length > 0) {
        await tx.insert(boardGrants).values(invite.boards.map((grant) => ({ memberId: member.id, ...grant })));
      }
      return member;
    });
  }
}
