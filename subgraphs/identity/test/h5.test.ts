import { ManualClock } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, unique } from '@mc/kit/testing';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalChanged } from '../src/events.ts';
import { identityModule } from '../src/index.ts';
import { addMember, createOrg, ok, type Subgraph, signUp, TEST_ENV } from './fixtures.ts';

const SESSION = `__typename ... on H5Session { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
  user { id email displayName suspended organization { id } } } ... on DomainError { code field retryAfterSeconds }`;
const REGISTER = `mutation($input: H5RegisterInput!) { h5Register(input: $input) { ${SESSION} } }`;
const LOGIN = `mutation($input: H5LoginInput!) { h5Login(input: $input) { ${SESSION} } }`;
const REFRESH = `mutation($token: String!) { h5Refresh(refreshToken: $token) { ${SESSION} } }`;
const LOGOUT = 'mutation($token: String!) { h5Logout(refreshToken: $token) }';
const SUSPEND = `mutation($id: ID!) { suspendH5User(id: $id) { __typename ... on H5User { id suspended } ... on DomainError { code } } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateH5User(id: $id) { __typename ... on H5User { id suspended } ... on DomainError { code } } }`;
const PROFILE = `mutation($input: UpdateH5ProfileInput!) { updateH5Profile(input: $input) {
  __typename ... on H5User { id displayName } ... on DomainError { code field } } }`;
const anonymous = { kind: 'anonymous' } as const;
const PASSWORD = 'correct horse battery';

