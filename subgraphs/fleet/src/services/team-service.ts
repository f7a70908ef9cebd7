/**
 * Teams and capabilities (M13 data), organization-scoped: admins manage teams (roles leader,
 * specialist, member, reviewer — one leader per team, by a unique partial index) and agents'
 * capabilities (normalized names with a proficiency); members read and search.
 */
import {
  badInput,
  type Clock,
  conflict,
  type DatabaseHandle,
  DomainError,
  type Identity,
  isUuid,
  notFound,
  parseId,
  requireText,
} from '@mc/kit';
import type { AgentRow } from '../db/agent-store.ts';
import { AgentStore } from '../db/agent-store.ts';
import {
  type CapabilityRow,
  type ProficiencyValue,
  type TeamMemberRow,
  type TeamRoleValue,
  type TeamRow,
  TeamStore,
} from '../db/team-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { readerOrg, requireAdmin, requireSameOrg } from './access.ts';

export const CAPABILITY_MAX = 50;
export const CAPABILITY_NAME_MAX = 80;
export const SEARCH_MAX = 100;

export interface AgentMatch {
  agent: AgentRow;
  score: number;
  matchedCount: number;
  matched: CapabilityRow[];
}

/** `Code Review ` → `code review`: capabilities compare case- and space-insensitively. */
export function normalizeCapability(value: string, field: string): string {
  const name = requireText(value, field, CAPABILITY_NAME_MAX).toLowerCase().replace(/\s+/g, ' ');
  return name;
}

export class TeamService {
  private readonly database: DatabaseHandle;
  private readonly store: TeamStore;
  private readonly agents: AgentStore;
  private readonly clock: Clock;

  constructor(deps: { database: DatabaseHandle; clock: Clock }) {
    this.database = deps.database;
    this.store = new TeamStore(deps.database.db);
    this.agents = new AgentStore(deps.database.db);
    this.clock = deps.clock;
  }

  async list(identity: Identity): Promise<TeamRow[]> {
    return this.store.list(readerOrg(identity));
  }

  async get(identity: Identity, rawId: string): Promise<TeamRow> {
    const id = parseId(rawId);
    return requireSameOrg((await this.store.byIds([id])).get(id), readerOrg(identity), 'Team', id);
  }

  /** For lists and references: teams of the caller's organization; anything else is NOT_FOUND. */
  async load(identity: Identity, ids: readonly string[]): Promise<(TeamRow | Error)[]> {
    let orgId: string;
    try {
      orgId = readerOrg(identity);
    } catch (error) {
      return ids.map(() => error as Error);
    }
    const rows = await this.store.byIds(ids.filter(isUuid));
    return ids.map((id) => {
      const row = rows.get(id);
      return row && row.organizationId === orgId ? row : notFound('Team', id);
    });
  }

  async create(identity: Identity, input: { name: string; description?: string | null }): Promise<TeamRow> {
    const org = requireAdmin(identity);
    const name = requireText(input.name, 'input.name', 120);
    const description = input.description == null ? null : requireText(input.description, 'input.description', 2000, 0);
    return this.store.create({ organizationId: org.id, name, description }).catch((error) => {
      if (uniqueViolation(error) !== null) throw conflict('A team with this name exists', { field: 'input.name' });
      throw error;
    });
  }

  async update(identity: Identity, rawId: string, input: { name?: string | null; description?: string | null }) {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    requireSameOrg((await this.store.byIds([id])).get(id), org.id, 'Team', id);
    const patch: Partial<TeamRow> = { updatedAt: this.clock.now() };
    if (input.name != null) patch.name = requireText(input.name, 'input.name', 120);
    if (input.description !== undefined) {
      patch.description =
        input.description === null ? null : requireText(input.description, 'input.description', 2000, 0);
    }
    const row = await this.store.update(id, patch).catch((error) => {
      if (uniqueViolation(error) !== null) throw conflict('A team with this name exists', { field: 'input.name' });
      throw error;
    });
    if (!row) throw notFound('Team', id);
    return row;
  }

