/**
 * Builders for fleet tests: the real identity subgraph served on loopback (fleet asks it for machine
 * credentials over HTTP, as in production) and the fleet subgraph beside it on the same kind of
 * database; organizations and their people made through identity's schema.
 */
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { type GatewayLink, sessionKeyFor } from '@mc/gateway-link';
import { identityModule } from '@mc/identity';
import { type Clock, type DomainEvent, type Identity, type OrgRole, type ServedSubgraph, serveSubgraph } from '@mc/kit';
import {
  executeAs,
  startTestSubgraph,
  system,
  type TestDatabaseKind,
  type TestSubgraph,
  unique,
  userIdentity,
} from '@mc/kit/testing';
import { expect } from 'vitest';
import type { FleetContext } from '../src/context.ts';
import { fleetModule } from '../src/index.ts';

export const SIGNING_SECRET = 'fleet-test-internal-signing-secret-0123456789';

export interface FleetStack {
  fleet: TestSubgraph<FleetContext>;
  identity: TestSubgraph<any>;
  identityServed: ServedSubgraph;
  /** A loopback port that accepts connections and never answers: a gateway that is always "connecting". */
  silentGatewayUrl: string;
  run<T = Record<string, any>>(
    caller: Identity,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{
    data: T | null | undefined;
    errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined;
    internal: unknown[];
  }>;
  /** Runs and fails on any GraphQL error. */
  ok<T = Record<string, any>>(caller: Identity, query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startFleetStack(
  kind: TestDatabaseKind,
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<FleetStack> {
  const identity = await startTestSubgraph(identityModule, kind, {
    envSource: { H5_JWT_SECRET: 'test-h5-secret-that-is-long-enough-0123456789' },
  });
  const identityServed = await serveSubgraph(identity.instance, identity.runtime, {
    port: 0,
    host: '127.0.0.1',
    secret: SIGNING_SECRET,
  });
  const fleet = await startTestSubgraph(fleetModule, kind, {
    clock: options.clock,
    envSource: {
      SUBGRAPH_IDENTITY_URL: identityServed.url,
      INTERNAL_SIGNING_SECRET: SIGNING_SECRET,
      GATEWAY_SWEEP_INTERVAL_MS: '100',
      // Probing dial-out gateways changes their status; the probe's own tests turn it on.
      GATEWAY_PROBE_INTERVAL_MS: '3600000',
      ...options.env,
    },
  });
  const run: FleetStack['run'] = (caller, query, variables) => executeAs(fleet.instance, caller, query, variables);
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  return {
    fleet,
    identity,
    identityServed,
    silentGatewayUrl: `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    run,
    async ok(caller, query, variables) {
      const result = await run(caller, query, variables);
      if (result.errors) throw new Error(`${JSON.stringify(result.errors)} ${String(result.internal[0] ?? '')}`);
      return result.data as any;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await fleet.close();
      await identityServed.close();
      await identity.close();
    },
  };
}

export interface TestOrg {
  id: string;
  ownerId: string;
  owner: Identity;
  /** A member of this organization with the given role (fleet trusts the signed identity). */
  as(role: OrgRole): Identity;
}

/** An organization created in identity (credentials need it to exist), with its owner. */
export async function makeOrg(stack: FleetStack): Promise<TestOrg> {
  const email = `${unique('owner')}@example.test`;
  const user = await executeAs(stack.identity.instance, system, RESOLVE_USER, {
    input: { externalId: `oidc:https://issuer.test|${email}`, email, displayName: 'Owner' },
  });
  const ownerId = user.data?._resolveUserPrincipal.userId as string;
  const slug = unique('org');
  const created = await executeAs(stack.identity.instance, userIdentity(ownerId), CREATE_ORG, {
    input: { name: `Org ${slug}`, slug },
  });
  expect(created.data?.createOrganization.__typename).toBe('Organization');
  const id = created.data?.createOrganization.id as string;
  const as = (role: OrgRole) => userIdentity(role === 'OWNER' ? ownerId : randomUUID(), { id, role });
  return { id, ownerId, owner: as('OWNER'), as };
}

/** What identity's router API says about a machine token (null: unknown, revoked or expired). */
export async function resolveCredential(stack: FleetStack, token: string) {
  const result = await executeAs(stack.identity.instance, system, RESOLVE_CREDENTIAL, { token });
  expect(result.errors).toBeUndefined();
  return result.data?._resolveCredential as {
    kind: string;
    subjectId: string;
    organizationId: string;
    credentialId: string;
  } | null;
}

export function gatewayIdentity(gatewayId: string, orgId: string, credentialId: string = randomUUID()): Identity {
  return { kind: 'gateway', gatewayId, orgId, credentialId };
}

export function agentIdentity(agentId: string, orgId: string, credentialId: string = randomUUID()): Identity {
  return { kind: 'agent', agentId, orgId, credentialId };
}

export const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);

const RESOLVE_USER = `mutation($input: _ResolveUserPrincipalInput!) { _resolveUserPrincipal(input: $input) { userId } }`;
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  __typename ... on Organization { id } ... on DomainError { code message } } }`;
const RESOLVE_CREDENTIAL = `query($token: String!) { _resolveCredential(token: $token) {
  kind subjectId organizationId credentialId } }`;

export const GATEWAY_FIELDS = `id name url hasToken workspaceRoot allowSelfSignedTls pairingMode status lastSeenAt
  statusChangedAt lastError version registered registeredAt organization { id }`;

export const CREATE_GATEWAY = `mutation($input: CreateGatewayInput!) { createGateway(input: $input) {
  __typename ... on Gateway { ${GATEWAY_FIELDS} } ... on DomainError { code field ids message } } }`;

export const gatewayInput = (extra: Record<string, unknown> = {}) => ({
  name: unique('gw'),
  url: 'ws://10.0.0.5:18789',
  token: 'secret-gateway-token-123',
  workspaceRoot: '/srv/openclaw/workspace',
  ...extra,
});

/** Creates a gateway as `caller` on the silent port (provisioning waits) and returns it (fails on any error). */
export async function createGateway(stack: FleetStack, caller: Identity, extra: Record<string, unknown> = {}) {
  const data = await stack.ok(caller, CREATE_GATEWAY, {
    input: gatewayInput({ url: stack.silentGatewayUrl, ...extra }),
  });
  expect(data.createGateway.__typename).toBe('Gateway');
  return data.createGateway as { id: string; name: string; status: string };
}

export const MINT = `mutation($input: CreateGatewayRegistrationTokenInput) { createGatewayRegistrationToken(input: $input) {
  __typename ... on GatewayRegistrationToken { token expiresAt gateway { id } } ... on DomainError { code field ids } } }`;

export const REGISTER = `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) {
  __typename ... on GatewayRegistration { credential heartbeatIntervalSeconds offlineAfterSeconds
    gateway { ${GATEWAY_FIELDS} } } ... on DomainError { code field ids message } } }`;

/** Mints a token as the owner and registers a new gateway with it. */
export async function registerGateway(stack: FleetStack, org: TestOrg, extra: Record<string, unknown> = {}) {
  const minted = await stack.ok(org.owner, MINT, { input: {} });
  const data = await stack.ok({ kind: 'anonymous' }, REGISTER, {
    input: { token: minted.createGatewayRegistrationToken.token, name: unique('gw'), version: '2026.9.6', ...extra },
  });
  expect(data.registerGateway.__typename).toBe('GatewayRegistration');
  const registration = data.registerGateway as { credential: string; gateway: { id: string; name: string } };
  const principal = await resolveCredential(stack, registration.credential);
  return {
    ...registration,
    caller: gatewayIdentity(registration.gateway.id, org.id, principal?.credentialId),
  };
}

const CREATE_SIMULATED_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id status } ... on DomainError { code field } } }`;
const AGENT_WAKES = `query($id: ID!) { agent(id: $id) { wakeAttempts } }`;
export const CHECK_IN = `mutation { agentCheckIn { ... on Agent { status } } }`;

