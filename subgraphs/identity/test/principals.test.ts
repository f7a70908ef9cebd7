import { ManualClock } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, system, unique, userIdentity } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalChanged } from '../src/events.ts';
import { identityModule } from '../src/index.ts';
import { addMember, createOrg, ok, RESOLVE_USER, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const RESOLVE_CREDENTIAL = `query($token: String!) { _resolveCredential(token: $token) {
  kind subjectId organizationId credentialId expiresAt } }`;
const AGENT_TOKEN = `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
  __typename ... on CreatedMachineCredential { token credential { id kind subjectId name expiresAt revokedAt } }
  ... on DomainError { code field } } }`;
const GATEWAY_CREDENTIAL = `mutation($input: CreateGatewayCredentialInput!) { createGatewayCredential(input: $input) {
  __typename ... on CreatedMachineCredential { token credential { id kind subjectId name } } ... on DomainError { code } } }`;
const REVOKE = `mutation($id: ID!) { revokeMachineCredential(id: $id) {
  __typename ... on MachineCredential { id revokedAt } ... on DomainError { code } } }`;

describe.each(DATABASE_KINDS)('principals and machine credentials on %s', (kind) => {
  let subgraph: Subgraph;
  const clock = new ManualClock(Date.now());
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV, clock });
  });
  afterAll(() => subgraph.close());

  it('_resolveUserPrincipal upserts the user and keeps its id stable', async () => {
    const externalId = `oidc:https://issuer.test|${unique('sub')}`;
    const first = await ok(subgraph, system, RESOLVE_USER, { input: { externalId, email: 'First@Example.test' } });
    // Without a display name the e-mail stands in; a later sign-in's name replaces it.
    expect(first._resolveUserPrincipal).toMatchObject({
      email: 'first@example.test',
      displayName: 'first@example.test',
      org: null,
    });
    const again = await ok(subgraph, system, RESOLVE_USER, {
      input: { externalId, email: 'second@example.test', displayName: 'Second' },
    });
    expect(again._resolveUserPrincipal.userId).toBe(first._resolveUserPrincipal.userId);
    expect(again._resolveUserPrincipal.email).toBe('second@example.test');
    expect(again._resolveUserPrincipal.displayName).toBe('Second');
    const me = await ok(subgraph, userIdentity(first._resolveUserPrincipal.userId), '{ me { displayName } }');
    expect(me.me.displayName).toBe('Second');
    const local = await ok(subgraph, system, RESOLVE_USER, { input: { externalId: 'local:admin' } });
    const localAgain = await ok(subgraph, system, RESOLVE_USER, { input: { externalId: 'local:admin' } });
    expect(localAgain._resolveUserPrincipal.userId).toBe(local._resolveUserPrincipal.userId);
  });

  it('_resolveUserPrincipal selects the organization: the one given, else the only one', async () => {
    const owner = await signUp(subgraph, 'owner');
    const externalId = `oidc:https://issuer.test|${owner.email}`;
    const org1 = await createOrg(subgraph, owner);
    const only = await ok(subgraph, system, RESOLVE_USER, { input: { externalId } });
    expect(only._resolveUserPrincipal.org).toEqual({
      id: org1.id,
      role: 'OWNER',
      allBoardsRead: false,
      allBoardsWrite: false,
      boards: [],
    });
    const org2 = await createOrg(subgraph, owner);
    const ambiguous = await ok(subgraph, system, RESOLVE_USER, { input: { externalId } });
    expect(ambiguous._resolveUserPrincipal.org).toBeNull();
    const chosen = await ok(subgraph, system, RESOLVE_USER, { input: { externalId, organizationId: org2.id } });
    expect(chosen._resolveUserPrincipal.org.id).toBe(org2.id);
    const stranger = await signUp(subgraph, 'stranger');
    const foreign = await createOrg(subgraph, stranger);
    const notMine = await ok(subgraph, system, RESOLVE_USER, { input: { externalId, organizationId: foreign.id } });
    expect(notMine._resolveUserPrincipal.org).toBeNull();
  });

  it('_resolveUserPrincipal carries role, flags and board grants', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const board = crypto.randomUUID();
    await ok(
      subgraph,
      owner.identity,
      `mutation($input: SetMemberBoardAccessInput!) { setMemberBoardAccess(input: $input) { __typename } }`,
      { input: { memberId: member.memberId, allBoardsRead: true, boards: [{ boardId: board, permission: 'WRITE' }] } },
    );
    const principal = await ok(subgraph, system, RESOLVE_USER, {
      input: { externalId: `oidc:https://issuer.test|${member.email}`, organizationId: org.id },
    });
    expect(principal._resolveUserPrincipal).toEqual({
      userId: member.userId,
      email: member.email,
      displayName: 'member',
      org: {
        id: org.id,
        role: 'MEMBER',
        allBoardsRead: true,
        allBoardsWrite: false,
        boards: [{ boardId: board, permission: 'write' }],
      },
    });
  });

  it('issues agent and gateway credentials once and resolves them until revoked or expired', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const agentId = crypto.randomUUID();
    const events: unknown[] = [];
    const unsubscribe = await subgraph.runtime.bus.subscribe(principalChanged, (payload) => events.push(payload));
    const agent = (
      await ok(subgraph, owner.identity, AGENT_TOKEN, { input: { organizationId: org.id, agentId, name: 'Scout' } })
    ).createAgentToken;
    expect(agent.token).toMatch(/^mca_[A-Za-z0-9_-]{43}$/);
    expect(agent.credential).toMatchObject({ kind: 'AGENT', subjectId: agentId, name: 'Scout', revokedAt: null });
    const resolved = await ok(subgraph, system, RESOLVE_CREDENTIAL, { token: agent.token });
    expect(resolved._resolveCredential).toEqual({
      kind: 'agent',
      subjectId: agentId,
      organizationId: org.id,
      credentialId: agent.credential.id,
      expiresAt: null,
    });

    const gatewayId = crypto.randomUUID();
    const gateway = (
      await ok(subgraph, owner.identity, GATEWAY_CREDENTIAL, {
        input: { organizationId: org.id, gatewayId, name: 'Edge' },
      })
    ).createGatewayCredential;
    expect(gateway.token).toMatch(/^mcg_/);
    expect((await ok(subgraph, system, RESOLVE_CREDENTIAL, { token: gateway.token }))._resolveCredential).toMatchObject(
      {
        kind: 'gateway',
        subjectId: gatewayId,
      },
    );

    const list = await ok(
      subgraph,
      owner.identity,
      'query($id: ID!) { machineCredentials(organizationId: $id) { id kind name } }',
      { id: org.id },
    );
    expect(list.machineCredentials.map((c: { kind: string }) => c.kind)).toEqual(['AGENT', 'GATEWAY']);

    const revoked = await ok(subgraph, owner.identity, REVOKE, { id: agent.credential.id });
    expect(revoked.revokeMachineCredential.revokedAt).not.toBeNull();
    expect((await ok(subgraph, system, RESOLVE_CREDENTIAL, { token: agent.token }))._resolveCredential).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await unsubscribe();
    expect(events).toContainEqual({ credentialId: agent.credential.id });

    const expiring = (
      await ok(subgraph, owner.identity, AGENT_TOKEN, {
        input: {
          organizationId: org.id,
          agentId,
          name: 'Temp',
          expiresAt: new Date(clock.now().getTime() + 60_000).toISOString(),
        },
      })
    ).createAgentToken;
    expect(
      (await ok(subgraph, system, RESOLVE_CREDENTIAL, { token: expiring.token }))._resolveCredential,
    ).not.toBeNull();
    clock.advance(61_000);
    expect((await ok(subgraph, system, RESOLVE_CREDENTIAL, { token: expiring.token }))._resolveCredential).toBeNull();

    for (const token of ['mca_unknown', `mca_${'A'.repeat(43)}`, 'nonsense', `mcg_${agent.token.slice(4)}`]) {
      expect((await ok(subgraph, system, RESOLVE_CREDENTIAL, { token }))._resolveCredential).toBeNull();
    }
  });

  it('keeps credential management to admins and validates input', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const refused = await executeAs(subgraph.instance, member.identity, AGENT_TOKEN, {
      input: { organizationId: org.id, agentId: crypto.randomUUID(), name: 'x' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badId = await ok(subgraph, owner.identity, AGENT_TOKEN, {
      input: { organizationId: org.id, agentId: 'nope', name: 'x' },
    });
    expect(badId.createAgentToken).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agentId' });
    const past = await ok(subgraph, owner.identity, AGENT_TOKEN, {
      input: { organizationId: org.id, agentId: crypto.randomUUID(), name: 'x', expiresAt: '2000-01-01T00:00:00Z' },
    });
    expect(past.createAgentToken).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expiresAt' });
  });

  it('refuses the internal API to every non-system caller', async () => {
    const user = await signUp(subgraph, 'user');
    const callers = [
      { kind: 'anonymous' as const },
      user.identity,
      { kind: 'h5' as const, h5UserId: crypto.randomUUID(), orgId: crypto.randomUUID() },
      {
        kind: 'agent' as const,
        agentId: crypto.randomUUID(),
        orgId: crypto.randomUUID(),
        credentialId: crypto.randomUUID(),
      },
      {
        kind: 'gateway' as const,
        gatewayId: crypto.randomUUID(),
        orgId: crypto.randomUUID(),
        credentialId: crypto.randomUUID(),
      },
    ];
    for (const caller of callers) {
      const principal = await executeAs(subgraph.instance, caller, RESOLVE_USER, {
        input: { externalId: 'local:admin' },
      });
      expect(principal.data).toBeNull();
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(principal.errors?.[0]?.extensions?.code);
      const credential = await executeAs(subgraph.instance, caller, RESOLVE_CREDENTIAL, { token: 'mca_x' });
      expect(credential.data?._resolveCredential ?? null).toBeNull();
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(credential.errors?.[0]?.extensions?.code);
    }
  });
  it('whoami reports the signed caller to anyone', async () => {
    const query = '{ whoami { kind organizationId role userId h5UserId agentId gatewayId } }';
    const orgId = crypto.randomUUID();
    const anon = await ok(subgraph, { kind: 'anonymous' }, query);
    expect(anon.whoami).toEqual({
      kind: 'ANONYMOUS',
      organizationId: null,
      role: null,
      userId: null,
      h5UserId: null,
      agentId: null,
      gatewayId: null,
    });
    const user = await ok(
      subgraph,
      userIdentity('00000000-0000-4000-8000-000000000001', { id: orgId, role: 'ADMIN' }),
      query,
    );
    expect(user.whoami).toMatchObject({ kind: 'USER', organizationId: orgId, role: 'ADMIN' });
    const gatewayId = crypto.randomUUID();
    const gateway = await ok(subgraph, { kind: 'gateway', gatewayId, orgId, credentialId: crypto.randomUUID() }, query);
    expect(gateway.whoami).toMatchObject({ kind: 'GATEWAY', gatewayId, organizationId: orgId, userId: null });
  });
});
