/**
 * Auto-registration: admins mint one-time, expiring tokens (stored hashed, shown once); a gateway
 * registers anonymously with one and receives its own `mcg_` credential from identity (the one
 * verifier); a used, expired or unknown token is INVALID_TOKEN; re-registration rotates the
 * credential (the old one stops resolving at once); deregistration revokes it. Attempts are limited
 * in all, per token and per caller address (the router's signed `ip` claim).
 */
import { createHash } from 'node:crypto';
import { IDENTITY_HEADER, ManualClock, type ServedSubgraph, serveSubgraph, signIdentity } from '@mc/kit';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialIssuer } from '../src/services/identity-credentials.ts';
import { RegistrationService } from '../src/services/registration-service.ts';
import {
  codes,
  createGateway,
  type FleetStack,
  GATEWAY_FIELDS,
  gatewayIdentity,
  MINT,
  makeOrg,
  REGISTER,
  registerGateway,
  resolveCredential,
  SIGNING_SECRET,
  startFleetStack,
} from './fixtures.ts';

const DEREGISTER = `mutation($id: ID!) { deregisterGateway(id: $id) {
  __typename ... on Gateway { ${GATEWAY_FIELDS} } ... on DomainError { code ids } } }`;

const anonymous = { kind: 'anonymous' } as const;

