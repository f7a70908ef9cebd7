/**
 * `registerGateway` per caller address, through the real router (embedded process): the router signs
 * the socket's peer address into the forwarded identity, over HTTP and graphql-ws; one address over
 * its budget is RATE_LIMITED while others still register; `X-Forwarded-For` counts only from a
 * trusted proxy (here 127.0.0.2), so a client cannot pick its own address. Requests leave from
 * different loopback source addresses (127.0.0.x). Subscriptions carry the address upstream too: a
 * dial-in gateway's bridge following its inbox from one address and then from another shows each in
 * `Gateway.connection.clientAddress` (one upstream per principal and address, never a shared one).
 */
import { request } from 'node:http';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bearer, type EmbeddedStack, gql, startEmbedded, tempDir } from './support/processes.ts';

const PER_ADDRESS = 3;
const TRUSTED_PROXY = '127.0.0.2';

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { __typename ... on Organization { id } ... on DomainError { code } } }`;
const MINT = `mutation { createGatewayRegistrationToken {
  __typename ... on GatewayRegistrationToken { token } ... on DomainError { code } } }`;
const REGISTER = `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) {
  __typename ... on GatewayRegistration { gateway { id } credential } ... on DomainError { code retryAfterSeconds } } }`;
const CONNECTION = `query($id: ID!) { gateway(id: $id) { connection { state transport clientAddress } } }`;
const INBOX = `subscription { gatewayInbox { sequence } }`;

/** A WebSocket whose connections leave from `from` (a loopback source address). */
const socketFrom = (from: string) =>
  class FromAddress extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { localAddress: from });
    }
  };

type Outcome = { __typename: string; code?: string; retryAfterSeconds?: number };

describe('registerGateway limit per caller address', () => {
  let stack: EmbeddedStack;
  let url: URL;
  let orgId: string;

  beforeAll(async () => {
    stack = await startEmbedded(tempDir('registration-limits'), {
      TRUSTED_PROXIES: TRUSTED_PROXY,
      REGISTRATION_ATTEMPTS_PER_ADDRESS_PER_MINUTE: String(PER_ADDRESS),
    });
    // An IPv4 destination, so IPv4 source addresses can be chosen.
    url = new URL(stack.url);
    url.hostname = '127.0.0.1';
    const created = await gql(url.href, CREATE_ORG, { input: { name: 'Limits', slug: 'limits' } }, bearer(stack.token));
    orgId = created.body.data.createOrganization.id;
  }, 180_000);
  afterAll(() => stack?.stop());

  const mint = async () => {
    const minted = await gql(url.href, MINT, {}, bearer(stack.token, orgId));
    return minted.body.data.createGatewayRegistrationToken.token as string;
  };
  const input = (token: string) => ({ input: { token, name: `gw-${Math.random()}`, version: '2026.9.6' } });
  const forged = () => `mcr_forged-${Math.random()}`;

  /** POST from a chosen source address, optionally with an X-Forwarded-For header. */
  const registerFrom = (from: string, token: string, forwardedFor?: string) =>
    new Promise<Outcome>((resolve, reject) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
      const req = request(url, { method: 'POST', localAddress: from, headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text).data.registerGateway);
          } catch {
            reject(new Error(`unexpected answer ${res.statusCode}: ${text.slice(0, 300)}`));
          }
        });
      });
      req.on('error', reject);
      req.end(JSON.stringify({ query: REGISTER, variables: input(token) }));
    });

  const exhaust = async (attempt: () => Promise<Outcome>) => {
    for (let i = 0; i < PER_ADDRESS; i++) expect((await attempt()).code).toBe('INVALID_TOKEN');
  };

  it('refuses an address over its budget with RATE_LIMITED and a retry delay; another address registers', async () => {
    const valid = await mint();
    await exhaust(() => registerFrom('127.0.0.1', forged()));
    const limited = await registerFrom('127.0.0.1', valid);
    expect(limited).toMatchObject({ __typename: 'DomainError', code: 'RATE_LIMITED' });
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The refused attempt never reached the token: another address registers with it.
    expect((await registerFrom('127.0.0.3', valid)).__typename).toBe('GatewayRegistration');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    // 127.0.0.1 is over its budget (previous case); naming another address in the header changes nothing.
    expect((await registerFrom('127.0.0.1', forged(), '198.51.100.20')).code).toBe('RATE_LIMITED');
  });

  it('counts the client a trusted proxy forwards, not the proxy, and not what the client wrote itself', async () => {
    await exhaust(() => registerFrom(TRUSTED_PROXY, forged(), '198.51.100.7'));
    expect((await registerFrom(TRUSTED_PROXY, forged(), '198.51.100.7')).code).toBe('RATE_LIMITED');
    // A client-written entry left of what the proxy appended does not move it to a fresh bucket.
    expect((await registerFrom(TRUSTED_PROXY, forged(), '203.0.113.99, 198.51.100.7')).code).toBe('RATE_LIMITED');
    expect((await registerFrom(TRUSTED_PROXY, forged(), '198.51.100.8')).code).toBe('INVALID_TOKEN');
    // The proxy's own address has its own, untouched budget.
    expect((await registerFrom(TRUSTED_PROXY, forged())).code).toBe('INVALID_TOKEN');
  });

  it('limits mutations over graphql-ws by the socket’s address too, sharing the budget with HTTP', async () => {
    const from = '127.0.0.4';
    const socketUrl = url.href.replace(/^http/, 'ws');
    const client = createClient({ url: socketUrl, webSocketImpl: socketFrom(from), retryAttempts: 0, lazy: true });
    const viaSocket = (token: string) =>
      new Promise<Outcome>((resolve, reject) => {
        let result: Outcome | undefined;
        client.subscribe<{ registerGateway: Outcome }>(
          { query: REGISTER, variables: input(token) },
          {
            next: (value) => {
              result = value.data?.registerGateway;
            },
            error: reject,
            complete: () => (result ? resolve(result) : reject(new Error('no result'))),
          },
        );
      });
    try {
      await exhaust(() => viaSocket(forged()));
      expect(await viaSocket(forged())).toMatchObject({ code: 'RATE_LIMITED' });
      expect((await registerFrom(from, forged())).code).toBe('RATE_LIMITED');
    } finally {
      await client.dispose();
    }
  });

  it('a subscription carries its caller’s address upstream: a bridge following from 127.0.0.5, then from 127.0.0.6', async () => {
    const registered = await registerFrom('127.0.0.5', await mint());
    const { gateway, credential } = registered as unknown as { gateway: { id: string }; credential: string };
    expect(credential).toMatch(/^mcg_/);
    const connection = async () =>
      (await gql(url.href, CONNECTION, { id: gateway.id }, bearer(stack.token, orgId))).body.data.gateway.connection;
    const follow = (from: string) => {
      const client = createClient({
        url: url.href.replace(/^http/, 'ws'),
        webSocketImpl: socketFrom(from),
        connectionParams: { authorization: `Bearer ${credential}` },
        retryAttempts: 0,
      });
      const errors: unknown[] = [];
      client.subscribe({ query: INBOX }, { next: () => {}, error: (error) => errors.push(error), complete: () => {} });
      return { client, errors };
    };
    const eventually = async (expected: Record<string, unknown>) => {
      const deadline = Date.now() + 15_000;
      let seen: unknown;
      while (Date.now() < deadline) {
        seen = await connection();
        if (seen && Object.entries(expected).every(([key, value]) => (seen as Record<string, unknown>)[key] === value))
          return seen;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return seen;
    };

    const first = follow('127.0.0.5');
    try {
      expect(await eventually({ state: 'CONNECTED', clientAddress: '127.0.0.5' })).toEqual({
        state: 'CONNECTED',
        transport: 'DIAL_IN',
        clientAddress: '127.0.0.5',
      });
      // The same gateway from a second address: its own upstream, signed with its own address.
      const second = follow('127.0.0.6');
      try {
        expect(await eventually({ state: 'CONNECTED', clientAddress: '127.0.0.6' })).toMatchObject({
          clientAddress: '127.0.0.6',
        });
        expect([...first.errors, ...second.errors]).toEqual([]);
      } finally {
        await second.client.dispose();
      }
      // The second follower gone, the first one, still following, shows again with its own address.
      expect(await eventually({ state: 'CONNECTED', clientAddress: '127.0.0.5' })).toMatchObject({
        clientAddress: '127.0.0.5',
      });
    } finally {
      await first.client.dispose();
    }
    expect(await eventually({ state: 'DISCONNECTED' })).toMatchObject({ state: 'DISCONNECTED' });
  });
});
