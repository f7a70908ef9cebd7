/** SQL for work's projection of fleet's agents (`agent_directory`): idempotent, order-tolerant upserts and lookups. */
import type { Database } from '@mc/kit';
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { agentDirectory } from './tables.ts';

export type AgentDirectoryRow = typeof agentDirectory.$inferSelect;

export class AgentDirectoryStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * Applies an agent's state as of `at` (an event carries the whole state); an older event than
   * the one applied last changes nothing, and a deleted agent stays deleted.
   */
  async apply(agent: {
    agentId: string;
    organizationId: string;
    boardId: string | null;
    name: string;
    deleted: boolean;
    at: Date;
  }): Promise<void> {
    const deletedAt = agent.deleted ? agent.at : null;
    await this.db
      .insert(agentDirectory)
      .values({ ...agent, deletedAt, updatedAt: agent.at })
      .onConflictDoUpdate({
        target: agentDirectory.agentId,
        set: {
          boardId: agent.boardId,
          name: agent.name,
          deletedAt: sql`coalesce(${agentDirectory.deletedAt}, ${deletedAt}::timestamptz)`,
          updatedAt: agent.at,
        },
        setWhere: lte(agentDirectory.updatedAt, agent.at),
      });
  }

  /** One agent's name as fleet last said, deleted or not (who wrote a comment). */
  async nameOf(agentId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ name: agentDirectory.name })
      .from(agentDirectory)
      .where(eq(agentDirectory.agentId, agentId));
    return row?.name ?? null;
  }

  /**
   * The organization's live agents whose full name or first name is one of `names` (lower-case,
   * single-spaced), in one statement.
   */
  async named(organizationId: string, names: readonly string[]): Promise<AgentDirectoryRow[]> {
    if (names.length === 0) return [];
    // POSIX class: a `\s` in this template literal would reach SQL as a plain `s`.
    const full = sql`lower(regexp_replace(trim(${agentDirectory.name}), '[[:space:]]+', ' ', 'g'))`;
    const list = sql.join(
      names.map((name) => sql`${name}`),
      sql`, `,
    );
    return this.db
      .select()
      .from(agentDirectory)
      .where(
        and(
          eq(agentDirectory.organizationId, organizationId),
          isNull(agentDirectory.deletedAt),
          sql`(${full} in (${list}) or split_part(${full}, ' ', 1) in (${list}))`,
        ),
      )
      .orderBy(agentDirectory.agentId);
  }
}
