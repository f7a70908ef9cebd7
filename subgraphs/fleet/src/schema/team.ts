/** `Team`, `TeamMember`, `AgentCapability`, `Agent.capabilities/teams`, and `searchAgentsByCapabilities`. */
import { builder } from '../builder.ts';
import type { FleetContext } from '../context.ts';
import type { CapabilityRow, TeamMemberRow, TeamRow } from '../db/team-store.ts';
import type { AgentMatch } from '../services/team-service.ts';
import { AgentRef } from './agent.ts';
import { OrganizationRef } from './organization.ts';

const TeamRoleEnum = builder.enumType('TeamRole', { values: ['LEADER', 'SPECIALIST', 'MEMBER', 'REVIEWER'] as const });
const ProficiencyEnum = builder.enumType('Proficiency', {
  values: {
    NOVICE: { description: 'Weight 1 in capability search' },
    STANDARD: { description: 'Weight 2' },
    EXPERT: { description: 'Weight 3' },
  } as const,
});

const TeamMemberRef = builder.objectRef<TeamMemberRow>('TeamMember').implement({
  fields: (t) => ({
    agent: t.field({ type: AgentRef, resolve: (member) => member.agentId }),
    role: t.field({ type: TeamRoleEnum, resolve: (member) => member.role }),
    since: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const TeamRef = builder.loadableObjectRef('Team', {
  load: (ids: string[], context: FleetContext) => context.services.teams.load(context.identity, ids),
  cacheResolved: (team: TeamRow) => team.id,
});

TeamRef.implement({
  description: 'A team of agents (one leader at most)',
  fields: (t) => ({
    id: t.exposeID('id'),
    organization: t.field({ type: OrganizationRef, resolve: (team) => ({ id: team.organizationId }) }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    members: t.loadableList({
      type: TeamMemberRef,
      load: (ids: string[], context) => context.services.teams.members(context.identity, ids),
      resolve: (team) => team.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AgentCapabilityRef = builder.objectRef<CapabilityRow>('AgentCapability').implement({
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Normalized: lowercase, single spaces' }),
    proficiency: t.field({ type: ProficiencyEnum, resolve: (capability) => capability.proficiency }),
  }),
});

const TeamMembershipRef = builder.objectRef<TeamMemberRow>('TeamMembership').implement({
  fields: (t) => ({
    team: t.field({ type: TeamRef, resolve: (member) => member.teamId }),
    role: t.field({ type: TeamRoleEnum, resolve: (member) => member.role }),
  }),
});

builder.objectFields(AgentRef, (t) => ({
  capabilities: t.loadableList({
    type: AgentCapabilityRef,
    load: (ids: string[], context) => context.services.teams.capabilities(context.identity, ids),
    resolve: (agent) => agent.id,
  }),
  teams: t.loadableList({
    type: TeamMembershipRef,
    load: (ids: string[], context) => context.services.teams.memberships(context.identity, ids),
    resolve: (agent) => agent.id,
  }),
}));

const AgentMatchRef = builder.objectRef<AgentMatch>('AgentMatch').implement({
  fields: (t) => ({
    agent: t.field({ type: AgentRef, resolve: (match) => match.agent }),
    score: t.exposeInt('score', { description: 'Sum of matched proficiency weights (novice 1, standard 2, expert 3)' }),
    matchedCount: t.exposeInt('matchedCount'),
    matched: t.field({ type: [AgentCapabilityRef], resolve: (match) => match.matched }),
  }),
});

builder.queryFields((t) => ({
  teams: t.field({
    type: [TeamRef],
    description: 'Teams of the organization you act in',
    authScopes: { user: true },
    resolve: (_root, _args, context) => context.services.teams.list(context.identity),
  }),
  team: t.field({
    type: TeamRef,
    authScopes: { user: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.teams.get(context.identity, args.id),
  }),
  searchAgentsByCapabilities: t.field({
    type: [AgentMatchRef],
    description: 'Agents with any of these capabilities, best first: weighted by proficiency, then by matches',
    authScopes: { $any: { user: true, agent: true } },
    args: {
      capabilities: t.arg.stringList(),
      first: t.arg.int({ required: false, description: '1–100 (default 20)' }),
    },
    resolve: (_root, args, context) => context.services.teams.search(context.identity, args.capabilities, args.first),
  }),
}));

const TeamInput = builder.inputType('CreateTeamInput', {
  fields: (t) => ({ name: t.string(), description: t.string({ required: false }) }),
});
const UpdateTeamInput = builder.inputType('UpdateTeamInput', {
  fields: (t) => ({ name: t.string({ required: false }), description: t.string({ required: false }) }),
});
const CapabilityInput = builder.inputType('AgentCapabilityInput', {
  fields: (t) => ({ name: t.string(), proficiency: t.field({ type: ProficiencyEnum }) }),
});
const DeleteTeamPayload = builder.objectRef<{ id: string }>('DeleteTeamPayload').implement({
  fields: (t) => ({ deletedTeamId: t.exposeID('id') }),
});

builder.mutationFields((t) => ({
  createTeam: t.field({
    type: TeamRef,
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: TeamInput }) },
    resolve: (_root, args, context) => context.services.teams.create(context.identity, args.input),
  }),
  updateTeam: t.field({
    type: TeamRef,
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateTeamInput }) },
    resolve: (_root, args, context) => context.services.teams.update(context.identity, args.id, args.input),
  }),
  deleteTeam: t.field({
    type: DeleteTeamPayload,
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.teams.delete(context.identity, args.id),
  }),
  setTeamMember: t.field({
    type: TeamRef,
    description: 'Adds an agent of the organization to the team or changes its role (one LEADER per team)',
    authScopes: { user: true },
    errors: {},
    args: { teamId: t.arg.id(), agentId: t.arg.id(), role: t.arg({ type: TeamRoleEnum }) },
    resolve: (_root, args, context) =>
      context.services.teams.setMember(context.identity, args.teamId, args.agentId, args.role),
  }),
  removeTeamMember: t.field({
    type: TeamRef,
    authScopes: { user: true },
    errors: {},
    args: { teamId: t.arg.id(), agentId: t.arg.id() },
    resolve: (_root, args, context) => context.services.teams.removeMember(context.identity, args.teamId, args.agentId),
  }),
  setAgentCapabilities: t.field({
    type: AgentRef,
    description: 'Replaces an agent’s capabilities (at most 50; names are normalized)',
    authScopes: { user: true },
    errors: {},
    args: { agentId: t.arg.id(), capabilities: t.arg({ type: [CapabilityInput] }) },
    resolve: (_root, args, context) =>
      context.services.teams.setCapabilities(context.identity, args.agentId, args.capabilities),
  }),
}));
