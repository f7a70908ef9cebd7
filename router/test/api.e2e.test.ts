/**
 * The public API through the router with real processes: operation limits and bad input answered
 * with typed errors (never a 500 or a stack trace), CORS, and board access across identity and
 * work — granted, revoked at once, and never across organizations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProvider } from './support/oidc.ts';
import { bearer, gql, type ProductionStack } from './support/processes.ts';
import { sharedStackWithOidc } from './support/shared-stack.ts';
import type { StackWithOidc } from './support/stack-with-oidc.ts';

const ORIGIN = 'https://console.example.test';

describe('public API through the router', () => {
  let env: StackWithOidc;
  let stack: ProductionStack;
  let oidc: OidcProvider;
  let oidcRouter: string;

  beforeAll(async () => {
    env = await sharedStackWithOidc({
      CORS_ORIGINS: ORIGIN,
      MAX_BODY_BYTES: '20000',
      MAX_DEPTH: '6',
      MAX_ALIASES: '5',
      MAX_TOKENS: '800',
    });
    ({ stack, oidc, oidcRouter } = env);
  }, 180_000);

  afterAll(() => env?.stop());

  describe('bad input gets a typed error', () => {
    const admin = () => bearer(stack.env.LOCAL_AUTH_TOKEN);

    it('malformed GraphQL → GRAPHQL_PARSE_FAILED', async () => {
      const result = await gql(stack.routerUrl, '{ organizations { id ', {}, admin());
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('unknown field → GRAPHQL_VALIDATION_FAILED without suggestions in production', async () => {
      const result = await gql(stack.routerUrl, '{ organizationz { id } }', {}, admin());
      expect(result.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(result.body)).not.toMatch(/Did you mean/i);
    });

    it('too deep → refused before execution', async () => {
      const deep =
        '{ organizations { boards { nodes { organization { boards { nodes { organization { id } } } } } } } }';
      const result = await gql(stack.routerUrl, deep, {}, admin());
      expect(result.body.errors?.[0].message).toMatch(/depth/i);
      expect(result.body.data).toBeUndefined();
    });

    it('too many tokens → GRAPHQL_PARSE_FAILED', async () => {
      const fields = Array.from({ length: 900 }, () => '__typename').join(' ');
      const result = await gql(stack.routerUrl, `{ ${fields} }`, {}, admin());
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(result.body.errors?.[0].message).toMatch(/tokens/);
    });

    it('too many aliases → refused', async () => {
      const aliases = Array.from({ length: 8 }, (_, i) => `a${i}: organizations { id }`).join(' ');
      const result = await gql(stack.routerUrl, `{ ${aliases} }`, {}, admin());
      expect(result.body.errors?.[0].message).toMatch(/alias/i);
    });

    it('oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
      const result = await gql(stack.routerUrl, `{ organizations { id } } # ${'x'.repeat(30_000)}`, {}, admin());
      expect(result.status).toBe(413);
      expect(result.body.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('invalid JSON → 400, invalid ids → BAD_USER_INPUT, with no stack traces', async () => {
      const response = await fetch(stack.routerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...admin() },
        body: '{"query": "{ organizations { id } }"',
      });
      expect(response.status).toBe(400);
      const result = await gql(stack.routerUrl, '{ organization(id: "nope") { id } }', {}, admin());
      expect(result.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result.body)).not.toMatch(/stacktrace|\bat \w+ \(/);
    });

    it('a wrong variable type → BAD_USER_INPUT', async () => {
      const result = await gql(
        stack.routerUrl,
        'query($id: ID!) { organization(id: $id) { id } }',
        { id: { a: 1 } },
        admin(),
      );
      expect(result.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('CORS', () => {
    it('allows listed origins and refuses others', async () => {
      const preflight = await fetch(stack.routerUrl, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const refused = await fetch(stack.routerUrl, {
        method: 'POST',
        headers: { origin: 'https://evil.example.test', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('board access across identity and work', () => {
    it('grants, revokes at once, and isolates organizations', async () => {
      const owner = bearer(stack.env.LOCAL_AUTH_TOKEN);
      const org = await gql(
        stack.routerUrl,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
        { input: { name: 'Access Org', slug: `access-${Date.now()}` } },
        owner,
      );
      const orgId: string = org.body.data.createOrganization.id;
      const asOwner = bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
      const board = await gql(
        stack.routerUrl,
        'mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }',
        { input: { name: 'Secret plans', description: 'Only for some' } },
        asOwner,
      );
      const boardId: string = board.body.data.createBoard.id;

      // Bea signs in with OIDC and accepts an invite as a plain member (no board access).
      const beaToken = await oidc.sign({ sub: 'bea', email: 'bea@example.test', name: 'Bea' });
      const invite = await gql(
        stack.routerUrl,
        'mutation($input: CreateInviteInput!) { createInvite(input: $input) { ... on CreatedInvite { token } ... on DomainError { code message } } }',
        { input: { organizationId: orgId, email: 'bea@example.test', role: 'MEMBER' } },
        asOwner,
      );
      const accepted = await gql(
        oidcRouter,
        'mutation($t: String!) { acceptInvite(token: $t) { __typename ... on Member { id } ... on DomainError { code } } }',
        { t: invite.body.data.createInvite.token },
        bearer(beaToken),
      );
      expect(accepted.body.data.acceptInvite.__typename).toBe('Member');
      const memberId: string = accepted.body.data.acceptInvite.id;
      const asBea = bearer(beaToken, orgId);
      const readBoard = () => gql(oidcRouter, 'query($id: ID!) { board(id: $id) { name } }', { id: boardId }, asBea);

      expect((await readBoard()).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

      const setAccess = (boards: { boardId: string; permission: string }[]) =>
        gql(
          stack.routerUrl,
          'mutation($input: SetMemberBoardAccessInput!) { setMemberBoardAccess(input: $input) { __typename } }',
          { input: { memberId, boards } },
          asOwner,
        );
      expect((await setAccess([{ boardId, permission: 'READ' }])).body.data.setMemberBoardAccess.__typename).toBe(
        'Member',
      );
      expect((await readBoard()).body.data?.board).toEqual({ name: 'Secret plans' });

      const write = await gql(
        oidcRouter,
        'mutation($id: ID!) { updateBoard(id: $id, input: { name: "Mine now" }) { __typename } }',
        { id: boardId },
        asBea,
      );
      expect(write.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      await setAccess([]);
      expect((await readBoard()).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

      // Another organization's owner sees nothing of this one.
      const otherToken = await oidc.sign({ sub: 'olga', email: 'olga@example.test' });
      const other = await gql(
        oidcRouter,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
        { input: { name: 'Other Org', slug: `other-${Date.now()}` } },
        bearer(otherToken),
      );
      const asOlga = bearer(otherToken, other.body.data.createOrganization.id);
      const probe = await gql(oidcRouter, 'query($id: ID!) { board(id: $id) { name } }', { id: boardId }, asOlga);
      expect(probe.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const orgProbe = await gql(
        oidcRouter,
        'query($id: ID!) { organization(id: $id) { name } }',
        { id: orgId },
        asOlga,
      );
      expect(orgProbe.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify([probe.body, orgProbe.body])).not.toMatch(/Secret plans|Access Org/);
    });
  });
});
