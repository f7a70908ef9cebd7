/** Creates demo data through the router's public GraphQL API, as a signed-in administrator. */
import { GraphQLRequestError, graphqlRequest, isDomainError, type MutationResult } from './graphql-client.ts';

/** The operations this module sends, exported so a test validates them against `schema/api.graphql`. */
export const CREATE_ORGANIZATION = `mutation Seed($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on Organization { id name slug }
    ... on DomainError { code message }
  }
}`;
export const CREATE_BOARD_GROUP = `mutation Seed($input: CreateBoardGroupInput!) {
  createBoardGroup(input: $input) {
    __typename
    ... on BoardGroup { id name }
    ... on DomainError { code message }
  }
}`;
export const CREATE_BOARD = `mutation Seed($input: CreateBoardInput!) {
  createBoard(input: $input) {
    __typename
    ... on Board { id name }
    ... on DomainError { code message }
  }
}`;
export const MY_ORGANIZATIONS = `{ organizations { id name slug } }`;
export const BOARD_GROUPS = `{ boardGroups { id name } }`;

export interface AdminSession {
  routerUrl: string;
  token: string;
}

const headers = (session: AdminSession, organizationId?: string): Record<string, string> => ({
  authorization: `Bearer ${session.token}`,
  ...(organizationId ? { 'x-organization-id': organizationId } : {}),
});

function unwrap<T>(result: MutationResult<T>, what: string): T {
  if (isDomainError(result)) throw new GraphQLRequestError(`${what}: ${result.code}: ${result.message}`, [result.code]);
  return result as T;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
}

/** Creates the organization, or returns the caller's existing one with that slug (re-runnable seeds). */
export async function ensureOrganization(
  session: AdminSession,
  input: { name: string; slug: string },
): Promise<Organization & { created: boolean }> {
  const data = await graphqlRequest<{ createOrganization: MutationResult<Organization> }>({
    url: session.routerUrl,
    headers: headers(session),
    query: CREATE_ORGANIZATION,
    variables: { input },
  });
  const result = data.createOrganization;
  if (isDomainError(result) && result.code === 'CONFLICT') {
    const existing = await graphqlRequest<{ organizations: Organization[] }>({
      url: session.routerUrl,
      headers: headers(session),
      query: MY_ORGANIZATIONS,
    });
    const match = existing.organizations.find((organization) => organization.slug === input.slug);
    if (match) return { ...match, created: false };
  }
  return { ...unwrap(result, 'createOrganization'), created: true };
}

export async function createBoardGroup(
  session: AdminSession,
  organizationId: string,
  input: { name: string; slug?: string; description?: string },
): Promise<{ id: string; name: string; created: boolean }> {
  const data = await graphqlRequest<{ createBoardGroup: MutationResult<{ id: string; name: string }> }>({
    url: session.routerUrl,
    headers: headers(session, organizationId),
    query: CREATE_BOARD_GROUP,
    variables: { input },
  });
  const result = data.createBoardGroup;
  if (isDomainError(result) && result.code === 'CONFLICT') {
    const existing = await graphqlRequest<{ boardGroups: { id: string; name: string }[] }>({
      url: session.routerUrl,
      headers: headers(session, organizationId),
      query: BOARD_GROUPS,
    });
    const match = existing.boardGroups.find((group) => group.name === input.name);
    if (match) return { ...match, created: false };
  }
  return { ...unwrap(result, 'createBoardGroup'), created: true };
}

export async function createBoard(
  session: AdminSession,
  organizationId: string,
  input: { name: string; slug?: string; description: string; groupId?: string; kind?: 'GOAL' | 'GENERAL' },
): Promise<{ id: string; name: string } | null> {
  const data = await graphqlRequest<{ createBoard: MutationResult<{ id: string; name: string }> }>({
    url: session.routerUrl,
    headers: headers(session, organizationId),
    query: CREATE_BOARD,
    variables: { input },
  });
  const result = data.createBoard;
  if (isDomainError(result) && result.code === 'CONFLICT') return null;
  return unwrap(result, 'createBoard');
}
