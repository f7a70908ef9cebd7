/** SQL that forgets a deleted board: its members' grants and the grants pending invites carry. */
import type { Database } from '@mc/kit';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { boardGrants, invites, members } from './tables.ts';

export class BoardCleanupStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Deletes the board's grants held by members of `organizationId`; returns the affected users. */
  async removeGrants(organizationId: string, boardId: string): Promise<string[]> {
    const ofOrganization = this.db
      .select({ id: members.id })
      .from(members)
      .where(eq(members.organizationId, organizationId));
    const removed = await this.db
      .delete(boardGrants)
      .where(and(eq(boardGrants.boardId, boardId), inArray(boardGrants.memberId, ofOrganization)))
      .returning({ memberId: boardGrants.memberId });
    if (removed.length === 0) return [];
    const rows = await this.db
      .select({ userId: members.userId })
      .from(members)
      .where(
        inArray(
          members.id,
          removed.map((row) => row.memberId),
        ),
      );
    return [...new Set(rows.map((row) => row.userId))];
  }

  /** Drops the board from the grants of the organization's not yet accepted invites; returns how many changed. */
  async removeFromInvites(organizationId: string, boardId: string): Promise<number> {
    const changed = await this.db
      .update(invites)
      .set({
        boards: sql`(select coalesce(jsonb_agg(grant_spec), '[]'::jsonb) from jsonb_array_elements(${invites.boards}) as grant_spec
          where grant_spec->>'boardId' <> ${boardId})`,
      })
      .where(
        and(
          eq(invites.organizationId, organizationId),
          isNull(invites.acceptedAt),
          sql`${invites.boards} @> ${JSON.stringify([{ boardId }])}::jsonb`,
        ),
      )
      .returning({ id: invites.id });
    return changed.length;
  }
}
