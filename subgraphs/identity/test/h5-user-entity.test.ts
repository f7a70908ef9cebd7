/**
 * The `H5User` entity (chat's `ChatSession.h5User` references it): many references resolve in one
 * statement, and only for admins and owners of the user's organization — members, another
 * organization's admins, H5 users and agents get NOT_FOUND for each, never the user.
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, statementsOf, unique } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityModule } from '../src/index.ts';
import { addMember, createOrg, ok, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on H5User { id displayName email } } }`;
const REGISTER = `mutation($input: H5RegisterInput!) { h5Register(input: $input) {
  __typename ... on H5Session { user { id displayName } } } }`;
const anonymous = { kind: 'anonymous' } as const;

describe.each(DATABASE_KINDS)('H5User entity on %s', (kind) => {
  let subgraph: Subgraph;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, { envSource: TEST_ENV });
  });
  afterAll(() => subgraph.close());

  async function register(org: { id: string }, displayName: string): Promise<string> {
    const data = await ok(subgraph, anonymous, REGISTER, {
      input: { organizationId: org.id, email: `${unique('h5')}@example.test`, password: 'correct horse', displayName },
    });
    expect(data.h5Register.__typename).toBe('H5Session');
    return data.h5Register.user.id;
  }

  const references = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'H5User', id })) });

  it('resolves many references in one statement for an admin of their organization', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const admin = await addMember(subgraph, org, owner, 'ADMIN');
    const names = ['Ann', 'Bo', 'Cy', 'Di', 'Ed'];
    const ids: string[] = [];
    for (const name of names) ids.push(await register(org, name));

    let data: Record<string, any> = {};
    const statements = await statementsOf(subgraph.runtime.database, async () => {
      data = await ok(subgraph, admin.identity, ENTITIES, references(ids));
    });
    expect(statements).toHaveLength(1);
    expect(data._entities.map((user: { displayName: string }) => user.displayName)).toEqual(names);
    expect(data._entities[0]).toMatchObject({ id: ids[0], email: expect.stringContaining('@example.test') });
    // The owner sees them too; an unknown or malformed id is an error in its own slot.
    const mixed = await executeAs(subgraph.instance, owner.identity, ENTITIES, references([ids[1], randomUUID(), 'x']));
    expect(mixed.data?._entities).toEqual([{ id: ids[1], displayName: 'Bo', email: expect.any(String) }, null, null]);
    expect((mixed.errors ?? []).map((error) => error.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  });

  it('refuses members, other organizations, H5 users, agents and anonymous callers', async () => {
    const owner = await signUp(subgraph, 'owner');
    const org = await createOrg(subgraph, owner);
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const strangerOwner = await signUp(subgraph, 'stranger');
    const strangerOrg = await createOrg(subgraph, strangerOwner);
    const strangerAdmin = await addMember(subgraph, strangerOrg, strangerOwner, 'ADMIN');
    const userId = await register(org, 'Hidden');
    const theirs = await register(strangerOrg, 'Theirs');

    const callers: Identity[] = [
      member.identity,
      strangerOwner.identity,
      strangerAdmin.identity,
      { kind: 'h5', h5UserId: userId, orgId: org.id },
      { kind: 'agent', agentId: randomUUID(), orgId: org.id, credentialId: randomUUID() },
      anonymous,
    ];
    for (const caller of callers) {
      const result = await executeAs(subgraph.instance, caller, ENTITIES, references([userId]));
      expect(result.data?._entities, JSON.stringify(caller)).toEqual([null]);
      expect(JSON.stringify(result)).not.toContain('Hidden');
      expect((result.errors ?? []).map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    }
    // A batch mixing both organizations gives the stranger's admin only their own user.
    const mixed = await executeAs(subgraph.instance, strangerAdmin.identity, ENTITIES, references([userId, theirs]));
    expect(mixed.data?._entities).toEqual([null, { id: theirs, displayName: 'Theirs', email: expect.any(String) }]);
  });
});