describe.each(DATABASE_KINDS)('gateway registration on %s', (kind) => {
  let stack: FleetStack;
  const clock = new ManualClock();
  beforeAll(async () => {
    stack = await startFleetStack(kind, { clock });
  });
  afterAll(() => stack?.close());

  const mint = async (caller = null as null | Parameters<FleetStack['ok']>[0], input: Record<string, unknown> = {}) => {
    const org = caller ? null : await makeOrg(stack);
    const result = await stack.ok((caller ?? org?.owner)!, MINT, { input });
    return { org, minted: result.createGatewayRegistrationToken };
  };

  it('mints a token shown once and stored only as its sha256', async () => {
    const { minted } = await mint();
    expect(minted.token).toMatch(/^mcr_[\w-]{43}$/);
    expect(new Date(minted.expiresAt).getTime() - clock.now().getTime()).toBe(3600_000);
    const hash = createHash('sha256').update(minted.token).digest('hex');
    const rows = await stack.fleet.runtime.database.db.execute(
      sql`select token_hash from fleet.gateway_registration_tokens where token_hash = ${hash}`,
    );
    expect((rows as unknown as { rows: unknown[] }).rows).toHaveLength(1);
    const clear = await stack.fleet.runtime.database.db.execute(
      sql`select count(*)::int as n from fleet.gateway_registration_tokens where token_hash = ${minted.token}`,
    );
    expect((clear as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });

  it('a gateway registers with the token, anonymously, and gets a working gateway credential', async () => {
    const org = await makeOrg(stack);
    const minted = (await stack.ok(org.as('ADMIN'), MINT, { input: { expiresInSeconds: 600 } }))
      .createGatewayRegistrationToken;
    const result = await stack.ok(anonymous, REGISTER, {
      input: { token: minted.token, name: 'Edge', url: 'ws://127.0.0.1:18789', version: '2026.9.6' },
    });
    const registration = result.registerGateway;
    expect(registration).toMatchObject({
      __typename: 'GatewayRegistration',
      heartbeatIntervalSeconds: 30,
      offlineAfterSeconds: 90,
      gateway: {
        name: 'Edge',
        url: 'ws://127.0.0.1:18789',
        version: '2026.9.6',
        status: 'PENDING',
        registered: true,
        hasToken: false,
        workspaceRoot: '~/.openclaw/workspace',
        organization: { id: org.id },
      },
    });
    expect(registration.credential).toMatch(/^mcg_/);
    expect(await resolveCredential(stack, registration.credential)).toMatchObject({
      kind: 'gateway',
      subjectId: registration.gateway.id,
      organizationId: org.id,
    });
    // The gateway then reads itself with its identity.
    const self = await stack.ok(
      gatewayIdentity(registration.gateway.id, org.id),
      `query($id: ID!) { gateway(id: $id) { id } }`,
      {
        id: registration.gateway.id,
      },
    );
    expect(self.gateway.id).toBe(registration.gateway.id);
    const events = await stack.fleet.runtime.database.db.execute(
      sql`select event->>'topic' as topic from fleet.mc_outbox
          where event->'payload'->>'gatewayId' = ${registration.gateway.id} order by seq`,
    );
    expect((events as unknown as { rows: { topic: string }[] }).rows.map((row) => row.topic)).toEqual([
      'fleet.gatewayCreated',
      'fleet.gatewayRegistered',
    ]);
  });

  it('a token works once; unknown, malformed and expired tokens are INVALID_TOKEN', async () => {
    const { minted } = await mint();
    const input = (token: string, name = 'gw') => ({ input: { token, name, version: '2026.9.6' } });
    expect((await stack.ok(anonymous, REGISTER, input(minted.token, 'first'))).registerGateway.__typename).toBe(
      'GatewayRegistration',
    );
    const again = await stack.ok(anonymous, REGISTER, input(minted.token, 'second'));
    expect(again.registerGateway).toMatchObject({ code: 'INVALID_TOKEN', field: 'input.token' });
    for (const token of ['mcr_unknown', 'not-a-token', '', `mcr_${'x'.repeat(300)}`]) {
      expect((await stack.ok(anonymous, REGISTER, input(token))).registerGateway.code, token).toBe('INVALID_TOKEN');
    }
    const expiring = await mint(null, { expiresInSeconds: 60 });
    clock.advance(61_000);
    expect((await stack.ok(anonymous, REGISTER, input(expiring.minted.token))).registerGateway.code).toBe(
      'INVALID_TOKEN',
    );
  });

  it('validates registration input before using the token', async () => {
    const { minted } = await mint();
    const bad = await stack.ok(anonymous, REGISTER, {
      input: { token: minted.token, name: 'gw', version: '2026.9.6', url: 'ws://nohost' },
    });
    expect(bad.registerGateway).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    const badVersion = await stack.ok(anonymous, REGISTER, { input: { token: minted.token, name: 'gw', version: '' } });
    expect(badVersion.registerGateway).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.version' });
    const fine = await stack.ok(anonymous, REGISTER, {
      input: { token: minted.token, name: 'gw', version: '2026.9.6' },
    });
    expect(fine.registerGateway.__typename).toBe('GatewayRegistration');
  });

  it('re-registration with a token minted for the gateway rotates the credential; the old one is revoked', async () => {
    const org = await makeOrg(stack);
    const first = await registerGateway(stack, org);
    const minted = (await stack.ok(org.owner, MINT, { input: { gatewayId: first.gateway.id } }))
      .createGatewayRegistrationToken;
    expect(minted.gateway.id).toBe(first.gateway.id);
    const second = (
      await stack.ok(anonymous, REGISTER, { input: { token: minted.token, name: 'Renamed', version: '2026.10.1' } })
    ).registerGateway;
    expect(second.gateway).toMatchObject({ id: first.gateway.id, name: 'Renamed', version: '2026.10.1' });
    expect(second.credential).not.toBe(first.credential);
    expect(await resolveCredential(stack, first.credential)).toBeNull();
    expect(await resolveCredential(stack, second.credential)).toMatchObject({ subjectId: first.gateway.id });
  });

  it('deregistration revokes the credential and leaves the gateway PENDING', async () => {
    const org = await makeOrg(stack);
    const registered = await registerGateway(stack, org);
    const result = await stack.ok(org.owner, DEREGISTER, { id: registered.gateway.id });
    expect(result.deregisterGateway).toMatchObject({ status: 'PENDING', registered: false, registeredAt: null });
    expect(await resolveCredential(stack, registered.credential)).toBeNull();
  });

  it('only admins mint and deregister; another organization’s gateway is NOT_FOUND', async () => {
    const org = await makeOrg(stack);
    const other = await makeOrg(stack);
    const theirs = await createGateway(stack, other.owner);
    expect(codes(await stack.run(org.as('MEMBER'), MINT, { input: {} }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.run(anonymous, MINT, { input: {} }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await stack.run(gatewayIdentity(theirs.id, other.id), MINT, { input: {} }))).toEqual(['FORBIDDEN']);
    expect(
      (await stack.ok(org.owner, MINT, { input: { gatewayId: theirs.id } })).createGatewayRegistrationToken.code,
    ).toBe('NOT_FOUND');
    expect((await stack.ok(org.owner, DEREGISTER, { id: theirs.id })).deregisterGateway.code).toBe('NOT_FOUND');
    expect(codes(await stack.run(org.as('MEMBER'), DEREGISTER, { id: theirs.id }))).toEqual(['FORBIDDEN']);
    const ttl = await stack.ok(org.owner, MINT, { input: { expiresInSeconds: 10 } });
    expect(ttl.createGatewayRegistrationToken).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.expiresInSeconds',
    });
  });

  it('when identity cannot issue the credential, the token is given back and the new gateway removed', async () => {
    const org = await makeOrg(stack);
    const { minted } = await mint(org.owner);
    const failing: CredentialIssuer = {
      issue: async () => {
        throw Object.assign(new Error('down'), {});
      },
      revokeAll: async () => [],
    };
    const runtime = stack.fleet.runtime;
    const service = new RegistrationService({
      database: runtime.database,
      events: runtime.events,
      credentials: failing,
      bus: runtime.bus,
      clock,
      logger: runtime.logger,
      settings: { defaultTtlSeconds: 3600, heartbeatIntervalSeconds: 30, offlineAfterSeconds: 90 },
    });
    await expect(service.register({ token: minted.token, name: 'Flaky', version: '2026.9.6' })).rejects.toThrow('down');
    const count = await runtime.database.db.execute(
      sql`select count(*)::int as n from fleet.gateways where organization_id = ${org.id}`,
    );
    expect((count as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
    // The real path succeeds with the same token afterwards.
    const retried = await stack.ok(anonymous, REGISTER, {
      input: { token: minted.token, name: 'Flaky', version: '2026.9.6' },
    });
    expect(retried.registerGateway.__typename).toBe('GatewayRegistration');
  });
});

describe('registerGateway rate limits', () => {
  let stack: FleetStack;
  beforeAll(async () => {
    stack = await startFleetStack('postgres', {
      env: { REGISTRATION_ATTEMPTS_PER_MINUTE: '8', REGISTRATION_ATTEMPTS_PER_TOKEN_PER_MINUTE: '3' },
    });
  });
  afterAll(() => stack?.close());

  const register = (token: string) =>
    stack.ok(anonymous, REGISTER, { input: { token, name: `gw-${Math.random()}`, version: '2026.9.6' } });

  it('repeats of one token are RATE_LIMITED with retryAfterSeconds, before the token is even looked at', async () => {
    const org = await makeOrg(stack);
    const minted = (await stack.ok(org.owner, MINT, { input: {} })).createGatewayRegistrationToken.token as string;
    expect((await register(minted)).registerGateway.__typename).toBe('GatewayRegistration');
    expect((await register(minted)).registerGateway.code).toBe('INVALID_TOKEN');
    expect((await register(minted)).registerGateway.code).toBe('INVALID_TOKEN');
    const limited = await stack.run(anonymous, REGISTER_WITH_RETRY, {
      input: { token: minted, name: 'again', version: '2026.9.6' },
    });
    expect(limited.data?.registerGateway).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = limited.data?.registerGateway.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('forged tokens count toward the limit of all callers; then even a valid token waits', async () => {
    const org = await makeOrg(stack);
    const valid = (await stack.ok(org.owner, MINT, { input: {} })).createGatewayRegistrationToken.token as string;
    // 4 attempts were made by the previous case; 4 forged ones reach the limit of 8 per minute.
    const forged = await Promise.all(Array.from({ length: 4 }, (_, i) => register(`mcr_forged-${i}-${Math.random()}`)));
    expect(forged.map((r) => r.registerGateway.code)).toEqual(Array(4).fill('INVALID_TOKEN'));
    const limited = await register(valid);
    expect(limited.registerGateway).toMatchObject({ code: 'RATE_LIMITED' });
    // The limited attempt did not use the token.
    const rows = await stack.fleet.runtime.database.db.execute(
      sql`select count(*)::int as n from fleet.gateway_registration_tokens where organization_id = ${org.id} and used_at is null`,
    );
    expect((rows as unknown as { rows: { n: number }[] }).rows[0].n).toBe(1);
  });
});

describe('registerGateway limit per caller address', () => {
  let stack: FleetStack;
  let served: ServedSubgraph;
  beforeAll(async () => {
    stack = await startFleetStack('postgres', {
      env: { REGISTRATION_ATTEMPTS_PER_MINUTE: '100', REGISTRATION_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '3' },
    });
    served = await serveSubgraph(stack.fleet.instance, stack.fleet.runtime, {
      port: 0,
      host: '127.0.0.1',
      secret: SIGNING_SECRET,
    });
  });
  afterAll(async () => {
    await served?.close();
    await stack?.close();
  });

  /** Over HTTP as the router calls the subgraph: anonymous, with the address signed in the identity. */
  const registerFrom = async (clientAddress: string, token: string) => {
    const response = await fetch(served.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity(SIGNING_SECRET, anonymous, { clientAddress }),
      },
      body: JSON.stringify({
        query: REGISTER_WITH_RETRY,
        variables: { input: { token, name: `gw-${Math.random()}`, version: '2026.9.6' } },
      }),
    });
    const body = (await response.json()) as { data: { registerGateway: Record<string, unknown> } };
    return body.data.registerGateway;
  };
  const forged = () => `mcr_forged-${Math.random()}`;

  it('refuses an address over its budget with RATE_LIMITED and a retry delay, while another address registers', async () => {
    const org = await makeOrg(stack);
    const valid = (await stack.ok(org.owner, MINT, { input: {} })).createGatewayRegistrationToken.token as string;
    for (let i = 0; i < 3; i++) expect((await registerFrom('203.0.113.10', forged())).code).toBe('INVALID_TOKEN');
    const limited = await registerFrom('203.0.113.10', valid);
    expect(limited).toMatchObject({ __typename: 'DomainError', code: 'RATE_LIMITED' });
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The refused attempt did not use the token: another address registers with it.
    expect((await registerFrom('203.0.113.11', valid)).__typename).toBe('GatewayRegistration');
  });

  it('counts an IPv6 /64 as one address', async () => {
    for (const host of ['1', '2', '3']) {
      expect((await registerFrom(`2001:db8:1:2::${host}`, forged())).code).toBe('INVALID_TOKEN');
    }
    expect((await registerFrom('2001:db8:1:2:ffff::9', forged())).code).toBe('RATE_LIMITED');
    expect((await registerFrom('2001:db8:1:3::1', forged())).code).toBe('INVALID_TOKEN');
  });

  it('a call without an address (not through the router) meets only the other limits', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        stack.ok(anonymous, REGISTER, { input: { token: forged(), name: 'x', version: '2026.9.6' } }),
      ),
    );
    expect(results.map((r) => r.registerGateway.code)).toEqual(Array(4).fill('INVALID_TOKEN'));
  });
});

const REGISTER_WITH_RETRY = `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) {
  __typename ... on DomainError { code retryAfterSeconds } } }`;