/**
 * An agent on its own dial-out gateway served by `simulator` (reached with `token`): created through
 * the API, provisioned until its first wake, then checked in (ONLINE) unless `checkIn` is false.
 * `remoteId` is its id on the gateway.
 */
export async function simulatedAgent(
  stack: FleetStack,
  org: TestOrg,
  simulator: { url: string },
  token: string,
  checkIn = true,
): Promise<{ id: string; remoteId: string }> {
  const gateway = await stack.ok(org.owner, CREATE_GATEWAY, {
    input: gatewayInput({ url: simulator.url, token, workspaceRoot: '/srv/agents' }),
  });
  const agent = (
    await stack.ok(org.owner, CREATE_SIMULATED_AGENT, {
      input: { name: unique('Agent'), gatewayId: gateway.createGateway.id },
    })
  ).createAgent as { id: string };
  await expect
    .poll(async () => (await stack.ok(org.owner, AGENT_WAKES, { id: agent.id })).agent.wakeAttempts, {
      timeout: 10_000,
    })
    .toBe(1);
  if (checkIn) await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
  return { id: agent.id, remoteId: `mc-${agent.id}` };
}

/**
 * Waits until the real OpenClaw gateway answered an agent's wake message (its first turn, in the agent's
 * main session). During that turn OpenClaw copies the agent's IDENTITY.md into its config, and a run the
 * gateway prepares while that reload applies fails ("generation was superseded"); a real agent checks in
 * from inside the turn, so after it.
 */
export async function wakeAnswered(link: GatewayLink, remoteId: string, timeoutMs: number): Promise<void> {
  await expect
    .poll(async () => (await link.chatHistory(sessionKeyFor(remoteId))).some((entry) => entry.role === 'assistant'), {
      timeout: timeoutMs,
      interval: 500,
    })
    .toBe(true);
}

/** A `chat.messageSent` payload as chat records it: an H5 user's first message in a new session with `agentId`. */
export const chatMessage = (organizationId: string, agentId: string, text: string) => ({
  sessionId: randomUUID(),
  messageId: randomUUID(),
  sequence: 1,
  organizationId,
  agentId,
  h5UserId: randomUUID(),
  text,
});

/**
 * Collects a topic's events into `into` as a consumer with an inbox sees them: each event once. The
 * stream delivers at least once (a drain racing a publish from memory may append an event twice), and
 * every real consumer drops a repeated event id; a test that counted repeats would fail on a correct run.
 */
export async function collectEvents<Payload>(
  stack: FleetStack,
  group: string,
  topic: string,
  into: DomainEvent<Payload>[],
): Promise<void> {
  const seen = new Set<string>();
  await stack.fleet.runtime.events.stream.consume({
    group: unique(group),
    topics: [topic],
    handler: async (event) => {
      if (seen.has(event.id)) return;
      seen.add(event.id);
      into.push(event as DomainEvent<Payload>);
    },
  });
}
