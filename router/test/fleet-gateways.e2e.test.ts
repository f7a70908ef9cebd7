/**
 * Gateways through the router, production-shaped (every subgraph its own process, PostgreSQL,
 * Redis): an admin mints a one-time registration token, a gateway registers anonymously and gets an
 * `mcg_` credential from identity, the router authenticates that credential as the gateway, whose
 * heartbeat makes it ONLINE; a heartbeat for another gateway's id, or from a person, is FORBIDDEN;
 * re-registration rotates the credential and the router refuses the old one at once.
 */
import { describe, expect, it } from 'vitest';
import { bearer, gql } from './support/processes.ts';
import { useSharedAdminStack } from './support/shared-stack.ts';
import { connect, eventually } from './support/subscription-fixtures/client.ts';

const MINT = `mutation($input: CreateGatewayRegistrationTokenInput) { createGatewayRegistrationToken(input: $input) {
  __typename ... on GatewayRegistrationToken { token expiresAt } ... on DomainError { code } } }`;
const REGISTER = `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) {
  __typename ... on GatewayRegistration { credential heartbeatIntervalSeconds gateway { id status registered } }
  ... on DomainError { code field } } }`;
const HEARTBEAT = `mutation($gatewayId: ID!, $metrics: GatewayMetricsInput!) { gatewayHeartbeat(gatewayId: $gatewayId, metrics: $metrics) {
  __typename ... on GatewayHeartbeatAck { nextHeartbeatSeconds gateway { id status lastSeenAt version } }
  ... on DomainError { code } } }`;
const metrics = { activeSessions: 1, memoryBytes: 3_221_225_472, cpuPercent: 7.5, agentCount: 0, version: '2026.9.6' };

