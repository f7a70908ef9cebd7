/**
 * Protection of subscriptions on the router's socket, with real processes: credentials checked at
 * connect (4403), the HTTP limits (depth, aliases, tokens, validation, variables) applied on
 * subscribe, per-connection and per-identity caps (`SUBSCRIPTION_LIMIT`), the message size cap, and
 * the socket closed with 4401 when the credential expires and 4403 when it is revoked.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql } from './support/processes.ts';
import { connect, eventually, type TestSocket } from './support/subscription-fixtures/client.ts';
import { type SubscriptionStack, startSubscriptionStack } from './support/subscription-fixtures/stack.ts';

const NOTES = 'subscription($channel: String!) { noteAdded(channel: $channel) { text } }';

describe('subscription protection', () => {
  let stack: SubscriptionStack;
  let routerUrl: string;
  /** A router with small operation limits (the HTTP calls of other tests go to the default one). */
  let limitedUrl: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    stack = await startSubscriptionStack();
    const [capped, limited] = await Promise.all([
      stack.startRouter({
        env: { MAX_BODY_BYTES: '2048', SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTIONS_PER_IDENTITY: '3' },
      }),
      stack.startRouter({ env: { MAX_DEPTH: '2', MAX_ALIASES: '2', MAX_TOKENS: '120' } }),
    ]);
    routerUrl = capped.url;
    limitedUrl = limited.url;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await stack?.stop();
  });

  const admin = () => ({ authorization: `Bearer ${stack.env.LOCAL_AUTH_TOKEN}` });
  const open = (params: Record<string, unknown> = admin(), url = routerUrl) => {
    const socket = connect(url, params);
    sockets.push(socket);
    return socket;
  };
  const activeUpstreams = async () =>
    (
      await stack.direct<{ feedStats: { activeSubscriptions: number } }>(
        stack.feed[0].url,
        '{ feedStats { activeSubscriptions } }',
      )
    ).feedStats.activeSubscriptions;
  const refusal = async (socket: TestSocket, query: string, variables: Record<string, unknown> = {}) => {
    const subscription = socket.subscribe(query, variables);
    await subscription.ended().finally(() => subscription.unsubscribe());
    expect(subscription.results).toEqual([]);
    return (subscription.error as { message: string; extensions?: Record<string, unknown> }[])[0];
  };

  it('refuses invalid credentials at connect with 4403', async () => {
    for (const params of [
      { authorization: 'Bearer not-a-valid-token' },
      { authorization: 'Basic abc' },
      { ...admin(), 'x-organization-id': 'not-an-id' },
    ]) {
      const socket = open(params);
      expect((await socket.closed).code).toBe(4403);
    }
  });

  it('lets the owning subgraph refuse an anonymous subscriber', async () => {
    const subscription = open({}).subscribe(NOTES, { channel: 'anonymous' });
    await subscription.waitFor(1);
    expect(subscription.results[0].errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(subscription.results[0].data).toBeNull();
    await subscription.ended();
    expect(await activeUpstreams()).toBe(0);
  });

  it('applies the HTTP operation limits on subscribe', async () => {
    const socket = open(admin(), limitedUrl);
    const deep = await refusal(socket, 'subscription($c: String!) { noteAdded(channel: $c) { author { name } } }', {
      c: 'x',
    });
    expect(deep.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.message).toMatch(/depth/i);
    const aliased = await refusal(
      socket,
      'subscription($c: String!) { noteAdded(channel: $c) { a: text b: text c: text } }',
      { c: 'x' },
    );
    expect(aliased.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(aliased.message).toMatch(/alias/i);
    const long = await refusal(
      socket,
      `subscription($c: String!) { noteAdded(channel: $c) { ${'text '.repeat(150)} } }`,
      { c: 'x' },
    );
    expect(long.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await refusal(socket, 'subscription { noteAdded(channel: "x") { nope } }');
    expect(unknown.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badVariables = await refusal(socket, NOTES, { channel: 42 });
    expect(badVariables.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await activeUpstreams()).toBe(0);
    // Within the limits the same socket subscribes fine.
    const fine = socket.subscribe(NOTES, { channel: `fine-${randomUUID()}` });
    await eventually(activeUpstreams, (count) => count === 1);
    fine.unsubscribe();
    await eventually(activeUpstreams, (count) => count === 0);
  });

  it('caps subscriptions per connection and per identity with SUBSCRIPTION_LIMIT', async () => {
    const first = open();
    const a = first.subscribe(NOTES, { channel: randomUUID() });
    const b = first.subscribe(NOTES, { channel: randomUUID() });
    const perConnection = await refusal(first, NOTES, { channel: randomUUID() });
    expect(perConnection.extensions).toEqual({ code: 'SUBSCRIPTION_LIMIT', limit: 2, scope: 'connection' });

    const second = open();
    const c = second.subscribe(NOTES, { channel: randomUUID() });
    await eventually(activeUpstreams, (count) => count === 3);
    const perIdentity = await refusal(second, NOTES, { channel: randomUUID() });
    expect(perIdentity.extensions).toEqual({ code: 'SUBSCRIPTION_LIMIT', limit: 3, scope: 'identity' });

    // Another identity is not affected by the admin's count.
    const h5 = open({ authorization: `Bearer ${await stack.h5Token()}` }).subscribe(NOTES, { channel: randomUUID() });
    await eventually(activeUpstreams, (count) => count === 4);

    // Ending one frees a place.
    a.unsubscribe();
    await eventually(activeUpstreams, (count) => count === 3);
    const again = second.subscribe(NOTES, { channel: randomUUID() });
    await eventually(activeUpstreams, (count) => count === 4);
    expect(again.error).toBeUndefined();
    for (const subscription of [b, c, h5, again]) subscription.unsubscribe();
    await eventually(activeUpstreams, (count) => count === 0);
  });

  it('closes the socket when a message exceeds the size limit', async () => {
    const socket = open();
    socket.subscribe(`subscription { noteAdded(channel: "${'x'.repeat(4096)}") { text } }`);
    expect((await socket.closed).code).toBe(1009);
  });

  it('closes the socket with 4401 when the credential expires', async () => {
    const socket = open({ authorization: `Bearer ${await stack.h5Token({ seconds: 2 })}` });
    const subscription = socket.subscribe(NOTES, { channel: randomUUID() });
    await eventually(activeUpstreams, (count) => count === 1);
    expect((await socket.closed).code).toBe(4401);
    await subscription.ended();
    await eventually(activeUpstreams, (count) => count === 0);
  });

  it('closes the socket with 4403 when the credential is revoked', async () => {
    const call = async (query: string, variables: Record<string, unknown>, orgId?: string) =>
      (await gql(routerUrl, query, variables, bearer(stack.env.LOCAL_AUTH_TOKEN, orgId))).body;
    const org = await call(
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on Organization { id } } }',
      { input: { name: 'Revoked', slug: `revoked-${Date.now()}` } },
    );
    const orgId: string = org.data.createOrganization.id;
    const created = await call(
      `mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) {
        ... on CreatedMachineCredential { token credential { id } } } }`,
      { input: { organizationId: orgId, agentId: randomUUID(), name: 'watcher' } },
      orgId,
    );
    const { token, credential } = created.data.createAgentToken;

    const socket = open({ authorization: `Bearer ${token}` });
    const subscription = socket.subscribe(
      `subscription($channel: String!) { noteAdded(channel: $channel) { viewer } }`,
      {
        channel: randomUUID(),
      },
    );
    await eventually(activeUpstreams, (count) => count === 1);
    const revoked = await call(
      'mutation($id: ID!) { revokeMachineCredential(id: $id) { __typename } }',
      { id: credential.id },
      orgId,
    );
    expect(revoked.data.revokeMachineCredential.__typename).toBe('MachineCredential');
    expect((await socket.closed).code).toBe(4403);
    await subscription.ended();
    await eventually(activeUpstreams, (count) => count === 0);
    // Reconnecting with the revoked token is refused at connect.
    expect((await open({ authorization: `Bearer ${token}` }).closed).code).toBe(4403);
  });
});
