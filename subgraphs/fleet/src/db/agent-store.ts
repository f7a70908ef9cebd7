/** SQL for agents: batched lookups, filtered keyset pages, counts per board, lifecycle compare-and-set. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { agents, gateways } from './tables.ts';

export type AgentRow = typeof agents.$inferSelect;
export type AgentInsert = typeof agents.$inferInsert;
export type AgentStatusValue = AgentRow['status'];
export type AgentKindValue = AgentRow['kind'];

export interface AgentFilter {
  gatewayId?: string;
  boardId?: string;
  status?: AgentStatusValue;
}

export class AgentStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async create(values: AgentInsert): Promise<AgentRow> {
    const [row] = await this.db.insert(agents).values(values).returning();
    return row;
  }

  async update(id: string, patch: Partial<AgentInsert>): Promise<AgentRow | undefined> {
    const [row] = await this.db.update(agents).set(patch).where(eq(agents.id, id)).returning();
    return row;
  }

  /** Updates only while the agent is still at `generation` (work for an older generation is discarded). */
  async updateAtGeneration(id: string, generation: number, patch: Partial<AgentInsert>): Promise<AgentRow | undefined> {
    const [row] = await this.db
      .update(agents)
      .set(patch)
      .where(and(eq(agents.id, id), eq(agents.lifecycleGeneration, generation)))
      .returning();
    return row;
  }

  /** Updates only while the agent is at `generation` and still in `status` (compare-and-set). */
  async updateIf(
    id: string,
    generation: number,
    status: AgentStatusValue,
    patch: Partial<AgentInsert>,
  ): Promise<AgentRow | undefined> {
    const [row] = await this.db
      .update(agents)
      .set(patch)
      .where(and(eq(agents.id, id), eq(agents.lifecycleGeneration, generation), eq(agents.status, status)))
      .returning();
    return row;
  }

  /** PROVISIONING agents whose deadline passed, or that never started before `staleBefore`. */
  async provisioningDue(now: Date, staleBefore: Date): Promise<{ overdue: AgentRow[]; unstarted: AgentRow[] }> {
    const rows = await this.db
      .select()
      .from(agents)
      .where(
        and(
          eq(agents.status, 'PROVISIONING'),
          or(
            lt(agents.provisionDeadlineAt, now),
            and(isNull(agents.provisionDeadlineAt), lt(agents.updatedAt, staleBefore)),
          ),
        ),
      )
      .limit(500);
    return {
      overdue: rows.filter((row) => row.provisionDeadlineAt !== null),
      unstarted: rows.filter((row) => row.provisionDeadlineAt === null),
    };
  }

  /** The gateway's ONLINE agents become OFFLINE because the gateway cannot be reached (marked as such). */
  async markGatewayLost(gatewayId: string, lastError: string, at: Date): Promise<AgentRow[]> {
    return this.db
      .update(agents)
      .set({ status: 'OFFLINE', lastError, gatewayLostAt: at, updatedAt: at })
      .where(and(eq(agents.gatewayId, gatewayId), eq(agents.status, 'ONLINE')))
      .returning();
  }

  /** The gateway's agents that are OFFLINE because it could not be reached. */
  async lostOnGateway(gatewayId: string): Promise<AgentRow[]> {
    return this.db
      .select()
      .from(agents)
      .where(and(eq(agents.gatewayId, gatewayId), eq(agents.status, 'OFFLINE'), isNotNull(agents.gatewayLostAt)));
  }

  /**
   * Brings back an agent its gateway's loss made OFFLINE (compare-and-set on that state): ONLINE when it
   * had checked in before, else provisioning again under a new lifecycle generation.
   */
  async restoreFromGatewayLoss(id: string, at: Date): Promise<AgentRow | undefined> {
    const [row] = await this.db
      .update(agents)
      .set({
        status: sql`(case when ${agents.checkedInAt} is null then 'PROVISIONING' else 'ONLINE' end)::fleet.agent_status`,
        lifecycleGeneration: sql`${agents.lifecycleGeneration} + case when ${agents.checkedInAt} is null then 1 else 0 end`,
        lastError: null,
        gatewayLostAt: null,
        wakeAttempts: 0,
        provisionDeadlineAt: null,
        updatedAt: at,
      })
      .where(and(eq(agents.id, id), eq(agents.status, 'OFFLINE'), isNotNull(agents.gatewayLostAt)))
      .returning();
    return row;
  }

  async delete(id: string): Promise<AgentRow | undefined> {
    const [row] = await this.db.delete(agents).where(eq(agents.id, id)).returning();
    return row;
  }

  /** An agent with its gateway, in one round trip (the chat relay's lookup per message). */
  async withGateway(
    id: string,
  ): Promise<{ agent: AgentRow; gateway: typeof gateways.$inferSelect | null } | undefined> {
    const [row] = await this.db
      .select({ agent: agents, gateway: gateways })
      .from(agents)
      .leftJoin(gateways, eq(gateways.id, agents.gatewayId))
      .where(eq(agents.id, id));
    return row;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, AgentRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(agents)
      .where(inArray(agents.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async lock(id: string): Promise<AgentRow | undefined> {
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id)).for('update');
    return row;
  }

  async idsOnGateway(gatewayId: string): Promise<string[]> {
    const rows = await this.db.select({ id: agents.id }).from(agents).where(eq(agents.gatewayId, gatewayId));
    return rows.map((row) => row.id);
  }

  async onBoard(boardId: string): Promise<AgentRow[]> {
    return this.db.select().from(agents).where(eq(agents.boardId, boardId));
  }

  /** Agents on a board that count against its `maxAgents` (all but `exceptId`). */
  async countOnBoard(boardId: string, exceptId?: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(agents)
      .where(and(eq(agents.boardId, boardId), exceptId ? ne(agents.id, exceptId) : undefined));
    return Number(row?.n ?? 0);
  }

  /** Agent counts per gateway (one query). */
  async countByGateway(gatewayIds: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>(gatewayIds.map((id) => [id, 0]));
    if (gatewayIds.length === 0) return result;
    const rows = await this.db
      .select({ gatewayId: agents.gatewayId, n: count() })
      .from(agents)
      .where(inArray(agents.gatewayId, [...gatewayIds]))
      .groupBy(agents.gatewayId);
    for (const row of rows) result.set(row.gatewayId, Number(row.n));
    return result;
  }

  async page(organizationId: string, filter: AgentFilter, limit: number, after?: CursorPosition): Promise<AgentRow[]> {
    return this.db
      .select()
      .from(agents)
      .where(
        and(
          eq(agents.organizationId, organizationId),
          filter.gatewayId ? eq(agents.gatewayId, filter.gatewayId) : undefined,
          filter.boardId ? eq(agents.boardId, filter.boardId) : undefined,
          filter.status ? eq(agents.status, filter.status) : undefined,
          after
            ? or(gt(agents.createdAt, after.at), and(eq(agents.createdAt, after.at), gt(agents.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(asc(agents.createdAt), asc(agents.id))
      .limit(limit + 1);
  }

  /** Agents of these gateways or boards, grouped (for `Gateway.agents`, `Board.agents`). */
  async byParent(column: 'gatewayId' | 'boardId', parentIds: readonly string[]): Promise<Map<string, AgentRow[]>> {
    const result = new Map<string, AgentRow[]>(parentIds.map((id) => [id, []]));
    if (parentIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(agents)
      .where(inArray(agents[column], [...parentIds]))
      .orderBy(asc(agents.createdAt), asc(agents.id));
    for (const row of rows) {
      const key = row[column];
      if (key) result.get(key)?.push(row);
    }
    return result;
  }
}