describe('gateways through the router', () => {
  const admin = useSharedAdminStack();

  const register = async (orgId: string, name: string, gatewayId?: string) => {
    const minted = await admin.call(MINT, { input: gatewayId ? { gatewayId } : {} }, orgId);
    expect(minted.data.createGatewayRegistrationToken.__typename).toBe('GatewayRegistrationToken');
    // The gateway has no account: the token is its only proof.
    const registered = await gql(admin.stack.routerUrl, REGISTER, {
      input: {
        token: minted.data.createGatewayRegistrationToken.token,
        name,
        version: '2026.9.6',
        url: 'ws://127.0.0.1:18789',
      },
    });
    expect(registered.body.errors).toBeUndefined();
    return registered.body.data.registerGateway as {
      __typename: string;
      credential: string;
      gateway: { id: string; status: string; registered: boolean };
    };
  };

  it('a registered gateway heartbeats with its own credential and becomes ONLINE; forgeries are refused', async () => {
    const orgId = await admin.organization('Fleet');
    const first = await register(orgId, 'edge-1');
    expect(first).toMatchObject({
      __typename: 'GatewayRegistration',
      gateway: { status: 'PENDING', registered: true },
    });
    expect(first.credential).toMatch(/^mcg_/);
    const second = await register(orgId, 'edge-2');

    const beat = await gql(
      admin.stack.routerUrl,
      HEARTBEAT,
      { gatewayId: first.gateway.id, metrics },
      bearer(first.credential),
    );
    expect(beat.status).toBe(200);
    expect(beat.body.errors).toBeUndefined();
    expect(beat.body.data.gatewayHeartbeat).toMatchObject({
      __typename: 'GatewayHeartbeatAck',
      nextHeartbeatSeconds: 30,
      gateway: { id: first.gateway.id, status: 'ONLINE', version: '2026.9.6' },
    });

    // The admin sees it ONLINE with its metrics.
    const seen = await admin.call(
      'query($id: ID!) { gateway(id: $id) { status lastSeenAt metrics { agentCount memoryBytes } } }',
      { id: first.gateway.id },
      orgId,
    );
    expect(seen.data.gateway).toMatchObject({
      status: 'ONLINE',
      metrics: [{ agentCount: 0, memoryBytes: 3_221_225_472 }],
    });

    // Forged: gateway 1's credential for gateway 2's id; a person; no credential; a made-up credential.
    const forged = await gql(
      admin.stack.routerUrl,
      HEARTBEAT,
      { gatewayId: second.gateway.id, metrics },
      bearer(first.credential),
    );
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const person = await gql(
      admin.stack.routerUrl,
      HEARTBEAT,
      { gatewayId: second.gateway.id, metrics },
      bearer(admin.stack.env.LOCAL_AUTH_TOKEN, orgId),
    );
    expect(person.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nobody = await gql(admin.stack.routerUrl, HEARTBEAT, { gatewayId: second.gateway.id, metrics });
    expect(nobody.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const madeUp = await gql(
      admin.stack.routerUrl,
      HEARTBEAT,
      { gatewayId: second.gateway.id, metrics },
      bearer(`mcg_${'x'.repeat(43)}`),
    );
    expect(madeUp.status).toBe(401);
    const untouched = await admin.call(
      'query($id: ID!) { gateway(id: $id) { status } }',
      { id: second.gateway.id },
      orgId,
    );
    expect(untouched.data.gateway.status).toBe('PENDING');
  });

  it('re-registration rotates the credential: the router refuses the old one at once', async () => {
    const orgId = await admin.organization('Rotation');
    const first = await register(orgId, 'edge');
    const ok = await gql(
      admin.stack.routerUrl,
      HEARTBEAT,
      { gatewayId: first.gateway.id, metrics },
      bearer(first.credential),
    );
    expect(ok.body.data.gatewayHeartbeat.__typename).toBe('GatewayHeartbeatAck');
    const again = await register(orgId, 'edge', first.gateway.id);
    expect(again.gateway.id).toBe(first.gateway.id);
    const old = await gql(
      admin.stack.routerUrl,
      HEARTBEAT,
      { gatewayId: first.gateway.id, metrics },
      bearer(first.credential),
    );
    expect(old.status).toBe(401);
    const fresh = await gql(
      admin.stack.routerUrl,
      HEARTBEAT,
      { gatewayId: first.gateway.id, metrics },
      bearer(again.credential),
    );
    expect(fresh.body.data.gatewayHeartbeat.gateway.status).toBe('ONLINE');
    // A used registration token does not work twice, through the router either.
    const reuse = await gql(admin.stack.routerUrl, REGISTER, {
      input: { token: 'mcr_used', name: 'x', version: '2026.9.6' },
    });
    expect(reuse.body.data.registerGateway).toMatchObject({ __typename: 'DomainError', code: 'INVALID_TOKEN' });
  });

  it('gatewayHealth over the router’s graphql-ws pushes the gateway’s status changes to its organization only', async () => {
    const orgId = await admin.organization('Live');
    const otherId = await admin.organization('Elsewhere');
    const registered = await register(orgId, 'edge-live');
    const params = (org: string) => ({
      authorization: `Bearer ${admin.stack.env.LOCAL_AUTH_TOKEN}`,
      'x-organization-id': org,
    });
    const HEALTH = `subscription($id: ID!) { gatewayHealth(gatewayId: $id) { status previousStatus reason gateway { id name } } }`;
    const socket = connect(admin.stack.routerUrl, params(orgId));
    const stranger = connect(admin.stack.routerUrl, params(otherId));
    try {
      const live = socket.subscribe(HEALTH, { id: registered.gateway.id });
      const refused = stranger.subscribe(HEALTH, { id: registered.gateway.id });
      await refused.ended();
      expect(refused.results.flatMap((result) => result.errors ?? []).map((error) => error.extensions?.code)).toContain(
        'NOT_FOUND',
      );
      // Only the first heartbeat changes the status: give the router a moment to open the live stream upstream
      // (the refused one above went through the same path already), then beat until the change arrives.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const results = await eventually(
        async () => {
          await gql(
            admin.stack.routerUrl,
            HEARTBEAT,
            { gatewayId: registered.gateway.id, metrics },
            bearer(registered.credential),
          );
          return live.results;
        },
        (arrived) => arrived.length > 0,
      );
      expect(results[0].data.gatewayHealth).toEqual({
        status: 'ONLINE',
        previousStatus: 'PENDING',
        reason: 'heartbeat',
        gateway: { id: registered.gateway.id, name: 'edge-live' },
      });
      live.unsubscribe();
    } finally {
      await socket.dispose();
      await stranger.dispose();
    }
  });
});
