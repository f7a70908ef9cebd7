/** SQL for the bounded heartbeat history: append, prune by retention, batched windows per gateway. */
import type { Database } from '@mc/kit';
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { heartbeats } from './tables.ts';

export type HeartbeatRow = typeof heartbeats.$inferSelect;

export class HeartbeatStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** Appends a sample and drops this gateway's samples older than `keepSince`. */
  async append(sample: Omit<HeartbeatRow, 'seq'>, keepSince: Date): Promise<void> {
    await this.db.insert(heartbeats).values(sample);
    await this.db
      .delete(heartbeats)
      .where(and(eq(heartbeats.gatewayId, sample.gatewayId), lt(heartbeats.at, keepSince)));
  }

  /** Samples since `since` for each gateway, oldest first (one query for all). */
  async since(gatewayIds: readonly string[], since: Date): Promise<Map<string, HeartbeatRow[]>> {
    const result = new Map<string, HeartbeatRow[]>(gatewayIds.map((id) => [id, []]));
    if (gatewayIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(heartbeats)
      .where(and(inArray(heartbeats.gatewayId, [...gatewayIds]), gte(heartbeats.at, since)))
      .orderBy(asc(heartbeats.at), asc(heartbeats.seq));
    for (const row of rows) result.get(row.gatewayId)?.push(row);
    return result;
  }
}
