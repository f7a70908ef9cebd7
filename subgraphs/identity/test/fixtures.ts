/** Test builders: every test makes its own users and organizations through the real schema. */
import type { Identity } from '@mc/kit';
import { executeAs, system, type TestSubgraph, unique, userIdentity } from '@mc/kit/testing';
import { expect } from 'vitest';
import type { IdentityContext } from '../src/context.ts';

export type Subgraph = TestSubgraph<IdentityContext>;

/** Settings for tests: a real signing secret, cheap argon2. */
export const TEST_ENV = {
  H5_JWT_SECRET: 'test-h5-secret-that-is-long-enough-0123456789',
  H5_ARGON2_MEMORY_KIB: '1024',
  H5_ARGON2_TIME_COST: '1',
};

export interface TestUser {
  userId: string;
  email: string;
  identity: Identity;
}

/** Run a query and fail loudly on unexpected GraphQL errors. */
export async function ok<T = Record<string, any>>(
  subgraph: Subgraph,
  identity: Identity,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const result = await executeAs<T>(subgraph.instance, identity, query, variables);
  if (result.errors) throw new Error(`${JSON.stringify(result.errors)} ${String(result.internal[0] ?? '')}`);
  return result.data as T;
}

export const RESOLVE_USER = `mutation($input: _ResolveUserPrincipalInput!) { _resolveUserPrincipal(input: $input) {
  userId email displayName org { id role allBoardsRead allBoardsWrite boards { boardId permission } } } }`;

/** A console user, created the way the router does it. */
export async function signUp(subgraph: Subgraph, name = 'user'): Promise<TestUser> {
  const email = `${unique(name)}@example.test`;
  const data = await ok(subgraph, system, RESOLVE_USER, {
    input: { externalId: `oidc:https://issuer.test|${email}`, email, displayName: name },
  });
  const userId = data._resolveUserPrincipal.userId as string;
  return { userId, email, identity: userIdentity(userId) };
}

export async function createOrg(subgraph: Subgraph, owner: TestUser): Promise<{ id: string; slug: string }> {
  const slug = unique('org');
  const data = await ok(
    subgraph,
    owner.identity,
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
      __typename ... on Organization { id slug } ... on DomainError { code message } } }`,
    { input: { name: `Org ${slug}`, slug } },
  );
  expect(data.createOrganization.__typename).toBe('Organization');
  return data.createOrganization;
}

export const CREATE_INVITE = `mutation($input: CreateInviteInput!) { createInvite(input: $input) {
  __typename ... on CreatedInvite { token invite { id email role allBoardsRead allBoardsWrite expiresAt
    boardGrants { boardId permission } } } ... on DomainError { code field } } }`;

export const ACCEPT_INVITE = `mutation($token: String!) { acceptInvite(token: $token) {
  __typename ... on Member { id role allBoardsRead allBoardsWrite boardGrants { boardId permission board { id } }
    organization { id } user { id } } ... on DomainError { code } } }`;

/** Adds `user` to the organization with `role` through the invite flow. */
export async function addMember(
  subgraph: Subgraph,
  org: { id: string },
  inviter: TestUser,
  role: 'OWNER' | 'ADMIN' | 'MEMBER',
  name = role.toLowerCase(),
): Promise<TestUser & { memberId: string }> {
  const user = await signUp(subgraph, name);
  const invite = await ok(subgraph, inviter.identity, CREATE_INVITE, {
    input: { organizationId: org.id, email: user.email, role },
  });
  expect(invite.createInvite.__typename).toBe('CreatedInvite');
  const accepted = await ok(subgraph, user.identity, ACCEPT_INVITE, { token: invite.createInvite.token });
  expect(accepted.acceptInvite.__typename).toBe('Member');
  return { ...user, memberId: accepted.acceptInvite.id };
}

export async function memberIdOf(subgraph: Subgraph, caller: TestUser, orgId: string, userId: string) {
  const data = await ok(
    subgraph,
    caller.identity,
    'query($id: ID!) { members(organizationId: $id) { id user { id } } }',
    {
      id: orgId,
    },
  );
  return (data.members as { id: string; user: { id: string } }[]).find((m) => m.user.id === userId)?.id as string;
}
