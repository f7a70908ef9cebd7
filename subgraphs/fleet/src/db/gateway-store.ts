/** SQL for gateways: batched lookups, keyset pages per organization, status compare-and-set, the sweep. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { gateways } from './tables.ts';

export type GatewayRow = typeof gateways.$inferSelect;
export type GatewayInsert = typeof gateways.$inferInsert;
export type GatewayStatusValue = GatewayRow['status'];
export const SEALED_COLUMNS = ['tokenSealed', 'deviceIdentitySealed', 'deviceTokenSealed'] as const;
export type SealedColumn = (typeof SEALED_COLUMNS)[number];
export type SealedGatewaySecrets = { id: string } & Record<SealedColumn, string | null>;

export class GatewayStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async create(values: GatewayInsert): Promise<GatewayRow> {
    const [row] = await this.db.insert(gateways).values(values).returning();
    return row;
  }

  async update(id: string, patch: Partial<GatewayInsert>): Promise<GatewayRow | undefined> {
    const [row] = await this.db.update(gateways).set(patch).where(eq(gateways.id, id)).returning();
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(gateways).where(eq(gateways.id, id)).returning({ id: gateways.id });
    return rows.length > 0;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, GatewayRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(gateways)
      .where(inArray(gateways.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The row, locked for the rest of the transaction. */
  async lock(id: string): Promise<GatewayRow | undefined> {
    const [row] = await this.db.select().from(gateways).where(eq(gateways.id, id)).for('update');
    return row;
  }

  async page(organizationId: string, limit: number, after?: CursorPosition): Promise<GatewayRow[]> {
    return this.db
      .select()
      .from(gateways)
      .where(
        and(
          eq(gateways.organizationId, organizationId),
          after
            ? or(gt(gateways.createdAt, after.at), and(eq(gateways.createdAt, after.at), gt(gateways.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(asc(gateways.createdAt), asc(gateways.id))
      .limit(limit + 1);
  }

  /** Marks ONLINE gateways silent since before `cutoff` OFFLINE; returns them as they were. */
  async markSilentOffline(cutoff: Date, now: Date): Promise<GatewayRow[]> {
    const stale = await this.db
      .select()
      .from(gateways)
      .where(and(eq(gateways.status, 'ONLINE'), lt(gateways.lastSeenAt, cutoff)))
      .for('update', { skipLocked: true });
    if (stale.length === 0) return [];
    await this.db
      .update(gateways)
      .set({ status: 'OFFLINE', statusChangedAt: now, updatedAt: now })
      .where(
        and(
          inArray(
            gateways.id,
            stale.map((row) => row.id),
          ),
          eq(gateways.status, 'ONLINE'),
        ),
      );
    return stale;
  }

  /** Every gateway holding a sealed secret (a key rotation reseals them all). */
  async withSealedSecrets(): Promise<SealedGatewaySecrets[]> {
    return this.db
      .select({
        id: gateways.id,
        tokenSealed: gateways.tokenSealed,
        deviceIdentitySealed: gateways.deviceIdentitySealed,
        deviceTokenSealed: gateways.deviceTokenSealed,
      })
      .from(gateways)
      .where(
        or(
          isNotNull(gateways.tokenSealed),
          isNotNull(gateways.deviceIdentitySealed),
          isNotNull(gateways.deviceTokenSealed),
        ),
      );
  }

  /** Replaces one sealed secret unless it changed meanwhile (an update wins); false when it did. */
  async replaceSealed(id: string, column: SealedColumn, expected: string, replacement: string): Promise<boolean> {
    const rows = await this.db
      .update(gateways)
      .set({ [column]: replacement })
      .where(and(eq(gateways.id, id), eq(gateways[column], expected)))
      .returning({ id: gateways.id });
    return rows.length > 0;
  }

  /** Gateways fleet dials out to and that do not heartbeat themselves (a URL, no registration, none under way). */
  async dialOutOnly(limit: number): Promise<GatewayRow[]> {
    return this.db
      .select()
      .from(gateways)
      .where(and(isNotNull(gateways.url), isNull(gateways.credentialId), isNull(gateways.registeredAt)))
      .orderBy(asc(gateways.id))
      .limit(limit);
  }
}
