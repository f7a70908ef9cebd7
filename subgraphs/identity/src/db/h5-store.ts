/** SQL for H5 users and their refresh-token families. */
import type { Database } from '@mc/kit';
import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { h5RefreshTokens, h5Users, members } from './tables.ts';

export type H5UserRow = typeof h5Users.$inferSelect;
export type RefreshTokenRow = typeof h5RefreshTokens.$inferSelect;

export class H5Store {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Null when the email is already registered in the organization. */
  async createUser(input: {
    organizationId: string;
    email: string;
    displayName: string;
    passwordHash: string;
  }): Promise<H5UserRow | null> {
    const [row] = await this.db
      .insert(h5Users)
      .values(input)
      .onConflictDoNothing({ target: [h5Users.organizationId, h5Users.email] })
      .returning();
    return row ?? null;
  }

  async userByEmail(organizationId: string, email: string): Promise<H5UserRow | undefined> {
    const [row] = await this.db
      .select()
      .from(h5Users)
      .where(and(eq(h5Users.organizationId, organizationId), eq(h5Users.email, email)));
    return row;
  }

  async usersByIds(ids: readonly string[]): Promise<Map<string, H5UserRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(h5Users)
      .where(inArray(h5Users.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The users among `ids` in organizations where `userId` is an admin or owner (one statement). */
  async usersByIdsForAdmin(userId: string, ids: readonly string[]): Promise<Map<string, H5UserRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ user: h5Users })
      .from(h5Users)
      .innerJoin(
        members,
        and(
          eq(members.organizationId, h5Users.organizationId),
          eq(members.userId, userId),
          inArray(members.role, ['OWNER', 'ADMIN']),
        ),
      )
      .where(inArray(h5Users.id, [...ids]));
    return new Map(rows.map(({ user }) => [user.id, user]));
  }

  /** One page of an organization's H5 users, ordered by (created_at, id), after a keyset cursor. */
  async listUsers(
    organizationId: string,
    after: { createdAt: Date; id: string } | null,
    limit: number,
  ): Promise<H5UserRow[]> {
    const keyset = after
      ? or(
          gt(h5Users.createdAt, after.createdAt),
          and(eq(h5Users.createdAt, after.createdAt), gt(h5Users.id, after.id)),
        )
      : undefined;
    return this.db
      .select()
      .from(h5Users)
      .where(and(eq(h5Users.organizationId, organizationId), keyset))
      .orderBy(asc(h5Users.createdAt), asc(h5Users.id))
      .limit(limit);
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<H5UserRow, 'displayName' | 'passwordHash' | 'suspendedAt'>>,
    now: Date,
  ): Promise<H5UserRow> {
    const [row] = await this.db
      .update(h5Users)
      .set({ ...patch, updatedAt: now })
      .where(eq(h5Users.id, id))
      .returning();
    return row;
  }

  async insertRefreshToken(input: {
    h5UserId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<RefreshTokenRow> {
    const [row] = await this.db.insert(h5RefreshTokens).values(input).returning();
    return row;
  }

  async refreshTokenByHash(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await this.db.select().from(h5RefreshTokens).where(eq(h5RefreshTokens.tokenHash, tokenHash));
    return row;
  }

  /**
   * Marks a live token rotated and issues its successor atomically. False when the token was
   * rotated or revoked concurrently (the caller then treats it as reuse).
   */
  async rotate(
    current: RefreshTokenRow,
    next: { tokenHash: string; expiresAt: Date },
    now: Date,
  ): Promise<RefreshTokenRow | null> {
    return this.db.transaction(async (tx) => {
      const marked = await tx
        .update(h5RefreshTokens)
        .set({ rotatedAt: now })
        .where(
          and(eq(h5RefreshTokens.id, current.id), isNull(h5RefreshTokens.rotatedAt), isNull(h5RefreshTokens.revokedAt)),
        )
        .returning({ id: h5RefreshTokens.id });
      if (marked.length === 0) return null;
      const [row] = await tx
        .insert(h5RefreshTokens)
        .values({ h5UserId: current.h5UserId, familyId: current.familyId, ...next })
        .returning();
      return row;
    });
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.db
      .update(h5RefreshTokens)
      .set({ revokedAt: now })
      .where(and(eq(h5RefreshTokens.familyId, familyId), isNull(h5RefreshTokens.revokedAt)));
  }

  async revokeAllOfUser(h5UserId: string, now: Date): Promise<void> {
    await this.db
      .update(h5RefreshTokens)
      .set({ revokedAt: now })
      .where(and(eq(h5RefreshTokens.h5UserId, h5UserId), isNull(h5RefreshTokens.revokedAt)));
  }

  async familyTokens(familyId: string): Promise<RefreshTokenRow[]> {
    return this.db.select().from(h5RefreshTokens).where(eq(h5RefreshTokens.familyId, familyId));
  }
}
