/**
 * Tenant isolation of every root field of the fleet schema (enumerated from the schema itself: a new
 * root field without a case here fails the test): organization B's owner, gateway and agent, given
 * organization A's ids, get NOT_FOUND or only B's own data, and nothing of A changes. Entity
 * references (`_entities`) of A's gateways and agents are refused the same way.
 */
import { randomUUID } from 'node:crypto';
import { type Identity, isUuid } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentIdentity,
  createGateway,
  type FleetStack,
  gatewayIdentity,
  MINT,
  makeOrg,
  registerGateway,
  startFleetStack,
  type TestOrg,
} from './fixtures.ts';

type Outcome = 'NOT_FOUND' | 'FORBIDDEN' | 'EMPTY' | 'OWN';

interface Case {
  as: 'owner' | 'gateway' | 'agent';
  query: string;
  variables: (a: World) => Record<string, unknown>;
  expect: Outcome;
  /** Where the answer is, for EMPTY (none of A's records in it) and OWN (B's organization id) checks. */
  pick?: (data: any, a: World) => unknown;
}

interface World {
  org: TestOrg;
  gatewayId: string;
  registeredId: string;
  agentId: string;
  teamId: string;
}

const E = '__typename ... on DomainError { code }';

const CASES: Record<string, Case> = {
  'Query.gateway': {
    as: 'owner',
    query: 'query($id: ID!) { gateway(id: $id) { id } }',
    variables: (a) => ({ id: a.gatewayId }),
    expect: 'NOT_FOUND',
  },
  'Query.gateways': {
    as: 'owner',
    query: '{ gateways { nodes { id } } }',
    variables: () => ({}),
    expect: 'EMPTY',
    pick: (d, a) => d.gateways.nodes.filter((n: { id: string }) => [a.gatewayId, a.registeredId].includes(n.id)),
  },
  'Query.agent': {
    as: 'agent',
    query: 'query($id: ID!) { agent(id: $id) { id } }',
    variables: (a) => ({ id: a.agentId }),
    expect: 'NOT_FOUND',
  },
  'Query.agents': {
    as: 'owner',
    query: 'query($g: ID) { agents(filter: {gatewayId: $g}) { nodes { id } } }',
    variables: (a) => ({ g: a.gatewayId }),
    expect: 'EMPTY',
    pick: (d, a) => d.agents.nodes.filter((n: { id: string }) => n.id === a.agentId),
  },
  'Query.teams': {
    as: 'owner',
    query: '{ teams { id } }',
    variables: () => ({}),
    expect: 'EMPTY',
    pick: (d, a) => d.teams.filter((n: { id: string }) => n.id === a.teamId),
  },
  'Query.team': {
    as: 'owner',
    query: 'query($id: ID!) { team(id: $id) { id } }',
    variables: (a) => ({ id: a.teamId }),
    expect: 'NOT_FOUND',
  },
  'Query.searchAgentsByCapabilities': {
    as: 'agent',
    query: '{ searchAgentsByCapabilities(capabilities: ["secret-skill"]) { agent { id } } }',
    variables: () => ({}),
    expect: 'EMPTY',
    pick: (d) => d.searchAgentsByCapabilities,
  },
  'Mutation.createGateway': {
    as: 'owner',
    query: `mutation { createGateway(input: {name: "b-gw", url: "ws://127.0.0.1:9", workspaceRoot: "/srv"}) { ${E} ... on Gateway { organization { id } } } }`,
    variables: () => ({}),
    expect: 'OWN',
    pick: (d) => d.createGateway.organization.id,
  },
  'Mutation.updateGateway': {
    as: 'owner',
    query: `mutation($id: ID!) { updateGateway(id: $id, input: {name: "stolen"}) { ${E} } }`,
    variables: (a) => ({ id: a.gatewayId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.deleteGateway': {
    as: 'owner',
    query: `mutation($id: ID!) { deleteGateway(id: $id) { ${E} } }`,
    variables: (a) => ({ id: a.gatewayId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.createGatewayRegistrationToken': {
    as: 'owner',
    query: `mutation($id: ID!) { createGatewayRegistrationToken(input: {gatewayId: $id}) { ${E} } }`,
    variables: (a) => ({ id: a.gatewayId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.registerGateway': {
    as: 'owner',
    // A's token is A's secret; B can only use its own, and gets its own gateway.
    query: `mutation($t: String!) { registerGateway(input: {token: $t, name: "b-reg", version: "2026.9.6"}) { ${E} ... on GatewayRegistration { gateway { organization { id } } } } }`,
    variables: () => ({}),
    expect: 'OWN',
    pick: (d) => d.registerGateway.gateway.organization.id,
  },
  'Mutation.deregisterGateway': {
    as: 'owner',
    query: `mutation($id: ID!) { deregisterGateway(id: $id) { ${E} } }`,
    variables: (a) => ({ id: a.registeredId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.gatewayHeartbeat': {
    as: 'gateway',
    query: `mutation($id: ID!) { gatewayHeartbeat(gatewayId: $id, metrics: {activeSessions: 0, memoryBytes: 1, cpuPercent: 0, agentCount: 0, version: "2026.9.6"}) { ${E} } }`,
    variables: (a) => ({ id: a.registeredId }),
    // A forged heartbeat: another gateway's id.
    expect: 'FORBIDDEN',
  },
  'Mutation.createAgent': {
    as: 'owner',
    query: `mutation($g: ID!) { createAgent(input: {name: "b", gatewayId: $g}) { ${E} } }`,
    variables: (a) => ({ g: a.gatewayId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.importAgent': {
    as: 'owner',
    query: `mutation($g: ID!) { importAgent(input: {gatewayId: $g, remoteAgentId: "main"}) { ${E} } }`,
    variables: (a) => ({ g: a.gatewayId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.updateAgent': {
    as: 'owner',
    query: `mutation($id: ID!) { updateAgent(id: $id, input: {name: "stolen"}) { ${E} } }`,
    variables: (a) => ({ id: a.agentId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.deleteAgent': {
    as: 'owner',
    query: `mutation($id: ID!) { deleteAgent(id: $id) { ${E} } }`,
    variables: (a) => ({ id: a.agentId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.rotateAgentToken': {
    as: 'owner',
    query: `mutation($id: ID!) { rotateAgentToken(agentId: $id) { ${E} } }`,
    variables: (a) => ({ id: a.agentId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.agentCheckIn': {
    as: 'agent',
    // B's agent checks in as itself: A's agents are untouched whatever it sends.
    query: `mutation { agentCheckIn { ${E} ... on Agent { organization { id } } } }`,
    variables: () => ({}),
    expect: 'OWN',
    pick: (d) => d.agentCheckIn.organization.id,
  },
  'Mutation.createTeam': {
    as: 'owner',
    query: `mutation { createTeam(input: {name: "b-team"}) { ${E} ... on Team { organization { id } } } }`,
    variables: () => ({}),
    expect: 'OWN',
    pick: (d) => d.createTeam.organization.id,
  },
  'Mutation.updateTeam': {
    as: 'owner',
    query: `mutation($id: ID!) { updateTeam(id: $id, input: {name: "stolen"}) { ${E} } }`,
    variables: (a) => ({ id: a.teamId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.deleteTeam': {
    as: 'owner',
    query: `mutation($id: ID!) { deleteTeam(id: $id) { ${E} } }`,
    variables: (a) => ({ id: a.teamId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.setTeamMember': {
    as: 'owner',
    query: `mutation($t: ID!, $a: ID!) { setTeamMember(teamId: $t, agentId: $a, role: LEADER) { ${E} } }`,
    variables: (a) => ({ t: a.teamId, a: a.agentId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.removeTeamMember': {
    as: 'owner',
    query: `mutation($t: ID!, $a: ID!) { removeTeamMember(teamId: $t, agentId: $a) { ${E} } }`,
    variables: (a) => ({ t: a.teamId, a: a.agentId }),
    expect: 'NOT_FOUND',
  },
  'Mutation.setAgentCapabilities': {
    as: 'owner',
    query: `mutation($id: ID!) { setAgentCapabilities(agentId: $id, capabilities: []) { ${E} } }`,
    variables: (a) => ({ id: a.agentId }),
    expect: 'NOT_FOUND',
  },
  'Subscription.gatewayHealth': {
    as: 'owner',
    query: 'subscription($id: ID!) { gatewayHealth(gatewayId: $id) { status } }',
    variables: (a) => ({ id: a.gatewayId }),
    expect: 'NOT_FOUND',
  },
  'Subscription.gatewayStatusChanged': {
    // Keyed by the caller's organization: nothing of A's arrives.
    as: 'owner',
    query: 'subscription { gatewayStatusChanged { status } }',
    variables: () => ({}),
    expect: 'EMPTY',
  },
  'Subscription.gatewayInbox': {
    // A gateway follows its own inbox only (keyed by its identity): nothing of A's arrives.
    as: 'gateway',
    query: 'subscription { gatewayInbox { id } }',
    variables: () => ({}),
    expect: 'EMPTY',
  },
  'Mutation.gatewayAnswer': {
    as: 'owner',
    query: 'mutation { gatewayAnswer(input: {requestId: "r1", result: "1"}) }',
    variables: () => ({}),
    expect: 'FORBIDDEN',
  },
  'Mutation.gatewayEvent': {
    as: 'agent',
    query: 'mutation { gatewayEvent(event: "{}") }',
    variables: () => ({}),
    expect: 'FORBIDDEN',
  },
  'Mutation.gatewayEvents': {
    as: 'agent',
    query: 'mutation { gatewayEvents(events: ["{}"]) }',
    variables: () => ({}),
    expect: 'FORBIDDEN',
  },
  'Subscription.agentStatusChanged': {
    as: 'owner',
    query: 'subscription { agentStatusChanged { agentId } }',
    variables: () => ({}),
    expect: 'EMPTY',
  },
};

describe.each(DATABASE_KINDS)('fleet tenant isolation on %s', (kind) => {
  let stack: FleetStack;
  let a: World;
  let b: { org: TestOrg; gateway: Identity; agent: Identity; registrationToken: string };

  beforeAll(async () => {
    stack = await startFleetStack(kind, { env: { PROVISION_ATTEMPTS: '10', PROVISION_BACKOFF_MS: '600000' } });
    const org = await makeOrg(stack);
    const gateway = await createGateway(stack, org.owner);
    const registered = await registerGateway(stack, org);
    const agent = await stack.ok(
      org.owner,
      `mutation($g: ID!) { createAgent(input: {name: "a", gatewayId: $g}) { ... on Agent { id } } }`,
      {
        g: gateway.id,
      },
    );
    const agentId = agent.createAgent.id;
    await stack.ok(
      org.owner,
      `mutation($id: ID!) { setAgentCapabilities(agentId: $id, capabilities: [{name: "secret-skill", proficiency: EXPERT}]) { __typename } }`,
      { id: agentId },
    );
    const team = await stack.ok(org.owner, `mutation { createTeam(input: {name: "A team"}) { ... on Team { id } } }`);
    a = { org, gatewayId: gateway.id, registeredId: registered.gateway.id, agentId, teamId: team.createTeam.id };
    const orgB = await makeOrg(stack);
    const gatewayB = await createGateway(stack, orgB.owner);
    const agentB = await stack.ok(
      orgB.owner,
      `mutation($g: ID!) { createAgent(input: {name: "b", gatewayId: $g}) { ... on Agent { id } } }`,
      {
        g: gatewayB.id,
      },
    );
    const minted = await stack.ok(orgB.owner, MINT, { input: {} });
    b = {
      org: orgB,
      gateway: gatewayIdentity(gatewayB.id, orgB.id),
      agent: agentIdentity(agentB.createAgent.id, orgB.id),
      registrationToken: minted.createGatewayRegistrationToken.token,
    };
  });
  afterAll(() => stack?.close());

  it('every root field of the schema has an isolation case', () => {
    const declared: string[] = [];
    for (const type of ['Query', 'Mutation', 'Subscription'] as const) {
      const root = stack.fleet.instance.schema.getType(type) as { getFields(): Record<string, unknown> } | undefined;
      for (const name of Object.keys(root?.getFields() ?? {}))
        if (!name.startsWith('_')) declared.push(`${type}.${name}`);
    }
    expect(declared.filter((field) => !(field in CASES))).toEqual([]);
  });

  it.each(Object.keys(CASES))('%s refuses or ignores another organization’s ids', async (field) => {
    const spec = CASES[field];
    const caller = spec.as === 'owner' ? b.org.owner : spec.as === 'gateway' ? b.gateway : b.agent;
    const variables = {
      ...spec.variables(a),
      ...(field === 'Mutation.registerGateway' ? { t: b.registrationToken } : {}),
    };
    let data: any;
    let errors: readonly { extensions?: Record<string, unknown> }[] | undefined;
    if (field.startsWith('Subscription.')) {
      const result = await subscribe({
        schema: stack.fleet.instance.schema,
        document: parse(spec.query),
        variableValues: variables,
        contextValue: stack.fleet.instance.createContext({
          identity: caller,
          requestId: randomUUID(),
          logger: stack.fleet.runtime.logger,
          credentialExpiresAt: undefined,
        }),
      });
      if (Symbol.asyncIterator in (result as object)) {
        // Live: A's changes must not arrive. Change A's agent, then expect nothing within a moment.
        const stream = result as AsyncGenerator<ExecutionResult>;
        await stack.ok(agentIdentity(a.agentId, a.org.id), 'mutation { agentCheckIn { __typename } }');
        const next = await Promise.race([
          stream.next(),
          new Promise((resolve) => setTimeout(() => resolve('quiet'), 300)),
        ]);
        await stream.return?.(undefined);
        expect(next).toBe('quiet');
        expect(spec.expect).toBe('EMPTY');
        return;
      }
      errors = (result as ExecutionResult).errors?.map((error) => ({ extensions: error.extensions }));
    } else {
      const result = await stack.run(caller, spec.query, variables);
      data = result.data;
      errors = result.errors;
      expect(result.internal).toEqual([]);
    }
    const payload = data ? Object.values(data)[0] : null;
    const code = errors?.[0]?.extensions?.code ?? (payload as { code?: string } | null)?.code;
    if (spec.expect === 'NOT_FOUND' || spec.expect === 'FORBIDDEN') expect(code).toBe(spec.expect);
    if (spec.expect === 'EMPTY') {
      expect(errors).toBeUndefined();
      expect(spec.pick?.(data, a)).toEqual([]);
    }
    if (spec.expect === 'OWN') {
      expect(errors).toBeUndefined();
      expect(spec.pick?.(data, a)).toBe(b.org.id);
    }
  });

  it('A is unchanged afterwards, and entity references of A’s records are refused to B', async () => {
    const seen = await stack.ok(
      a.org.owner,
      `query($g: ID!, $a: ID!, $t: ID!) {
      gateway(id: $g) { name } agent(id: $a) { name status capabilities { name } } team(id: $t) { name } }`,
      {
        g: a.gatewayId,
        a: a.agentId,
        t: a.teamId,
      },
    );
    expect(seen.gateway.name).not.toBe('stolen');
    expect(seen.agent).toMatchObject({ name: 'a', capabilities: [{ name: 'secret-skill' }] });
    expect(seen.team.name).toBe('A team');
    const entities = await stack.run(
      b.org.owner,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Gateway { id } ... on Agent { id } } }`,
      {
        r: [
          { __typename: 'Gateway', id: a.gatewayId },
          { __typename: 'Agent', id: a.agentId },
        ],
      },
    );
    expect(entities.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(isUuid(a.agentId)).toBe(true);
  });
});
