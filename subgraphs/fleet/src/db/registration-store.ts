/** SQL for one-time gateway registration tokens (sha256 only) and their single use. */
import type { Database } from '@mc/kit';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { registrationTokens } from './tables.ts';

export type RegistrationTokenRow = typeof registrationTokens.$inferSelect;

export class RegistrationStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async create(values: typeof registrationTokens.$inferInsert): Promise<RegistrationTokenRow> {
    const [row] = await this.db.insert(registrationTokens).values(values).returning();
    return row;
  }

  /** Uses the token once: only an unused, unexpired token is taken (compare-and-set). */
  async use(tokenHash: string, now: Date): Promise<RegistrationTokenRow | undefined> {
    const [row] = await this.db
      .update(registrationTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(registrationTokens.tokenHash, tokenHash),
          isNull(registrationTokens.usedAt),
          gt(registrationTokens.expiresAt, now),
        ),
      )
      .returning();
    return row;
  }

  async markUsedBy(id: string, gatewayId: string): Promise<void> {
    await this.db.update(registrationTokens).set({ usedByGatewayId: gatewayId }).where(eq(registrationTokens.id, id));
  }

  /** Gives a token back after a registration that could not complete (the gateway may retry). */
  async release(id: string): Promise<void> {
    await this.db
      .update(registrationTokens)
      .set({ usedAt: null, usedByGatewayId: null })
      .where(eq(registrationTokens.id, id));
  }
}
