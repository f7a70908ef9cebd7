/**
 * `POST /graphql/batch`: each operation of a router batch runs as if it had come alone, under its
 * own verified identity and in its own context, and is answered (a line of NDJSON) as soon as it is
 * done; bad batches are refused with typed errors.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { executeBatch, MAX_BATCH_OPERATIONS } from '../src/batch.ts';
import { createBuilder } from '../src/builder.ts';
import type { RequestContext } from '../src/context.ts';
import { signIdentity } from '../src/identity.ts';
import { createLogger } from '../src/logger.ts';
import { createRuntime, type SubgraphRuntime } from '../src/runtime.ts';
import { type ServedSubgraph, serveSubgraph } from '../src/server.ts';

const secret = 'batch-secret-'.repeat(4);
let slowGate = Promise.withResolvers<boolean>();

interface Answer {
  status: number;
  body: any;
}

/** A streamed batch answer (one `{ index, status, body }` per line), back in the order sent. */
async function answersOf(response: Response): Promise<Answer[]> {
  expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  const lines = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  const answers: Answer[] = [];
  for (const { index, status, body } of lines) {
    expect(answers[index], `index ${index} answered twice`).toBeUndefined();
    answers[index] = { status, body };
  }
  return answers;
}

function schema() {
  const builder = createBuilder<RequestContext>();
  const contexts = new WeakSet<object>();
  builder.queryField('caller', (t) =>
    t.string({
      authScopes: { authenticated: true },
      resolve: (_r, _a, ctx) => (ctx.identity.kind === 'system' ? ctx.identity.service : ctx.identity.kind),
    }),
  );
  builder.mutationField('noop', (t) => t.boolean({ resolve: () => true }));
  // Answers once the test lets it: a slow operation in a batch.
  builder.queryField('slow', (t) => t.boolean({ resolve: () => slowGate.promise }));
  builder.queryField('requestId', (t) => t.string({ resolve: (_r, _a, ctx) => ctx.requestId }));
  // True the first time a context is seen: a context shared by two operations answers false once.
  builder.queryField('freshContext', (t) =>
    t.boolean({
      resolve: (_r, _a, ctx) => {
        const seen = contexts.has(ctx);
        contexts.add(ctx);
        return !seen;
      },
    }),
  );
  return builder.toSubGraphSchema({});
}

