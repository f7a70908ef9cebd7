/** SQL for teams, their members and agents' capabilities (batched lookups, the capability search). */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { agentCapabilities, teamMembers, teams } from './tables.ts';

export type TeamRow = typeof teams.$inferSelect;
export type TeamMemberRow = typeof teamMembers.$inferSelect;
export type CapabilityRow = typeof agentCapabilities.$inferSelect;
export type TeamRoleValue = TeamMemberRow['role'];
export type ProficiencyValue = CapabilityRow['proficiency'];

export class TeamStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async create(values: typeof teams.$inferInsert): Promise<TeamRow> {
    const [row] = await this.db.insert(teams).values(values).returning();
    return row;
  }

  async update(id: string, patch: Partial<typeof teams.$inferInsert>): Promise<TeamRow | undefined> {
    const [row] = await this.db.update(teams).set(patch).where(eq(teams.id, id)).returning();
    return row;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.delete(teams).where(eq(teams.id, id)).returning({ id: teams.id })).length > 0;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, TeamRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(teams)
      .where(inArray(teams.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async list(organizationId: string): Promise<TeamRow[]> {
    return this.db
      .select()
      .from(teams)
      .where(eq(teams.organizationId, organizationId))
      .orderBy(asc(teams.createdAt), asc(teams.id));
  }

  /** Sets an agent's role in a team (adds it when absent). */
  async setMember(teamId: string, agentId: string, role: TeamRoleValue): Promise<void> {
    await this.db
      .insert(teamMembers)
      .values({ teamId, agentId, role })
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.agentId], set: { role } });
  }

  async removeMember(teamId: string, agentId: string): Promise<boolean> {
    const rows = await this.db
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.agentId, agentId)))
      .returning({ agentId: teamMembers.agentId });
    return rows.length > 0;
  }

  async membersOf(teamIds: readonly string[]): Promise<Map<string, TeamMemberRow[]>> {
    const result = new Map<string, TeamMemberRow[]>(teamIds.map((id) => [id, []]));
    if (teamIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(teamMembers)
      .where(inArray(teamMembers.teamId, [...teamIds]))
      .orderBy(asc(teamMembers.createdAt), asc(teamMembers.agentId));
    for (const row of rows) result.get(row.teamId)?.push(row);
    return result;
  }

  async membershipsOf(agentIds: readonly string[]): Promise<Map<string, TeamMemberRow[]>> {
    const result = new Map<string, TeamMemberRow[]>(agentIds.map((id) => [id, []]));
    if (agentIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(teamMembers)
      .where(inArray(teamMembers.agentId, [...agentIds]))
      .orderBy(asc(teamMembers.createdAt));
    for (const row of rows) result.get(row.agentId)?.push(row);
    return result;
  }

  /** Replaces an agent's capabilities. */
  async setCapabilities(
    agentId: string,
    organizationId: string,
    capabilities: { name: string; proficiency: ProficiencyValue }[],
  ): Promise<void> {
    await this.db.delete(agentCapabilities).where(eq(agentCapabilities.agentId, agentId));
    if (capabilities.length > 0) {
      await this.db.insert(agentCapabilities).values(capabilities.map((c) => ({ ...c, agentId, organizationId })));
    }
  }

  async capabilitiesOf(agentIds: readonly string[]): Promise<Map<string, CapabilityRow[]>> {
    const result = new Map<string, CapabilityRow[]>(agentIds.map((id) => [id, []]));
    if (agentIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(agentCapabilities)
      .where(inArray(agentCapabilities.agentId, [...agentIds]))
      .orderBy(asc(agentCapabilities.name));
    for (const row of rows) result.get(row.agentId)?.push(row);
    return result;
  }

  /**
   * Agents of the organization having any of `names`, ranked by the sum of matched proficiency
   * weights (novice 1, standard 2, expert 3), then by how many matched; ties by agent id.
   */
  async search(
    organizationId: string,
    names: readonly string[],
    limit: number,
  ): Promise<{ agentId: string; score: number; matched: number }[]> {
    if (names.length === 0) return [];
    const weight = sql<number>`sum(case ${agentCapabilities.proficiency} when 'EXPERT' then 3 when 'STANDARD' then 2 else 1 end)::int`;
    const matched = sql<number>`count(*)::int`;
    return this.db
      .select({ agentId: agentCapabilities.agentId, score: weight, matched })
      .from(agentCapabilities)
      .where(and(eq(agentCapabilities.organizationId, organizationId), inArray(agentCapabilities.name, [...names])))
      .groupBy(agentCapabilities.agentId)
      .orderBy(sql`2 desc`, sql`3 desc`, asc(agentCapabilities.agentId))
      .limit(limit);
  }
}
