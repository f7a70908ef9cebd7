import type { Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, statementsOf, type TestResult, unique } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalChanged } from '../src/events.ts';
import { identityModule } from '../src/index.ts';
import { addMember, createOrg, ok, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  __typename ... on Organization { id slug name } ... on DomainError { code field } } }`;
const UPDATE = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {
  __typename ... on Organization { id slug name } ... on DomainError { code field } } }`;
const DELETE = `mutation($id: ID!) { deleteOrganization(id: $id) {
  __typename ... on DeletedRecord { id } ... on DomainError { code } } }`;

describe.each(DATABASE_KINDS)('organizations on %s', (kind) => {
  let subgraph: Subgraph;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV });
  });
  afterAll(() => subgraph.close());

  it('creates an organization with the creator as owner and refuses a duplicate slug with CONFLICT', async () => {
    const owner = await signUp(subgraph, 'owner');
    const slug = unique('acme');
    const first = await ok(subgraph, owner.identity, CREATE, { input: { name: 'Acme', slug } });
    expect(first.createOrganization).toMatchObject({ __typename: 'Organization', slug, name: 'Acme' });
    const second = await ok(subgraph, owner.identity, CREATE, { input: { name: 'Acme 2', slug } });
    expect(second.createOrganization).toMatchObject({
      __typename: 'DomainError',
      code: 'CONFLICT',
      field: 'input.slug',
    });
    const me = await ok(subgraph, owner.identity, '{ me { id email memberships { role organization { id slug } } } }');
    expect(me.me).toMatchObject({ id: owner.userId, email: owner.email });
    expect(me.me.memberships).toEqual([{ role: 'OWNER', organization: { id: first.createOrganization.id, slug } }]);
  });

  it('derives a slug from the name and rejects a malformed one', async () => {
    const owner = await signUp(subgraph);
    const name = `Big ${unique('Co')}`;
    const made = await ok(subgraph, owner.identity, CREATE, { input: { name } });
    expect(made.createOrganization.slug).toBe(name.toLowerCase().replace(/ /g, '-'));
    const bad = await ok(subgraph, owner.identity, CREATE, { input: { name: 'x', slug: 'Not A Slug' } });
    expect(bad.createOrganization).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug' });
  });

  it('lists only my organizations and reads one I belong to', async () => {
    const alice = await signUp(subgraph, 'alice');
    const bob = await signUp(subgraph, 'bob');
    const a1 = await createOrg(subgraph, alice);
    const a2 = await createOrg(subgraph, alice);
    const b1 = await createOrg(subgraph, bob);
    const mine = await ok(subgraph, alice.identity, '{ organizations { id } }');
    const ids = mine.organizations.map((o: { id: string }) => o.id);
    expect(ids.sort()).toEqual([a1.id, a2.id].sort());
    const one = await ok(subgraph, alice.identity, 'query($id: ID!) { organization(id: $id) { id slug } }', {
      id: a1.id,
    });
    expect(one.organization).toEqual({ id: a1.id, slug: a1.slug });
    const other = await executeAs(
      subgraph.instance,
      alice.identity,
      'query($id: ID!) { organization(id: $id) { id } }',
      {
        id: b1.id,
      },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await executeAs(subgraph.instance, alice.identity, '{ organization(id: "nope") { id } }');
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets admins rename, refuses members, and keeps slugs unique', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const taken = await createOrg(subgraph, owner);
    const admin = await addMember(subgraph, org, owner, 'ADMIN');
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const renamed = await ok(subgraph, admin.identity, UPDATE, { input: { id: org.id, name: 'Renamed' } });
    expect(renamed.updateOrganization).toMatchObject({ __typename: 'Organization', name: 'Renamed', slug: org.slug });
    const clash = await ok(subgraph, admin.identity, UPDATE, { input: { id: org.id, slug: taken.slug } });
    expect(clash.updateOrganization).toMatchObject({ code: 'CONFLICT' });
    const refused = await executeAs(subgraph.instance, member.identity, UPDATE, { input: { id: org.id, name: 'No' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('deletes only as owner', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const admin = await addMember(subgraph, org, owner, 'ADMIN');
    const refused = await executeAs(subgraph.instance, admin.identity, DELETE, { id: org.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const credential = await ok(
      subgraph,
      owner.identity,
      `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
        ... on CreatedMachineCredential { credential { id } } } }`,
      { input: { organizationId: org.id, agentId: crypto.randomUUID(), name: 'bot' } },
    );
    const events: unknown[] = [];
    const unsubscribe = await subgraph.runtime.bus.subscribe(principalChanged, (payload) => events.push(payload));
    const deleted = await ok(subgraph, owner.identity, DELETE, { id: org.id });
    expect(deleted.deleteOrganization).toEqual({ __typename: 'DeletedRecord', id: org.id });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await unsubscribe();
    expect(events).toEqual(
      expect.arrayContaining([
        { userId: owner.userId },
        { userId: admin.userId },
        { credentialId: credential.createAgentToken.credential.id },
      ]),
    );
    const gone = await executeAs(
      subgraph.instance,
      owner.identity,
      'query($id: ID!) { organization(id: $id) { id } }',
      {
        id: org.id,
      },
    );
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves Organization references in one statement, only those the caller belongs to', async () => {
    const owner = await signUp(subgraph, 'owner');
    const orgs: { id: string; slug: string }[] = [];
    for (let i = 0; i < 4; i += 1) orgs.push(await createOrg(subgraph, owner));
    const stranger = await createOrg(subgraph, await signUp(subgraph, 'stranger'));
    let result: TestResult<{ _entities: unknown[] }> | undefined;
    const statements = await statementsOf(subgraph.runtime.database, async () => {
      result = await executeAs<{ _entities: unknown[] }>(
        subgraph.instance,
        owner.identity,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id slug } } }',
        { r: [...orgs, stranger].map((org) => ({ __typename: 'Organization', id: org.id })) },
      );
    });
    expect(result?.data?._entities).toEqual([...orgs.map((org) => ({ id: org.id, slug: org.slug })), null]);
    expect(result?.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 4], 'NOT_FOUND'],
    ]);
    // Membership and organization together.
    expect(statements).toHaveLength(1);
  });

  it('reads organization(id) in one statement, for any role, and a non-member gets NOT_FOUND', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const outsider = await signUp(subgraph, 'outsider');
    const read = (identity: Identity) =>
      executeAs(subgraph.instance, identity, 'query($id: ID!) { organization(id: $id) { id slug } }', { id: org.id });
    for (const caller of [owner, member]) {
      let answer: Awaited<ReturnType<typeof read>> | undefined;
      const statements = await statementsOf(subgraph.runtime.database, async () => {
        answer = await read(caller.identity);
      });
      expect(answer?.errors).toBeUndefined();
      expect(answer?.data).toEqual({ organization: { id: org.id, slug: org.slug } });
      expect(statements).toHaveLength(1);
    }
    let refused: Awaited<ReturnType<typeof read>> | undefined;
    const statements = await statementsOf(subgraph.runtime.database, async () => {
      refused = await read(outsider.identity);
    });
    expect(refused?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(statements).toHaveLength(1);
    // Removed from the organization: NOT_FOUND at once.
    await ok(subgraph, owner.identity, 'mutation($id: ID!) { removeMember(memberId: $id) { __typename } }', {
      id: member.memberId,
    });
    expect((await read(member.identity)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('requires a signed-in console user', async () => {
    const anonymous = await executeAs(subgraph.instance, { kind: 'anonymous' }, '{ organizations { id } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const h5 = await executeAs(
      subgraph.instance,
      { kind: 'h5', h5UserId: crypto.randomUUID(), orgId: crypto.randomUUID() },
      '{ me { id } }',
    );
    expect(h5.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
