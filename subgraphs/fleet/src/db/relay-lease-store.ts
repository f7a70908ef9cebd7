/** SQL for the chat relay's leases (`chat_relay_leases`): take, renew, release, and claim the lapsed ones. */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { chatRelayLeases } from './tables.ts';

export type RelayLeaseRow = typeof chatRelayLeases.$inferSelect;

export class RelayLeaseStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Takes the message's lease (a message already leased keeps its row: the first taker delivers it). */
  async take(messageId: string, job: unknown, holder: string, until: Date): Promise<void> {
    await this.db
      .insert(chatRelayLeases)
      .values({ messageId, job, holder, leaseUntil: until })
      .onConflictDoNothing({ target: chatRelayLeases.messageId });
  }

  /** Extends `holder`'s leases on these messages (one statement for all of a process's runs). */
  async renew(messageIds: readonly string[], holder: string, until: Date): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db
      .update(chatRelayLeases)
      .set({ leaseUntil: until })
      .where(and(eq(chatRelayLeases.holder, holder), inArray(chatRelayLeases.messageId, [...messageIds])));
  }

  /**
   * Leases that lapsed before `now`, oldest first, locked for the caller's transaction (`skip locked`:
   * several processes sweep side by side without taking the same one); the caller deletes what it handed on.
   */
  async lapsed(now: Date, limit: number): Promise<RelayLeaseRow[]> {
    return this.db
      .select()
      .from(chatRelayLeases)
      .where(lt(chatRelayLeases.leaseUntil, now))
      .orderBy(asc(chatRelayLeases.leaseUntil))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  async release(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db.delete(chatRelayLeases).where(inArray(chatRelayLeases.messageId, [...messageIds]));
  }
}
