/**
 * Teams and capabilities: admins manage teams (one LEADER per team) and agents' capabilities
 * (normalized, no duplicates); `searchAgentsByCapabilities` ranks by matched proficiency weights
 * (novice 1, standard 2, expert 3) then by matches; everything is organization-scoped.
 */
import { DATABASE_KINDS } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentIdentity,
  codes,
  createGateway,
  type FleetStack,
  makeOrg,
  startFleetStack,
  type TestOrg,
} from './fixtures.ts';

const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) { ... on Agent { id name } } }`;
const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) {
  __typename ... on Team { id name description } ... on DomainError { code field } } }`;
const SET_MEMBER = `mutation($teamId: ID!, $agentId: ID!, $role: TeamRole!) { setTeamMember(teamId: $teamId, agentId: $agentId, role: $role) {
  __typename ... on Team { id members { role agent { id } } } ... on DomainError { code field ids } } }`;
const REMOVE_MEMBER = `mutation($teamId: ID!, $agentId: ID!) { removeTeamMember(teamId: $teamId, agentId: $agentId) {
  __typename ... on Team { members { agent { id } } } ... on DomainError { code field } } }`;
const SET_CAPS = `mutation($agentId: ID!, $capabilities: [AgentCapabilityInput!]!) { setAgentCapabilities(agentId: $agentId, capabilities: $capabilities) {
  __typename ... on Agent { id capabilities { name proficiency } } ... on DomainError { code field ids } } }`;
const SEARCH = `query($caps: [String!]!, $first: Int) { searchAgentsByCapabilities(capabilities: $caps, first: $first) {
  score matchedCount agent { id name } matched { name proficiency } } }`;

