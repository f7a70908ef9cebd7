/** SQL for what chat knows of other subgraphs' records: agents (fleet) and H5 users (identity). */
import type { Database } from '@mc/kit';
import { inArray } from 'drizzle-orm';
import { agentStates, h5UserStates } from './tables.ts';

export type AgentState = typeof agentStates.$inferSelect;
export type H5UserState = typeof h5UserStates.$inferSelect;

export class ProjectionStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * Applies a fleet agent event unless a newer one was applied already (events may arrive out of
   * order after retries). Returns the state before and after, or null when the event was stale.
   */
  async applyAgent(state: AgentState): Promise<{ before: AgentState | undefined; after: AgentState } | null> {
    const before = (await this.agents([state.agentId])).get(state.agentId);
    if (before && before.changedAt > state.changedAt) return null;
    // A deleted agent stays deleted, whatever late event follows.
    const deletedAt = before?.deletedAt ?? state.deletedAt;
    const [after] = await this.db
      .insert(agentStates)
      .values({ ...state, deletedAt })
      .onConflictDoUpdate({
        target: agentStates.agentId,
        set: {
          organizationId: state.organizationId,
          name: state.name,
          status: state.status,
          deletedAt,
          changedAt: state.changedAt,
        },
      })
      .returning();
    return { before, after };
  }

  async agents(ids: readonly string[]): Promise<Map<string, AgentState>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(agentStates)
      .where(inArray(agentStates.agentId, [...ids]));
    return new Map(rows.map((row) => [row.agentId, row]));
  }

  /** Records which organization an H5 user belongs to (first writer wins: accounts never move). */
  async rememberH5User(h5UserId: string, organizationId: string): Promise<void> {
    await this.db
      .insert(h5UserStates)
      .values({ h5UserId, organizationId })
      .onConflictDoNothing({ target: h5UserStates.h5UserId });
  }

  async h5Users(ids: readonly string[]): Promise<Map<string, H5UserState>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(h5UserStates)
      .where(inArray(h5UserStates.h5UserId, [...ids]));
    return new Map(rows.map((row) => [row.h5UserId, row]));
  }
}
