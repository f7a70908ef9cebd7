/**
 * Builders for the chat and relay e2e scenarios, on any stack (the production routers or the embedded
 * process — they take the router's URL and the local admin's headers): an organization, an agent as
 * fleet announces it on the event stream, an H5 user who registered and logged in, their assignment once
 * chat has heard of both, their open session; an agent's check-in with its rotated token; and the
 * dial-in side — a gateway registered without a URL, the simulator's local link, a bridge following the
 * gateway's inbox through the router. Every scenario makes its own organization and people.
 */
import { randomUUID } from 'node:crypto';
import { DialOutLink } from '@mc/gateway-link';
import { createEventStream, type EventStream } from '@mc/kit';
import { afterAll, beforeAll, inject } from 'vitest';
import { GatewayBridge } from '../../../ops/gateway-bridge/bridge.ts';
import { bearer, gql, type ProductionStack } from './processes.ts';
import { sharedProductionStack } from './shared-stack.ts';
import { eventually, type TestSocket } from './subscription-fixtures/client.ts';

type Headers = Record<string, string>;

/** A chat scenario on the shared production stack: fleet's event stream, and the sockets to close after. */
export interface SharedChatStack {
  readonly stack: ProductionStack;
  /** The Redis event stream fleet writes to (to announce agents, send replies). */
  readonly fleet: EventStream;
  /** Sockets a test opened; all are disposed after the `describe`'s tests. */
  readonly sockets: TestSocket[];
}

/**
 * One set-up for the chat e2e files on the shared production stack: in a `describe`, takes the stack and
 * opens fleet's event stream before its tests; after them disposes the sockets pushed to `sockets` and
 * closes the stream (the stack keeps running for other files). `stack` and `fleet` answer only inside
 * tests and hooks, once they are there.
 */
export function useSharedChatStack(): SharedChatStack {
  let stack: ProductionStack | undefined;
  let fleet: EventStream | undefined;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    stack = await sharedProductionStack();
    fleet = createEventStream(inject('redisUrl'), stack.env.EVENT_STREAM_PREFIX);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await fleet?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the shared chat stack is not started yet (used outside a test or hook?)');
    return value;
  };
  return {
    get stack() {
      return started(stack);
    },
    get fleet() {
      return started(fleet);
    },
    sockets,
  };
}

const body = async (url: string, query: string, variables: Record<string, unknown>, headers: Headers = {}) =>
  (await gql(url, query, variables, headers)).body as { data?: any; errors?: unknown[] };

