/**
 * Authentication through the router with real processes (identity and work on PostgreSQL, Redis
 * bus): every credential kind, expiry, tampering, revocation, and the subgraphs' refusal of
 * requests that do not carry the router's signature.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProvider } from './support/oidc.ts';
import { bearer, gql, type ProductionStack } from './support/processes.ts';
import { sharedStackWithOidc } from './support/shared-stack.ts';
import type { StackWithOidc } from './support/stack-with-oidc.ts';

const VIEWER = '{ whoami { kind organizationId userId h5UserId agentId gatewayId } }';

describe('authentication through the router', () => {
  let env: StackWithOidc;
  let stack: ProductionStack;
  let oidc: OidcProvider;
  let oidcRouter: string;
  let admin: Record<string, string>;
  let orgId: string;
  let orgSlug: string;

  beforeAll(async () => {
    env = await sharedStackWithOidc();
    ({ stack, oidc, oidcRouter } = env);
    orgSlug = `auth-${Date.now()}`;
    const created = await gql(
      stack.routerUrl,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
      { input: { name: 'Auth Org', slug: orgSlug } },
      bearer(stack.env.LOCAL_AUTH_TOKEN),
    );
    orgId = created.body.data.createOrganization.id;
    admin = bearer(stack.env.LOCAL_AUTH_TOKEN, orgId);
  }, 180_000);

  afterAll(() => env?.stop());

  describe('anonymous and the local admin token', () => {
    it('treats a request without credentials as anonymous', async () => {
      const result = await gql(stack.routerUrl, VIEWER);
      expect(result.body.data.whoami).toMatchObject({ kind: 'ANONYMOUS', userId: null });
      const refused = await gql(stack.routerUrl, '{ organizations { id } }');
      expect(refused.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('resolves the local admin token to a user acting in the chosen organization', async () => {
      const result = await gql(stack.routerUrl, VIEWER, {}, admin);
      expect(result.body.data.whoami).toMatchObject({ kind: 'USER', organizationId: orgId });
    });

    it.each([
      ['a wrong token', { authorization: 'Bearer mc_wrong_token_value_that_is_long_enough_to_look_real_123' }],
      ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['garbage', { authorization: 'Bearer a.b.c' }],
    ])('refuses %s with 401 UNAUTHENTICATED', async (_name, headers) => {
      const result = await gql(stack.routerUrl, VIEWER, {}, headers);
      expect(result.status).toBe(401);
      expect(result.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.body.data).toBeUndefined();
    });

    it('refuses a malformed organization header with BAD_USER_INPUT', async () => {
      const result = await gql(stack.routerUrl, VIEWER, {}, { ...admin, 'x-organization-id': 'not-an-id' });
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('OIDC bearer tokens', () => {
    it('accepts a token signed by the JWKS key and provisions the user', async () => {
      const token = await oidc.sign({ sub: 'user-oidc-1', email: 'ada@example.test', name: 'Ada' });
      const result = await gql(oidcRouter, '{ me { email displayName } }', {}, bearer(token));
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.me).toMatchObject({ email: 'ada@example.test', displayName: 'Ada' });
    });

    it.each([
      ['expired', { sub: 'u-exp' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }],
      ['signed by another key', { sub: 'u-foreign' }, { foreignKey: true }],
      ['from another issuer', { sub: 'u-iss', iss: 'https://evil.example' }, {}],
    ])('refuses a token %s', async (_name, claims, options) => {
      const token = await oidc.sign(claims, options);
      const result = await gql(oidcRouter, VIEWER, {}, bearer(token));
      expect(result.status).toBe(401);
      expect(result.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a tampered token', async () => {
      const token = await oidc.sign({ sub: 'u-tamper' });
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
      const result = await gql(oidcRouter, VIEWER, {}, bearer(`${header}.${forged}.${signature}`));
      expect(result.status).toBe(401);
    });

    it('does not accept the local token when the router is in OIDC mode', async () => {
      const result = await gql(oidcRouter, VIEWER, {}, bearer(stack.env.LOCAL_AUTH_TOKEN));
      expect(result.status).toBe(401);
    });
  });

  describe('H5 users', () => {
    const session = 'accessToken refreshToken user { id email }';
    const email = `h5-${Date.now()}@example.test`;

    it('register → login → refresh → reuse detected revokes the family', async () => {
      const registered = await gql(
        stack.routerUrl,
        `mutation($input: H5RegisterInput!) { h5Register(input: $input) { __typename ... on H5Session { ${session} } ... on DomainError { code } } }`,
        { input: { organizationSlug: orgSlug, email, password: 'correct horse battery', displayName: 'Hana' } },
      );
      expect(registered.body.data.h5Register.__typename).toBe('H5Session');

      const login = await gql(
        stack.routerUrl,
        `mutation($input: H5LoginInput!) { h5Login(input: $input) { __typename ... on H5Session { ${session} } ... on DomainError { code } } }`,
        { input: { organizationSlug: orgSlug, email, password: 'correct horse battery' } },
      );
      const first = login.body.data.h5Login;
      expect(first.__typename).toBe('H5Session');

      const viewer = await gql(stack.routerUrl, VIEWER, {}, bearer(first.accessToken));
      expect(viewer.body.data.whoami).toMatchObject({ kind: 'H5', h5UserId: first.user.id, organizationId: orgId });
      const me = await gql(stack.routerUrl, '{ h5Me { email } }', {}, bearer(first.accessToken));
      expect(me.body.data.h5Me.email).toBe(email);

      const refresh = (token: string) =>
        gql(
          stack.routerUrl,
          `mutation($t: String!) { h5Refresh(refreshToken: $t) { __typename ... on H5Session { ${session} } ... on DomainError { code } } }`,
          { t: token },
        );
      const second = (await refresh(first.refreshToken)).body.data.h5Refresh;
      expect(second.__typename).toBe('H5Session');
      expect(second.refreshToken).not.toBe(first.refreshToken);

      const reused = (await refresh(first.refreshToken)).body.data.h5Refresh;
      expect(reused).toEqual({ __typename: 'DomainError', code: 'INVALID_TOKEN' });
      // The whole family is gone: the newest token no longer works either.
      expect((await refresh(second.refreshToken)).body.data.h5Refresh.code).toBe('INVALID_TOKEN');
    });

    it('refuses forged, expired, unsigned, other-algorithm and other-audience H5 access tokens', async () => {
      const sign = (secret: string, exp: number, options: { alg?: string; audience?: string } = {}) =>
        new SignJWT({ org: orgId })
          .setProtectedHeader({ alg: options.alg ?? 'HS256' })
          .setIssuer('mc-identity')
          .setAudience(options.audience ?? 'mc-h5')
          .setSubject('00000000-0000-4000-8000-000000000042')
          .setExpirationTime(exp)
          .sign(new TextEncoder().encode(secret));
      const now = Math.floor(Date.now() / 1000);
      const forged = await sign('another-secret-that-is-long-enough-0123456789', now + 600);
      const expired = await sign(stack.env.H5_JWT_SECRET, now - 60);
      const valid = await sign(stack.env.H5_JWT_SECRET, now + 600);
      const [, body] = valid.split('.');
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
      const hs512 = await sign(stack.env.H5_JWT_SECRET, now + 600, { alg: 'HS512' });
      const otherAudience = await sign(stack.env.H5_JWT_SECRET, now + 600, { audience: 'mc-subgraphs' });
      for (const token of [forged, expired, unsigned, hs512, otherAudience]) {
        const result = await gql(stack.routerUrl, VIEWER, {}, bearer(token));
        expect(result.status).toBe(401);
        expect(result.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      const late = await gql(stack.routerUrl, VIEWER, {}, bearer(expired));
      expect(late.body.errors?.[0].message).toMatch(/expired/i);
      expect((await gql(stack.routerUrl, VIEWER, {}, bearer(valid))).body.data.whoami.kind).toBe('H5');
    });
  });

  describe('agent tokens and gateway credentials', () => {
    const agentId = '00000000-0000-4000-8000-0000000000a1';
    const gatewayId = '00000000-0000-4000-8000-0000000000b1';

    it('authenticates an agent token until it is revoked (revocation is immediate)', async () => {
      const created = await gql(
        stack.routerUrl,
        `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
          __typename ... on CreatedMachineCredential { token credential { id } } ... on DomainError { code } } }`,
        { input: { organizationId: orgId, agentId, name: 'worker' } },
        admin,
      );
      const { token, credential } = created.body.data.createAgentToken;
      expect(token).toMatch(/^mca_/);
      const viewer = await gql(stack.routerUrl, VIEWER, {}, bearer(token));
      expect(viewer.body.data.whoami).toMatchObject({ kind: 'AGENT', agentId, organizationId: orgId });

      const revoked = await gql(
        stack.routerUrl,
        'mutation($id: ID!) { revokeMachineCredential(id: $id) { __typename } }',
        { id: credential.id },
        admin,
      );
      expect(revoked.body.errors).toBeUndefined();
      const after = await gql(stack.routerUrl, VIEWER, {}, bearer(token));
      expect(after.status).toBe(401);
    });

    it('authenticates a gateway credential and refuses an agent-shaped forgery', async () => {
      const created = await gql(
        stack.routerUrl,
        `mutation($input: CreateGatewayCredentialInput!) { createGatewayCredential(input: $input) {
          ... on CreatedMachineCredential { token } } }`,
        { input: { organizationId: orgId, gatewayId, name: 'gw' } },
        admin,
      );
      const token: string = created.body.data.createGatewayCredential.token;
      expect(token).toMatch(/^mcg_/);
      expect((await gql(stack.routerUrl, VIEWER, {}, bearer(token))).body.data.whoami).toMatchObject({
        kind: 'GATEWAY',
        gatewayId,
      });
      const swapped = `mca_${token.slice(4)}`;
      expect((await gql(stack.routerUrl, VIEWER, {}, bearer(swapped))).status).toBe(401);
    });
  });

  describe('subgraphs trust only the router', () => {
    it('refuse requests without a signed identity or with a forged one', async () => {
      const forged = await new SignJWT({ idt: { kind: 'system', service: 'evil' } })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('mc-router')
        .setAudience('mc-subgraph')
        .setExpirationTime('1m')
        .sign(new TextEncoder().encode('not-the-secret-but-long-enough-0123456789'));
      for (const url of Object.values(stack.subgraphUrls)) {
        const cases: Record<string, string>[] = [{}, { 'x-mc-identity': forged }];
        for (const headers of cases) {
          const result = await gql(url, '{ __typename }', {}, headers);
          expect(result.status).toBe(401);
          expect(result.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        }
      }
    });
  });
});