describe.each(DATABASE_KINDS)('H5 users on %s', (kind) => {
  let subgraph: Subgraph;
  const clock = new ManualClock(Date.now());
  beforeAll(async () => {
    subgraph = await startTestSubgraph(identityModule, kind, {
      clock,
      envSource: { ...TEST_ENV, H5_LOGIN_LIMIT: '3', H5_REGISTER_LIMIT: '3', H5_REFRESH_LIMIT: '4' },
    });
  });
  afterAll(() => subgraph.close());

  async function orgWithOwner() {
    const owner = await signUp(subgraph, 'owner');
    return { owner, org: await createOrg(subgraph, owner) };
  }

  async function register(org: { id: string }, email = `${unique('h5')}@example.test`) {
    const data = await ok(subgraph, anonymous, REGISTER, {
      input: { organizationId: org.id, email, password: PASSWORD, displayName: 'Hana' },
    });
    expect(data.h5Register.__typename).toBe('H5Session');
    return { email, session: data.h5Register };
  }

  it('registers and logs in, issuing a contract-3 access token', async () => {
    const { org } = await orgWithOwner();
    const { email, session } = await register(org);
    expect(session.user).toMatchObject({ email, displayName: 'Hana', suspended: false, organization: { id: org.id } });
    const { payload, protectedHeader } = await jwtVerify(
      session.accessToken,
      new TextEncoder().encode(TEST_ENV.H5_JWT_SECRET),
      { issuer: 'mc-identity', audience: 'mc-h5', currentDate: clock.now() },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: session.user.id, org: org.id });
    expect((payload.exp as number) - (payload.iat as number)).toBe(15 * 60);
    expect(new Date(session.accessTokenExpiresAt).getTime()).toBe((payload.exp as number) * 1000);
    expect(new Date(session.refreshTokenExpiresAt).getTime()).toBeGreaterThan(clock.now().getTime() + 29 * 86_400_000);

    const login = await ok(subgraph, anonymous, LOGIN, {
      input: { organizationId: org.id, email, password: PASSWORD },
    });
    expect(login.h5Login.user.id).toBe(session.user.id);
    const wrong = await ok(subgraph, anonymous, LOGIN, {
      input: { organizationId: org.id, email, password: 'nope-nope-nope' },
    });
    expect(wrong.h5Login).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const unknown = await ok(subgraph, anonymous, LOGIN, {
      input: { organizationId: org.id, email: 'ghost@example.test', password: PASSWORD },
    });
    expect(unknown.h5Login).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const me = await ok(subgraph, { kind: 'h5', h5UserId: session.user.id, orgId: org.id }, '{ h5Me { id email } }');
    expect(me.h5Me).toEqual({ id: session.user.id, email });
  });

  it('scopes accounts to the organization and refuses duplicates and weak passwords', async () => {
    const { org } = await orgWithOwner();
    const { org: other } = await orgWithOwner();
    const { email } = await register(org);
    const dup = await ok(subgraph, anonymous, REGISTER, {
      input: { organizationId: org.id, email, password: PASSWORD, displayName: 'Again' },
    });
    expect(dup.h5Register).toMatchObject({ code: 'CONFLICT' });
    const elsewhere = await ok(subgraph, anonymous, LOGIN, {
      input: { organizationId: other.id, email, password: PASSWORD },
    });
    expect(elsewhere.h5Login).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const weak = await ok(subgraph, anonymous, REGISTER, {
      input: { organizationId: org.id, email: `${unique('w')}@example.test`, password: 'short', displayName: 'W' },
    });
    expect(weak.h5Register).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
    const noOrg = await ok(subgraph, anonymous, REGISTER, {
      input: { organizationSlug: unique('missing'), email: 'a@example.test', password: PASSWORD, displayName: 'A' },
    });
    expect(noOrg.h5Register).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rotates refresh tokens and revokes the whole family when a rotated token is reused', async () => {
    const { org } = await orgWithOwner();
    const { session } = await register(org);
    const events: unknown[] = [];
    const unsubscribe = await subgraph.runtime.bus.subscribe(principalChanged, (payload) => events.push(payload));
    try {
      const first = (await ok(subgraph, anonymous, REFRESH, { token: session.refreshToken })).h5Refresh;
      expect(first.__typename).toBe('H5Session');
      expect(first.refreshToken).not.toBe(session.refreshToken);
      const second = (await ok(subgraph, anonymous, REFRESH, { token: first.refreshToken })).h5Refresh;
      expect(second.__typename).toBe('H5Session');
      // The original token was rotated: presenting it again is theft or a bug — end the family.
      const reuse = (await ok(subgraph, anonymous, REFRESH, { token: session.refreshToken })).h5Refresh;
      expect(reuse).toMatchObject({ code: 'INVALID_TOKEN' });
      const latest = (await ok(subgraph, anonymous, REFRESH, { token: second.refreshToken })).h5Refresh;
      expect(latest).toMatchObject({ code: 'INVALID_TOKEN' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(events).toContainEqual({ h5UserId: session.user.id });
    } finally {
      await unsubscribe();
    }
    const garbage = (await ok(subgraph, anonymous, REFRESH, { token: 'garbage' })).h5Refresh;
    expect(garbage).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('expires refresh tokens after 30 days', async () => {
    const { org } = await orgWithOwner();
    const { session } = await register(org);
    clock.advance(30 * 86_400_000 + 1000);
    const expired = (await ok(subgraph, anonymous, REFRESH, { token: session.refreshToken })).h5Refresh;
    expect(expired).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('logs out by revoking the family, leaving other logins alone', async () => {
    const { org } = await orgWithOwner();
    const { email, session } = await register(org);
    const other = (
      await ok(subgraph, anonymous, LOGIN, { input: { organizationId: org.id, email, password: PASSWORD } })
    ).h5Login;
    const rotated = (await ok(subgraph, anonymous, REFRESH, { token: session.refreshToken })).h5Refresh;
    expect((await ok(subgraph, anonymous, LOGOUT, { token: session.refreshToken })).h5Logout).toBe(true);
    expect((await ok(subgraph, anonymous, REFRESH, { token: rotated.refreshToken })).h5Refresh).toMatchObject({
      code: 'INVALID_TOKEN',
    });
    expect((await ok(subgraph, anonymous, REFRESH, { token: other.refreshToken })).h5Refresh.__typename).toBe(
      'H5Session',
    );
    expect((await ok(subgraph, anonymous, LOGOUT, { token: 'unknown' })).h5Logout).toBe(true);
  });

  it('lets admins suspend (no login, no refresh: ACCOUNT_SUSPENDED) and reactivate', async () => {
    const { owner, org } = await orgWithOwner();
    const member = await addMember(subgraph, org, owner, 'MEMBER');
    const { email, session } = await register(org);
    const byMember = await executeAs(subgraph.instance, member.identity, SUSPEND, { id: session.user.id });
    expect(byMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const suspended = await ok(subgraph, owner.identity, SUSPEND, { id: session.user.id });
    expect(suspended.suspendH5User).toEqual({ __typename: 'H5User', id: session.user.id, suspended: true });
    const login = await ok(subgraph, anonymous, LOGIN, {
      input: { organizationId: org.id, email, password: PASSWORD },
    });
    expect(login.h5Login).toMatchObject({ code: 'ACCOUNT_SUSPENDED' });
    const refresh = await ok(subgraph, anonymous, REFRESH, { token: session.refreshToken });
    expect(refresh.h5Refresh).toMatchObject({ code: 'ACCOUNT_SUSPENDED' });
    const back = await ok(subgraph, owner.identity, REACTIVATE, { id: session.user.id });
    expect(back.reactivateH5User.suspended).toBe(false);
    const again = await ok(subgraph, anonymous, LOGIN, {
      input: { organizationId: org.id, email, password: PASSWORD },
    });
    expect(again.h5Login.__typename).toBe('H5Session');
    // Suspension ended every session: the old refresh token stays dead.
    expect((await ok(subgraph, anonymous, REFRESH, { token: session.refreshToken })).h5Refresh).toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });

  it('rate-limits login, register and refresh with RATE_LIMITED and a retry delay', async () => {
    const { org } = await orgWithOwner();
    const { email, session } = await register(org);
    const attempt = () =>
      ok(subgraph, anonymous, LOGIN, { input: { organizationId: org.id, email, password: 'wrong-password' } });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).h5Login.code).toBe('INVALID_CREDENTIALS');
    const limited = (await attempt()).h5Login;
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    // Another email in the same organization is unaffected.
    const other = await register(org);
    expect(other.session.user.email).toBe(other.email);

    const regEmail = `${unique('r')}@example.test`;
    const reg = () =>
      ok(subgraph, anonymous, REGISTER, {
        input: { organizationId: org.id, email: regEmail, password: 'x', displayName: 'R' },
      });
    for (let i = 0; i < 3; i += 1) expect((await reg()).h5Register.code).toBe('BAD_USER_INPUT');
    expect((await reg()).h5Register.code).toBe('RATE_LIMITED');

    let token = session.refreshToken;
    for (let i = 0; i < 4; i += 1) {
      const next = (await ok(subgraph, anonymous, REFRESH, { token })).h5Refresh;
      expect(next.__typename).toBe('H5Session');
      token = next.refreshToken;
    }
    expect((await ok(subgraph, anonymous, REFRESH, { token })).h5Refresh).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('updates the profile; a password change needs the current one and ends sessions', async () => {
    const { org } = await orgWithOwner();
    const { email, session } = await register(org);
    const me = { kind: 'h5' as const, h5UserId: session.user.id, orgId: org.id };
    const renamed = await ok(subgraph, me, PROFILE, { input: { displayName: 'Hana K.' } });
    expect(renamed.updateH5Profile).toMatchObject({ __typename: 'H5User', displayName: 'Hana K.' });
    const wrong = await ok(subgraph, me, PROFILE, {
      input: { currentPassword: 'bad-password', newPassword: 'a new password' },
    });
    expect(wrong.updateH5Profile).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'input.currentPassword' });
    const changed = await ok(subgraph, me, PROFILE, {
      input: { currentPassword: PASSWORD, newPassword: 'a new password' },
    });
    expect(changed.updateH5Profile.__typename).toBe('H5User');
    expect((await ok(subgraph, anonymous, REFRESH, { token: session.refreshToken })).h5Refresh.code).toBe(
      'INVALID_TOKEN',
    );
    const login = await ok(subgraph, anonymous, LOGIN, {
      input: { organizationSlug: undefined, organizationId: org.id, email, password: 'a new password' },
    });
    expect(login.h5Login.__typename).toBe('H5Session');
    const console = await signUp(subgraph, 'console');
    const refused = await executeAs(subgraph.instance, console.identity, PROFILE, { input: { displayName: 'x' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists H5 users for admins with cursor pagination', async () => {
    const { owner, org } = await orgWithOwner();
    const emails: string[] = [];
    for (let i = 0; i < 5; i += 1) emails.push((await register(org)).email);
    const page = `query($id: ID!, $after: String) { h5Users(organizationId: $id, first: 2, after: $after) {
      nodes { email } edges { cursor node { email } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i += 1) {
      const data: any = await ok(subgraph, owner.identity, page, { id: org.id, after });
      seen.push(...data.h5Users.nodes.map((n: { email: string }) => n.email));
      expect(data.h5Users.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual(
        data.h5Users.nodes.map((n: { email: string }) => n.email),
      );
      expect(data.h5Users.pageInfo.hasNextPage).toBe(i < 2);
      after = data.h5Users.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual([...emails].sort());
    const bad = await executeAs(subgraph.instance, owner.identity, page, { id: org.id, after: 'bogus' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
