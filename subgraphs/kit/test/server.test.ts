/** A subgraph served over HTTP and graphql-ws refuses anything without the router's signature. */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createBuilder } from '../src/builder.ts';
import type { RequestContext } from '../src/context.ts';
import { IDENTITY_HEADER, signIdentity } from '../src/identity.ts';
import { createRuntime, type SubgraphRuntime } from '../src/runtime.ts';
import { type ServedSubgraph, serveSubgraph } from '../src/server.ts';

const secret = 'test-secret-'.repeat(4);

function tinySchema() {
  const builder = createBuilder<RequestContext>();
  builder.queryField('whoami', (t) =>
    t.string({ authScopes: { authenticated: true }, resolve: (_r, _a, ctx) => ctx.identity.kind }),
  );
  builder.mutationField('noop', (t) => t.boolean({ resolve: () => true }));
  builder.subscriptionType({
    fields: (t) => ({
      ticks: t.int({
        authScopes: { authenticated: true },
        subscribe: async function* () {
          yield 1;
          yield 2;
        },
        resolve: (value: number) => value,
      }),
    }),
  });
  return builder.toSubGraphSchema({});
}

describe('subgraph server', () => {
  let runtime: SubgraphRuntime;
  let served: ServedSubgraph;
  beforeAll(async () => {
    runtime = await createRuntime({
      name: 'tiny',
      databaseUrl: inject('postgresUrl'),
      dataDir: '.data/test',
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
    });
    served = await serveSubgraph({ name: 'tiny', schema: tinySchema(), createContext: (base) => base }, runtime, {
      port: 0,
      host: '127.0.0.1',
      secret,
    });
  });
  afterAll(async () => {
    await served.close();
    await runtime.database.close();
  });

  const post = (headers: Record<string, string>, body = JSON.stringify({ query: '{ whoami }' })) =>
    fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('executes with a valid signed identity', async () => {
    const token = await signIdentity(secret, { kind: 'system', service: 'test' });
    const response = await post({ [IDENTITY_HEADER]: token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { whoami: 'system' } });
  });

  it('answers 401 UNAUTHENTICATED without, with a forged or with an expired identity', async () => {
    const forged = await signIdentity(`${secret}!`, { kind: 'system', service: 'test' });
    const expired = await signIdentity(secret, { kind: 'system', service: 'test' }, { ttlSeconds: -5 });
    const cases: Record<string, string>[] = [
      {},
      { [IDENTITY_HEADER]: forged },
      { [IDENTITY_HEADER]: expired },
      { [IDENTITY_HEADER]: 'x.y.z' },
    ];
    for (const headers of cases) {
      const response = await post(headers);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
  });

  it('maps scope failures to UNAUTHENTICATED for anonymous callers', async () => {
    const token = await signIdentity(secret, { kind: 'anonymous' });
    const body = await (await post({ [IDENTITY_HEADER]: token })).json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses oversized bodies with 413 and malformed JSON with 400', async () => {
    const token = await signIdentity(secret, { kind: 'system', service: 'test' });
    const big = await post(
      { [IDENTITY_HEADER]: token },
      JSON.stringify({ query: `{ whoami } #${'x'.repeat(1_100_000)}` }),
    );
    expect(big.status).toBe(413);
    const bad = await post({ [IDENTITY_HEADER]: token }, '{"query": ');
    expect(bad.status).toBe(400);
  });

  it('serves health, readiness and metrics', async () => {
    const base = served.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready' });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('mc_http_request_duration_seconds');
  });

  it('serves subscriptions over graphql-ws only with a signed identity', async () => {
    const run = async (params: Record<string, unknown>) => {
      const client = createClient({
        url: served.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: params,
        retryAttempts: 0,
      });
      try {
        const values: unknown[] = [];
        for await (const result of client.iterate({ query: 'subscription { ticks }' })) values.push(result.data?.ticks);
        return values;
      } finally {
        await client.dispose();
      }
    };
    const token = await signIdentity(secret, { kind: 'system', service: 'test' });
    expect(await run({ [IDENTITY_HEADER]: token })).toEqual([1, 2]);
    await expect(run({})).rejects.toBeDefined();
  });
});
