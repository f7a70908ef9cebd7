/**
 * Subscriptions on a served subgraph over graphql-ws: a stream-log subscription replays and goes
 * live, every event executes with a fresh request context, and errors carry the same codes (and
 * the same masking) as over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createBuilder } from '../src/builder.ts';
import type { RequestContext } from '../src/context.ts';
import { DomainError } from '../src/errors.ts';
import { IDENTITY_HEADER, signIdentity } from '../src/identity.ts';
import { ensureEventTables } from '../src/outbox.ts';
import { createRuntime, type SubgraphRuntime, stopRuntime } from '../src/runtime.ts';
import { type ServedSubgraph, serveSubgraph } from '../src/server.ts';
import type { StreamItem } from '../src/stream-log.ts';

const secret = 'test-secret-'.repeat(4);

interface Context extends RequestContext {
  contextId: number;
  streams: SubgraphRuntime['streams'];
}

function streamSchema() {
  const builder = createBuilder<Context>({ subscriptions: true });
  builder.queryField('ok', (t) => t.boolean({ resolve: () => true }));
  builder.mutationField('noop', (t) => t.boolean({ resolve: () => true }));
  const Entry = builder.objectRef<{ seq: number; n: number; contextId: number }>('Entry').implement({
    fields: (t) => ({ seq: t.exposeInt('seq'), n: t.exposeInt('n'), contextId: t.exposeInt('contextId') }),
  });
  builder.subscriptionFields((t) => ({
    entries: t.field({
      type: Entry,
      args: { stream: t.arg.string(), after: t.arg.int({ required: false }) },
      subscribe: (_root, args, context) =>
        context.streams.subscribe<{ n: number }>(args.stream, { after: args.after, bufferSize: 2 }),
      resolve: (item: StreamItem<{ n: number }>, _args, context) => {
        if (item.kind === 'resync') throw new DomainError('RESYNC_REQUIRED', 'resync');
        return { seq: item.seq, n: item.data.n, contextId: context.contextId };
      },
    }),
    broken: t.int({
      subscribe: async function* () {
        yield 1;
      },
      resolve: () => {
        throw new Error('secret detail');
      },
    }),
  }));
  return builder.toSubGraphSchema({});
}

describe('subscriptions over graphql-ws', () => {
  let runtime: SubgraphRuntime;
  let served: ServedSubgraph;
  let contexts = 0;
  const schema = `subs_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    runtime = await createRuntime({
      name: schema,
      databaseUrl: inject('postgresUrl'),
      dataDir: '.data/test',
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
      envSource: { STREAM_POLL_MS: '100' },
    });
    await ensureEventTables(runtime.database, schema);
    runtime.streams.start();
    served = await serveSubgraph(
      {
        name: 'subs',
        schema: streamSchema(),
        createContext: (base) => ({ ...base, contextId: ++contexts, streams: runtime.streams }),
      },
      runtime,
      { port: 0, host: '127.0.0.1', secret },
    );
  });
  afterAll(async () => {
    await served?.close();
    await stopRuntime(runtime);
  });

  const client = async () =>
    createClient({
      url: served.wsUrl,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { [IDENTITY_HEADER]: await signIdentity(secret, { kind: 'system', service: 'test' }) },
    });
  const append = async (stream: string, n: number) => {
    await runtime.database.db.transaction((tx) => runtime.streams.append(tx, stream, { n }));
    await runtime.streams.publish();
  };

  it('replays then goes live, each event with a fresh context', async () => {
    const stream = `things:${randomUUID()}`;
    await append(stream, 1);
    await append(stream, 2);
    const ws = await client();
    const results = ws.iterate<{ entries: { seq: number; n: number; contextId: number } }>({
      query: 'subscription($stream: String!) { entries(stream: $stream, after: 0) { seq n contextId } }',
      variables: { stream },
    });
    const first = await results.next();
    const second = await results.next();
    await append(stream, 3);
    const third = await results.next();
    const entries = [first, second, third].map((result) => result.value?.data?.entries);
    expect(entries.map((entry) => [entry?.seq, entry?.n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(new Set(entries.map((entry) => entry?.contextId)).size).toBe(3);
    await results.return?.();
    await ws.dispose();
  });

  it('sends coded errors (BAD_USER_INPUT, RESYNC_REQUIRED) and masks unexpected ones', async () => {
    const stream = `things:${randomUUID()}`;
    const ws = await client();
    const collect = async (query: string) => {
      const out: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }[] = [];
      for await (const result of ws.iterate({ query, variables: { stream } })) out.push(result);
      return out;
    };
    const beyond = await collect('subscription($stream: String!) { entries(stream: $stream, after: 5) { seq } }');
    expect(beyond.map((result) => result.errors?.[0]?.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    await append(stream, 1);
    await append(stream, 2);
    await runtime.streams.prune(new Date(Date.now() + runtime.streams.settings.retentionMs + 60_000));
    const expired = await collect('subscription($stream: String!) { entries(stream: $stream, after: 0) { seq } }');
    expect(expired.map((result) => result.errors?.[0]?.extensions?.code)).toEqual(['RESYNC_REQUIRED']);
    const broken = await collect('subscription { broken }');
    expect(broken[0].errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(broken)).not.toContain('secret detail');
    await ws.dispose();
  });
});