describe.each(DATABASE_KINDS)('teams and capabilities on %s', (kind) => {
  let stack: FleetStack;
  beforeAll(async () => {
    // Their gateways are not reachable: keep provisioning retrying (PROVISIONING) for the test's length.
    stack = await startFleetStack(kind, { env: { PROVISION_ATTEMPTS: '10', PROVISION_BACKOFF_MS: '600000' } });
  });
  afterAll(() => stack?.close());

  async function agents(org: TestOrg, names: string[]) {
    const gateway = await createGateway(stack, org.owner);
    const ids: string[] = [];
    for (const name of names) {
      ids.push((await stack.ok(org.owner, CREATE_AGENT, { input: { name, gatewayId: gateway.id } })).createAgent.id);
    }
    return ids;
  }

  it('teams have at most one leader; roles change; members leave; agents see their teams', async () => {
    const org = await makeOrg(stack);
    const [a, b] = await agents(org, ['a', 'b']);
    const team = (await stack.ok(org.as('ADMIN'), CREATE_TEAM, { input: { name: 'Core', description: 'The core' } }))
      .createTeam;
    expect(team).toMatchObject({ __typename: 'Team', name: 'Core' });
    expect((await stack.ok(org.owner, CREATE_TEAM, { input: { name: 'Core' } })).createTeam.code).toBe('CONFLICT');
    await stack.ok(org.owner, SET_MEMBER, { teamId: team.id, agentId: a, role: 'LEADER' });
    const second = await stack.ok(org.owner, SET_MEMBER, { teamId: team.id, agentId: b, role: 'LEADER' });
    expect(second.setTeamMember).toMatchObject({ code: 'CONFLICT', field: 'role' });
    await stack.ok(org.owner, SET_MEMBER, { teamId: team.id, agentId: a, role: 'REVIEWER' });
    const swapped = await stack.ok(org.owner, SET_MEMBER, { teamId: team.id, agentId: b, role: 'LEADER' });
    expect(swapped.setTeamMember.members).toEqual([
      { role: 'REVIEWER', agent: { id: a } },
      { role: 'LEADER', agent: { id: b } },
    ]);
    const mine = await stack.ok(org.owner, `query($id: ID!) { agent(id: $id) { teams { role team { name } } } }`, {
      id: a,
    });
    expect(mine.agent.teams).toEqual([{ role: 'REVIEWER', team: { name: 'Core' } }]);
    const removed = await stack.ok(org.owner, REMOVE_MEMBER, { teamId: team.id, agentId: a });
    expect(removed.removeTeamMember.members).toEqual([{ agent: { id: b } }]);
    expect((await stack.ok(org.owner, REMOVE_MEMBER, { teamId: team.id, agentId: a })).removeTeamMember.code).toBe(
      'NOT_FOUND',
    );
  });

  it('capabilities are normalized and unique; the search ranks by weighted proficiency', async () => {
    const org = await makeOrg(stack);
    const [novice, expert, both, none] = await agents(org, ['novice', 'expert', 'both', 'none']);
    await stack.ok(org.owner, SET_CAPS, { agentId: novice, capabilities: [{ name: 'Python', proficiency: 'NOVICE' }] });
    await stack.ok(org.owner, SET_CAPS, {
      agentId: expert,
      capabilities: [{ name: ' python ', proficiency: 'EXPERT' }],
    });
    const set = await stack.ok(org.owner, SET_CAPS, {
      agentId: both,
      capabilities: [
        { name: 'python', proficiency: 'STANDARD' },
        { name: 'Code  Review', proficiency: 'NOVICE' },
        { name: 'go', proficiency: 'EXPERT' },
      ],
    });
    expect(set.setAgentCapabilities.capabilities).toEqual([
      { name: 'code review', proficiency: 'NOVICE' },
      { name: 'go', proficiency: 'EXPERT' },
      { name: 'python', proficiency: 'STANDARD' },
    ]);
    const dup = await stack.ok(org.owner, SET_CAPS, {
      agentId: none,
      capabilities: [
        { name: 'Go', proficiency: 'NOVICE' },
        { name: 'go', proficiency: 'EXPERT' },
      ],
    });
    expect(dup.setAgentCapabilities).toMatchObject({ code: 'BAD_USER_INPUT', field: 'capabilities.1.name' });
    const result = await stack.ok(org.as('MEMBER'), SEARCH, { caps: ['PYTHON', 'code review'] });
    // expert: python 3 = 3 (1 match); both: python 2 + code review 1 = 3 (2 matches); novice: 1.
    expect(result.searchAgentsByCapabilities.map((m: any) => [m.agent.name, m.score, m.matchedCount])).toEqual([
      ['both', 3, 2],
      ['expert', 3, 1],
      ['novice', 1, 1],
    ]);
    expect(result.searchAgentsByCapabilities[0].matched).toEqual([
      { name: 'code review', proficiency: 'NOVICE' },
      { name: 'python', proficiency: 'STANDARD' },
    ]);
  });

  it('ties on score go to more matches; first limits; bad input is refused', async () => {
    const org = await makeOrg(stack);
    const [one, two] = await agents(org, ['one', 'two']);
    await stack.ok(org.owner, SET_CAPS, { agentId: one, capabilities: [{ name: 'rust', proficiency: 'STANDARD' }] });
    await stack.ok(org.owner, SET_CAPS, {
      agentId: two,
      capabilities: [
        { name: 'rust', proficiency: 'NOVICE' },
        { name: 'sql', proficiency: 'NOVICE' },
      ],
    });
    const ranked = await stack.ok(org.owner, SEARCH, { caps: ['rust', 'sql'] });
    expect(ranked.searchAgentsByCapabilities.map((m: any) => m.agent.name)).toEqual(['two', 'one']);
    expect(ranked.searchAgentsByCapabilities[0].matched).toEqual([
      { name: 'rust', proficiency: 'NOVICE' },
      { name: 'sql', proficiency: 'NOVICE' },
    ]);
    expect((await stack.ok(org.owner, SEARCH, { caps: ['rust'], first: 1 })).searchAgentsByCapabilities).toHaveLength(
      1,
    );
    expect(codes(await stack.run(org.owner, SEARCH, { caps: [] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.run(org.owner, SEARCH, { caps: ['rust'], first: 0 }))).toEqual(['BAD_USER_INPUT']);
    // Agents may search their organization too.
    const asAgent = await stack.ok(agentIdentity(one, org.id), SEARCH, { caps: ['sql'] });
    expect(asAgent.searchAgentsByCapabilities.map((m: any) => m.agent.id)).toEqual([two]);
  });

  it('everything is organization-scoped', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const [mine] = await agents(org, ['mine']);
    const [theirs] = await agents(other, ['theirs']);
    await stack.ok(other.owner, SET_CAPS, { agentId: theirs, capabilities: [{ name: 'k8s', proficiency: 'EXPERT' }] });
    const theirTeam = (await stack.ok(other.owner, CREATE_TEAM, { input: { name: 'T' } })).createTeam;
    const myTeam = (await stack.ok(org.owner, CREATE_TEAM, { input: { name: 'T' } })).createTeam;
    expect((await stack.ok(org.owner, SEARCH, { caps: ['k8s'] })).searchAgentsByCapabilities).toEqual([]);
    expect((await stack.ok(org.owner, SET_CAPS, { agentId: theirs, capabilities: [] })).setAgentCapabilities.code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await stack.ok(org.owner, SET_MEMBER, { teamId: theirTeam.id, agentId: mine, role: 'MEMBER' })).setTeamMember,
    ).toMatchObject({ code: 'NOT_FOUND', field: 'teamId' });
    expect(
      (await stack.ok(org.owner, SET_MEMBER, { teamId: myTeam.id, agentId: theirs, role: 'MEMBER' })).setTeamMember,
    ).toMatchObject({ code: 'NOT_FOUND', field: 'agentId' });
    expect(codes(await stack.run(org.owner, `query($id: ID!) { team(id: $id) { id } }`, { id: theirTeam.id }))).toEqual(
      ['NOT_FOUND'],
    );
    const listed = await stack.ok(org.owner, '{ teams { id } }');
    expect(listed.teams).toEqual([{ id: myTeam.id }]);
    expect(
      (
        await stack.ok(
          org.owner,
          `mutation($id: ID!) { deleteTeam(id: $id) { __typename ... on DomainError { code } } }`,
          {
            id: theirTeam.id,
          },
        )
      ).deleteTeam.code,
    ).toBe('NOT_FOUND');
    expect(codes(await stack.run(org.as('MEMBER'), CREATE_TEAM, { input: { name: 'x' } }))).toEqual(['FORBIDDEN']);
  });

  it('lists agents with their teams in a fixed number of queries (no N+1)', async () => {
    const org = await makeOrg(stack);
    const ids = await agents(org, ['p', 'q', 'r']);
    for (const [index, id] of ids.entries()) {
      const team = (await stack.ok(org.owner, CREATE_TEAM, { input: { name: `team-${index}` } })).createTeam;
      await stack.ok(org.owner, SET_MEMBER, { teamId: team.id, agentId: id, role: 'MEMBER' });
    }
    const statements: string[] = [];
    const stop = stack.fleet.runtime.database.onQuery((text) => statements.push(text));
    const result = await stack.ok(
      org.owner,
      '{ agents { nodes { id teams { role team { name } } capabilities { name } } } }',
    );
    stop();
    expect(result.agents.nodes.map((node: any) => node.teams[0].team.name).sort()).toEqual([
      'team-0',
      'team-1',
      'team-2',
    ]);
    expect(statements.filter((text) => /from "fleet"\."teams"/.test(text))).toHaveLength(1);
    expect(statements.filter((text) => /from "fleet"\."team_members"/.test(text))).toHaveLength(1);
  });
});