  async delete(identity: Identity, rawId: string): Promise<{ id: string }> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    requireSameOrg((await this.store.byIds([id])).get(id), org.id, 'Team', id);
    if (!(await this.store.delete(id))) throw notFound('Team', id);
    return { id };
  }

  /** Adds an agent to a team or changes its role; a second leader is CONFLICT. */
  async setMember(identity: Identity, rawTeamId: string, rawAgentId: string, role: TeamRoleValue): Promise<TeamRow> {
    const org = requireAdmin(identity);
    const team = await this.requireTeam(org.id, rawTeamId);
    const agent = await this.requireAgent(org.id, rawAgentId, 'agentId');
    await this.store.setMember(team.id, agent.id, role).catch((error) => {
      if (uniqueViolation(error) === 'team_members_one_leader_key') {
        throw conflict('The team already has a leader', { field: 'role', ids: [team.id] });
      }
      throw error;
    });
    return team;
  }

  async removeMember(identity: Identity, rawTeamId: string, rawAgentId: string): Promise<TeamRow> {
    const org = requireAdmin(identity);
    const team = await this.requireTeam(org.id, rawTeamId);
    const agentId = parseId(rawAgentId, 'agentId');
    if (!(await this.store.removeMember(team.id, agentId))) {
      throw new DomainError('NOT_FOUND', 'The agent is not in this team', { field: 'agentId', ids: [agentId] });
    }
    return team;
  }

  async members(identity: Identity, teamIds: readonly string[]): Promise<TeamMemberRow[][]> {
    readerOrg(identity);
    const grouped = await this.store.membersOf(teamIds);
    return teamIds.map((id) => grouped.get(id) ?? []);
  }

  async memberships(identity: Identity, agentIds: readonly string[]): Promise<TeamMemberRow[][]> {
    readerOrg(identity);
    const grouped = await this.store.membershipsOf(agentIds);
    return agentIds.map((id) => grouped.get(id) ?? []);
  }

  async capabilities(identity: Identity, agentIds: readonly string[]): Promise<CapabilityRow[][]> {
    readerOrg(identity);
    const grouped = await this.store.capabilitiesOf(agentIds);
    return agentIds.map((id) => grouped.get(id) ?? []);
  }

  /** Replaces an agent's capabilities (at most 50, names normalized, no duplicates). */
  async setCapabilities(
    identity: Identity,
    rawAgentId: string,
    input: readonly { name: string; proficiency: ProficiencyValue }[],
  ): Promise<AgentRow> {
    const org = requireAdmin(identity);
    const agent = await this.requireAgent(org.id, rawAgentId, 'agentId');
    if (input.length > CAPABILITY_MAX) throw badInput(`At most ${CAPABILITY_MAX} capabilities`, 'capabilities');
    const byName = new Map<string, ProficiencyValue>();
    input.forEach((capability, index) => {
      const name = normalizeCapability(capability.name, `capabilities.${index}.name`);
      if (byName.has(name)) throw badInput(`Capability "${name}" is listed twice`, `capabilities.${index}.name`);
      byName.set(name, capability.proficiency);
    });
    await this.database.db.transaction(async (tx) =>
      new TeamStore(tx as never).setCapabilities(
        agent.id,
        org.id,
        [...byName].map(([name, proficiency]) => ({ name, proficiency })),
      ),
    );
    return agent;
  }

  /** The organization's agents with any of the capabilities, best first (weighted by proficiency). */
  async search(
    identity: Identity,
    rawNames: readonly string[],
    first: number | null | undefined,
  ): Promise<AgentMatch[]> {
    const orgId = readerOrg(identity);
    if (rawNames.length === 0 || rawNames.length > CAPABILITY_MAX) {
      throw badInput(`Give 1–${CAPABILITY_MAX} capabilities`, 'capabilities');
    }
    const names = [...new Set(rawNames.map((name, index) => normalizeCapability(name, `capabilities.${index}`)))];
    const limit = first ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX)
      throw badInput(`first must be 1–${SEARCH_MAX}`, 'first');
    const ranked = await this.store.search(orgId, names, limit);
    const ids = ranked.map((row) => row.agentId);
    const [agents, capabilities] = await Promise.all([this.agents.byIds(ids), this.store.capabilitiesOf(ids)]);
    const wanted = new Set(names);
    return ranked.flatMap((row) => {
      const agent = agents.get(row.agentId);
      if (!agent) return [];
      return [
        {
          agent,
          score: row.score,
          matchedCount: row.matched,
          matched: (capabilities.get(row.agentId) ?? []).filter((c) => wanted.has(c.name)),
        },
      ];
    });
  }

  private async requireTeam(organizationId: string, rawId: string): Promise<TeamRow> {
    const id = parseId(rawId, 'teamId');
    const team = (await this.store.byIds([id])).get(id);
    if (!team || team.organizationId !== organizationId) {
      throw new DomainError('NOT_FOUND', 'Team not found', { field: 'teamId', ids: [id] });
    }
    return team;
  }

  private async requireAgent(organizationId: string, rawId: string, field: string): Promise<AgentRow> {
    const id = parseId(rawId, field);
    const agent = (await this.agents.byIds([id])).get(id);
    if (!agent || agent.organizationId !== organizationId) {
      throw new DomainError('NOT_FOUND', 'Agent not found', { field, ids: [id] });
    }
    return agent;
  }
}