/** An organization owned by the local admin (`adminToken`); its id. */
export async function createOrganization(url: string, adminToken: string, name: string): Promise<string> {
  const created = await body(
    url,
    'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
    { input: { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}` } },
    bearer(adminToken),
  );
  return created.data?.createOrganization.id;
}

/** A durable event as fleet writes it to the event stream, for `orgId`. */
export function fleetEvent(orgId: string, topic: string, payload: unknown) {
  return {
    id: randomUUID(),
    topic,
    organizationId: orgId,
    actor: { kind: 'system', id: 'fleet' },
    occurredAt: new Date().toISOString(),
    payload,
  };
}

/** Announces an agent of `orgId` as fleet does (created, or updated with a new status). */
export async function announceAgent(
  fleet: EventStream,
  orgId: string,
  agent: { agentId: string; name: string; status: string },
  topic = 'fleet.agentCreated',
): Promise<void> {
  await fleet.append([fleetEvent(orgId, topic, { ...agent, organizationId: orgId, boardId: null })]);
}

export const H5_PASSWORD = 'correct horse battery';

export interface H5User {
  userId: string;
  email: string;
  /** Bearer headers with the access token of their login. */
  headers: Headers;
  /** What `h5Register` answered (`__typename`, `user { id }`). */
  registration: { __typename: string; user?: { id: string }; code?: string };
}

/** An H5 user of `orgId` registered and logged in through identity. */
export async function registerH5User(
  url: string,
  orgId: string,
  options: { displayName?: string; emailPrefix?: string } = {},
): Promise<H5User> {
  const email = `${options.emailPrefix ?? 'h5'}-${randomUUID()}@example.test`;
  const registered = await body(
    url,
    `mutation($input: H5RegisterInput!) { h5Register(input: $input) { __typename
      ... on H5Session { user { id } } ... on DomainError { code } } }`,
    { input: { organizationId: orgId, email, password: H5_PASSWORD, displayName: options.displayName ?? 'Hana' } },
  );
  const login = await body(
    url,
    `mutation($input: H5LoginInput!) { h5Login(input: $input) { ... on H5Session { accessToken } } }`,
    { input: { organizationId: orgId, email, password: H5_PASSWORD } },
  );
  const registration = registered.data?.h5Register;
  return {
    userId: registration?.user?.id,
    email,
    headers: bearer(login.data?.h5Login?.accessToken),
    registration,
  };
}

export const ASSIGN_CHAT_AGENT = `mutation($input: AssignChatAgentInput!) { assignChatAgent(input: $input) { __typename
  ... on ChatAssignment { id agent { name online } } ... on DomainError { code } } }`;

/**
 * Assigns the agent to the H5 user as the admin once chat has heard of both from the event streams
 * (and, with `online`, of the agent being ONLINE); the `assignChatAgent` answer.
 */
export async function assignWhenKnown(
  url: string,
  admin: Headers,
  assignment: { agentId: string; h5UserId: string },
  options: { online?: boolean; timeoutMs?: number } = {},
): Promise<{ __typename: string; id: string; agent: { name: string; online: boolean } }> {
  const assigned = await eventually(
    () => body(url, ASSIGN_CHAT_AGENT, { input: assignment }, admin),
    (r) =>
      r.data?.assignChatAgent.__typename === 'ChatAssignment' &&
      (!options.online || r.data.assignChatAgent.agent.online),
    options.timeoutMs ?? 30_000,
  );
  return assigned.data?.assignChatAgent;
}

/** The H5 user opens (or gets back) their session with the agent; its id. */
export async function openChatSession(url: string, h5: Headers, agentId: string): Promise<string> {
  const opened = await body(
    url,
    'mutation($agentId: ID!) { openChatSession(agentId: $agentId) { __typename ... on ChatSession { id } } }',
    { agentId },
    h5,
  );
  return opened.data?.openChatSession.id;
}

/**
 * The chat fixture: an H5 user of `orgId` registered and logged in, assigned to the agent by the admin
 * (once chat has heard of both), with their session open.
 */
export async function chatSession(
  url: string,
  admin: Headers,
  orgId: string,
  agentId: string,
  options: { displayName?: string; emailPrefix?: string; online?: boolean; timeoutMs?: number } = {},
) {
  const user = await registerH5User(url, orgId, options);
  const assignment = await assignWhenKnown(url, admin, { agentId, h5UserId: user.userId }, options);
  const sessionId = await openChatSession(url, user.headers, agentId);
  return { user, h5: user.headers, assignment, sessionId };
}

/** The agent's token rotated by the admin and its check-in with it: the `agentCheckIn` answer. */
export async function checkInAgent(
  url: string,
  admin: Headers,
  agentId: string,
): Promise<{ __typename: string; status?: string }> {
  const rotated = await body(
    url,
    'mutation($id: ID!) { rotateAgentToken(agentId: $id) { ... on AgentToken { token } } }',
    { id: agentId },
    admin,
  );
  const checkIn = await body(
    url,
    'mutation { agentCheckIn { __typename ... on Agent { status } } }',
    {},
    bearer(rotated.data?.rotateAgentToken.token),
  );
  return checkIn.data?.agentCheckIn;
}

/**
 * A dial-in gateway: a registration token minted by the admin, the gateway registered with it without a
 * URL (Mission Control cannot dial it; a bridge beside it dials in); its `mcg_` credential and id.
 */
export async function registerDialInGateway(
  url: string,
  admin: Headers,
  name: string,
): Promise<{ credential: string; gateway: { id: string } }> {
  const minted = await body(
    url,
    'mutation { createGatewayRegistrationToken { ... on GatewayRegistrationToken { token } } }',
    {},
    admin,
  );
  const registered = await body(
    url,
    `mutation($input: RegisterGatewayInput!) { registerGateway(input: $input) {
      ... on GatewayRegistration { credential gateway { id } } } }`,
    { input: { token: minted.data?.createGatewayRegistrationToken.token, name, version: '2026.9.6' } },
  );
  return registered.data?.registerGateway;
}

/** The bridge's link to the gateway beside it: the simulator, as the operator UI pairs with it. */
export function simulatorLink(simulatorUrl: string, token: string): DialOutLink {
  return new DialOutLink({
    url: simulatorUrl,
    token,
    pairing: 'control-ui',
    minVersion: '2026.9.1',
    requestTimeoutMs: 5_000,
  });
}

/** A bridge (in this process) that follows the gateway's inbox through the router with its credential. */
export function gatewayBridge(
  url: string,
  credential: string,
  local: DialOutLink,
  onError?: (error: unknown) => void,
): GatewayBridge {
  return new GatewayBridge({
    url,
    connectionParams: () => ({ authorization: `Bearer ${credential}` }),
    local,
    onError,
  });
}