describe('batched operations (POST /graphql/batch)', () => {
  let runtime: SubgraphRuntime;
  let served: ServedSubgraph;
  let batchUrl: string;
  const system = (service: string) => signIdentity(secret, { kind: 'system', service });

  beforeAll(async () => {
    runtime = await createRuntime({
      name: 'batch',
      databaseUrl: inject('postgresUrl'),
      dataDir: '.data/test',
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
    });
    served = await serveSubgraph({ name: 'batch', schema: schema(), createContext: (base) => base }, runtime, {
      port: 0,
      host: '127.0.0.1',
      secret,
      bodyLimitBytes: 64 * 1024,
    });
    batchUrl = `${served.url}/batch`;
  });
  afterAll(async () => {
    await served?.close();
    await runtime?.database.close();
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(batchUrl, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('runs each operation under its own identity and context, each answer tagged with its index', async () => {
    const operations = [
      { identity: await system('alpha'), requestId: 'r-1', request: { query: '{ caller requestId freshContext }' } },
      { identity: await system('beta'), requestId: 'r-2', request: { query: '{ caller requestId freshContext }' } },
      {
        identity: await system('gamma'),
        requestId: 'r-3',
        request: {
          query: 'query Q($x: Boolean!) { caller @include(if: $x) }',
          variables: { x: true },
          operationName: 'Q',
        },
      },
    ];
    const response = await post(JSON.stringify(operations));
    expect(response.status).toBe(200);
    expect(await answersOf(response)).toEqual([
      { status: 200, body: { data: { caller: 'alpha', requestId: 'r-1', freshContext: true } } },
      { status: 200, body: { data: { caller: 'beta', requestId: 'r-2', freshContext: true } } },
      { status: 200, body: { data: { caller: 'gamma' } } },
    ]);
  });

  it('answers an operation without a valid identity 401 and still runs the others', async () => {
    const forged = await signIdentity(`${secret}!`, { kind: 'system', service: 'mallory' });
    const expired = await signIdentity(secret, { kind: 'system', service: 'late' }, { ttlSeconds: -5 });
    const operations = [
      { identity: forged, request: { query: '{ caller }' } },
      { identity: await system('alpha'), request: { query: '{ caller }' } },
      { identity: expired, request: { query: '{ caller }' } },
      { request: { query: '{ caller }' } },
    ];
    const answers = await answersOf(await post(JSON.stringify(operations)));
    expect(answers.map((answer) => answer.status)).toEqual([401, 200, 401, 401]);
    expect(answers[1].body).toEqual({ data: { caller: 'alpha' } });
    for (const index of [0, 2, 3]) {
      expect(answers[index].body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answers[index].body.data).toBeUndefined();
    }
  });

  it("keeps each operation's own GraphQL errors and statuses", async () => {
    const identity = await system('alpha');
    const answers = await answersOf(
      await post(
        JSON.stringify([
          { identity, request: { query: '{ caller ' } },
          { identity, request: { query: '{ nope }' } },
          { identity, request: { nothing: true } },
          { identity },
          { identity, request: { query: '{ caller }' } },
        ]),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 200]);
    expect(answers[0].body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(answers[1].body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answers[2].body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(answers[3].body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(answers[4].body).toEqual({ data: { caller: 'alpha' } });
    expect(JSON.stringify(answers)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers each operation as soon as it is done: a slow one holds back none of the others', async () => {
    slowGate = Promise.withResolvers<boolean>();
    const identity = await system('alpha');
    const response = await post(
      JSON.stringify([
        { identity, request: { query: '{ slow }' } },
        { identity, request: { query: '{ caller }' } },
      ]),
    );
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    // The quick operation's line arrives while the slow one still runs.
    let received = '';
    while (!received.includes('\n')) received += decoder.decode((await reader.read()).value, { stream: true });
    expect(JSON.parse(received.trimEnd())).toEqual({ index: 1, status: 200, body: { data: { caller: 'alpha' } } });
    slowGate.resolve(true);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      received += decoder.decode(chunk.value, { stream: true });
    }
    expect(
      received
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { index: 1, status: 200, body: { data: { caller: 'alpha' } } },
      { index: 0, status: 200, body: { data: { slow: true } } },
    ]);
  });

  it('answers an operation that fails unexpectedly with its own 500, no stack, and still answers the others', async () => {
    const identity = await system('alpha');
    // Apollo Server itself throwing for one operation (it normally answers every failure as a response).
    const apollo = {
      executeHTTPGraphQLRequest: async ({
        httpGraphQLRequest,
      }: {
        httpGraphQLRequest: { body: { query: string } };
      }) => {
        if (httpGraphQLRequest.body.query === 'boom') throw new Error('exploded at secret.ts:12');
        return {
          status: 200,
          headers: new Map([['content-type', 'application/json']]),
          body: { kind: 'complete', string: '{"data":{"ok":true}}\n' },
        };
      },
    };
    const answer = executeBatch({
      apollo: apollo as never,
      body: JSON.stringify([
        { identity, request: { query: 'boom' } },
        { identity, request: { query: 'fine' } },
      ]),
      secret,
      logger: createLogger('test', 'silent'),
      context: () => ({}),
    });
    if ('body' in answer) throw new Error(`refused: ${JSON.stringify(answer.body)}`);
    let written = '';
    await answer.stream((chunk) => {
      written += chunk;
    });
    const lines = written
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.sort((a, b) => a.index - b.index)).toEqual([
      {
        index: 0,
        status: 500,
        body: { errors: [expect.objectContaining({ extensions: { code: 'INTERNAL_SERVER_ERROR' } })] },
      },
      { index: 1, status: 200, body: { data: { ok: true } } },
    ]);
    expect(written).not.toMatch(/secret\.ts|exploded/);
  });

  it('refuses a malformed, empty, too long, oversized or non-JSON batch whole, with a typed error', async () => {
    const identity = await system('alpha');
    const one = { identity, request: { query: '{ caller }' } };
    const cases: [string, string, number, string][] = [
      ['[{"identity": ', 'application/json', 400, 'BAD_REQUEST'],
      ['{"identity":"x"}', 'application/json', 400, 'BAD_REQUEST'],
      ['[]', 'application/json', 400, 'BAD_REQUEST'],
      [
        JSON.stringify(Array.from({ length: MAX_BATCH_OPERATIONS + 1 }, () => one)),
        'application/json',
        400,
        'BAD_REQUEST',
      ],
      [JSON.stringify([{ ...one, pad: 'x'.repeat(70_000) }]), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
      [JSON.stringify([one]), 'text/plain', 415, 'BAD_REQUEST'],
    ];
    for (const [body, contentType, status, code] of cases) {
      const response = await post(body, contentType);
      expect(response.status, body.slice(0, 40)).toBe(status);
      expect((await response.json()).errors[0].extensions.code).toBe(code);
    }
  });

  it('answers a GET of the batch path 404: batches are posted', async () => {
    expect((await fetch(batchUrl)).status).toBe(404);
  });
});
