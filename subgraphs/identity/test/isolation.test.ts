import type { Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, system, userIdentity } from '@mc/kit/testing';
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityModule } from '../src/index.ts';
import { sha256 } from '../src/services/secrets.ts';
import { addMember, CREATE_INVITE, createOrg, ok, type Subgraph, signUp, TEST_ENV, type TestUser } from './fixtures.ts';

interface Tenant {
  owner: TestUser;
  org: { id: string; slug: string };
  memberId: string;
  memberEmail: string;
  inviteId: string;
  inviteToken: string;
  h5UserId: string;
  h5Email: string;
  refreshToken: string;
  credentialId: string;
  credentialToken: string;
}

/** Every root field that takes an id of an organization or of something inside one. */
const CASES: {
  name: string;
  query: string;
  vars: (t: Tenant, id: (real: string) => string) => Record<string, unknown>;
}[] = [
  {
    name: 'organization',
    query: 'query($id: ID!) { organization(id: $id) { id name } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'members',
    query: 'query($id: ID!) { members(organizationId: $id) { id } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'invites',
    query: 'query($id: ID!) { invites(organizationId: $id) { id } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'h5Users',
    query: 'query($id: ID!) { h5Users(organizationId: $id) { nodes { id } } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'machineCredentials',
    query: 'query($id: ID!) { machineCredentials(organizationId: $id) { id } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'updateOrganization',
    query:
      'mutation($id: ID!) { updateOrganization(input: { id: $id, name: "Pwned" }) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'deleteOrganization',
    query: 'mutation($id: ID!) { deleteOrganization(id: $id) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'updateMemberRole',
    query: `mutation($id: ID!) { updateMemberRole(input: { memberId: $id, role: MEMBER }) {
      __typename ... on DomainError { code } } }`,
    vars: (t, id) => ({ id: id(t.memberId) }),
  },
  {
    name: 'removeMember',
    query: 'mutation($id: ID!) { removeMember(memberId: $id) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.memberId) }),
  },
  {
    name: 'leaveOrganization',
    query: 'mutation($id: ID!) { leaveOrganization(organizationId: $id) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'setMemberBoardAccess',
    query: `mutation($id: ID!) { setMemberBoardAccess(input: { memberId: $id, allBoardsWrite: true }) {
      __typename ... on DomainError { code } } }`,
    vars: (t, id) => ({ id: id(t.memberId) }),
  },
  {
    name: 'createInvite',
    query: `mutation($id: ID!) { createInvite(input: { organizationId: $id, email: "spy@example.test", role: MEMBER }) {
      __typename ... on DomainError { code } } }`,
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
  {
    name: 'revokeInvite',
    query: 'mutation($id: ID!) { revokeInvite(id: $id) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.inviteId) }),
  },
  {
    name: 'suspendH5User',
    query: 'mutation($id: ID!) { suspendH5User(id: $id) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.h5UserId) }),
  },
  {
    name: 'reactivateH5User',
    query: 'mutation($id: ID!) { reactivateH5User(id: $id) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.h5UserId) }),
  },
  {
    name: 'createAgentToken',
    query: `mutation($id: ID!, $subject: ID!) { createAgentToken(input: { organizationId: $id, agentId: $subject, name: "x" }) {
      __typename ... on DomainError { code } } }`,
    vars: (t, id) => ({ id: id(t.org.id), subject: '00000000-0000-4000-8000-000000000000' }),
  },
  {
    name: 'createGatewayCredential',
    query: `mutation($id: ID!, $subject: ID!) {
      createGatewayCredential(input: { organizationId: $id, gatewayId: $subject, name: "x" }) {
      __typename ... on DomainError { code } } }`,
    vars: (t, id) => ({ id: id(t.org.id), subject: '00000000-0000-4000-8000-000000000000' }),
  },
  {
    name: 'revokeMachineCredential',
    query: 'mutation($id: ID!) { revokeMachineCredential(id: $id) { __typename ... on DomainError { code } } }',
    vars: (t, id) => ({ id: id(t.credentialId) }),
  },
  {
    name: '_entities(Organization)',
    query:
      'query($id: ID!) { _entities(representations: [{ __typename: "Organization", id: $id }]) { ... on Organization { id name } } }',
    vars: (t, id) => ({ id: id(t.org.id) }),
  },
];

describe.each(DATABASE_KINDS)('tenant isolation on %s', (kind) => {
  let subgraph: Subgraph;
  let a: Tenant;
  let b: Tenant;

  async function tenant(name: string): Promise<Tenant> {
    const owner = await signUp(subgraph, `${name}-owner`);
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'ADMIN', `${name}-admin`);
    const invite = (
      await ok(subgraph, owner.identity, CREATE_INVITE, {
        input: { organizationId: org.id, email: `${name}-${org.slug}@example.test`, role: 'MEMBER' },
      })
    ).createInvite;
    const h5Email = `${name}-h5-${org.slug}@example.test`;
    const session = (
      await ok(
        subgraph,
        { kind: 'anonymous' },
        `mutation($input: H5RegisterInput!) { h5Register(input: $input) { ... on H5Session { refreshToken user { id } } } }`,
        { input: { organizationId: org.id, email: h5Email, password: 'a long password', displayName: name } },
      )
    ).h5Register;
    const credential = (
      await ok(
        subgraph,
        owner.identity,
        `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
          ... on CreatedMachineCredential { token credential { id } } } }`,
        { input: { organizationId: org.id, agentId: crypto.randomUUID(), name: 'agent' } },
      )
    ).createAgentToken;
    return {
      owner,
      org,
      memberId: member.memberId,
      memberEmail: member.email,
      inviteId: invite.invite.id,
      inviteToken: invite.token,
      h5UserId: session.user.id,
      h5Email,
      refreshToken: session.refreshToken,
      credentialId: credential.credential.id,
      credentialToken: credential.token,
    };
  }

  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV });
    a = await tenant('alpha');
    b = await tenant('bravo');
  });
  afterAll(() => subgraph.close());

  const secretsOf = (t: Tenant) => [
    t.org.slug,
    t.memberEmail,
    t.h5Email,
    t.inviteToken,
    t.refreshToken,
    t.credentialToken,
    sha256(t.inviteToken),
    sha256(t.refreshToken),
    sha256(t.credentialToken),
  ];

  /** Replaces the requested id so a foreign record and a missing one can be compared. */
  const normalize = (value: unknown, id: string) => JSON.stringify(value).replaceAll(id, '<id>');

  it.each(CASES.map((c) => [c.name, c]))(
    '%s: another tenant gets NOT_FOUND, same as for a missing id',
    async (_name, c) => {
      const foreignVars = c.vars(a, (real) => real);
      const foreign = await executeAs(subgraph.instance, b.owner.identity, c.query, foreignVars);
      const missingId = crypto.randomUUID();
      let realId = '';
      const missingVars = c.vars(a, (real) => {
        realId = real;
        return missingId;
      });
      const missing = await executeAs(subgraph.instance, b.owner.identity, c.query, missingVars);
      const codes = [
        ...(foreign.errors ?? []).map((e) => e.extensions?.code),
        ...Array.from(JSON.stringify(foreign.data ?? {}).matchAll(/"code":"([A-Z_]+)"/g), (m) => m[1]),
      ];
      expect(codes).toContain('NOT_FOUND');
      expect(normalize(foreign, realId)).toBe(normalize(missing, missingId));
      const text = JSON.stringify(foreign);
      for (const secret of secretsOf(a)) expect(text).not.toContain(secret);
      expect(text).not.toContain(a.owner.email);
    },
  );

  it('left the other tenant untouched', async () => {
    const org = await ok(
      subgraph,
      a.owner.identity,
      'query($id: ID!) { organization(id: $id) { name } members(organizationId: $id) { role } }',
      {
        id: a.org.id,
      },
    );
    expect(org.organization.name).not.toBe('Pwned');
    expect(org.members.map((m: { role: string }) => m.role)).toEqual(['OWNER', 'ADMIN']);
    const users = await ok(
      subgraph,
      a.owner.identity,
      'query($id: ID!) { h5Users(organizationId: $id) { nodes { suspended } } }',
      {
        id: a.org.id,
      },
    );
    expect(users.h5Users.nodes).toEqual([{ suspended: false }]);
    const credential = await ok(
      subgraph,
      system,
      'query($t: String!) { _resolveCredential(token: $t) { credentialId } }',
      {
        t: a.credentialToken,
      },
    );
    expect(credential._resolveCredential.credentialId).toBe(a.credentialId);
  });

  it("H5 users, agents and gateways cannot reach another organization's data", async () => {
    const callers: Identity[] = [
      { kind: 'h5', h5UserId: b.h5UserId, orgId: b.org.id },
      { kind: 'agent', agentId: crypto.randomUUID(), orgId: b.org.id, credentialId: b.credentialId },
      { kind: 'gateway', gatewayId: crypto.randomUUID(), orgId: b.org.id, credentialId: crypto.randomUUID() },
    ];
    for (const caller of callers) {
      const entity = await executeAs(
        subgraph.instance,
        caller,
        'query($id: ID!) { _entities(representations: [{ __typename: "Organization", id: $id }]) { ... on Organization { name } } }',
        { id: a.org.id },
      );
      expect(entity.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const own = await executeAs(
        subgraph.instance,
        caller,
        'query($id: ID!) { _entities(representations: [{ __typename: "Organization", id: $id }]) { ... on Organization { id } } }',
        { id: b.org.id },
      );
      expect(own.data?._entities).toEqual([{ id: b.org.id }]);
      for (const c of CASES.filter((x) => !x.name.startsWith('_'))) {
        const result = await executeAs(
          subgraph.instance,
          caller,
          c.query,
          c.vars(a, (real) => real),
        );
        expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(result.errors?.[0]?.extensions?.code);
      }
    }
    // An H5 identity naming a user of another organization is refused.
    const forged = await executeAs(
      subgraph.instance,
      { kind: 'h5', h5UserId: a.h5UserId, orgId: b.org.id },
      '{ h5Me { id } }',
    );
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A console user whose signed org is A but who is not a member there gains nothing from it.
    const claimed = userIdentity(b.owner.userId, { id: a.org.id, role: 'OWNER' });
    const viaClaim = await executeAs(
      subgraph.instance,
      claimed,
      'query($id: ID!) { members(organizationId: $id) { id } }',
      {
        id: a.org.id,
      },
    );
    expect(viaClaim.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('never exposes a password, token or hash', async () => {
    const results = [
      await executeAs(
        subgraph.instance,
        a.owner.identity,
        `query($id: ID!) { me { id email displayName memberships { id role organization { id name slug } } }
          members(organizationId: $id) { id user { id email displayName } boardGrants { boardId } }
          invites(organizationId: $id) { id email role expiresAt }
          h5Users(organizationId: $id) { nodes { id email displayName suspended } pageInfo { endCursor } }
          machineCredentials(organizationId: $id) { id kind subjectId name } }`,
        { id: a.org.id },
      ),
      await executeAs(
        subgraph.instance,
        { kind: 'h5', h5UserId: a.h5UserId, orgId: a.org.id },
        '{ h5Me { id email displayName } }',
      ),
    ];
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      const text = JSON.stringify(result.data);
      expect(text).not.toMatch(/\$argon2/);
      expect(text).not.toMatch(/[0-9a-f]{64}/);
      for (const secret of [a.inviteToken, a.refreshToken, a.credentialToken]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(sha256(secret));
      }
    }
    // And no field of the schema could carry one.
    const fields = Object.values(subgraph.instance.schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`));
    expect(fields.filter((field) => /hash|password/i.test(field))).toEqual([]);
  });
});
