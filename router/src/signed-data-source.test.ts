import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDENTITY_HEADER, REQUEST_ID_HEADER } from '@mc/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notePlan } from './request-entities.ts';
import { SignedDataSource } from './signed-data-source.ts';

const ENTITIES =
  'query E($representations:[_Any!]!){_entities(representations:$representations){...on Organization{name}}}';

describe('SignedDataSource', () => {
  let server: Server;
  let url: string;
  const seen: { headers: IncomingHttpHeaders; body: { query: string; variables: Record<string, unknown> } }[] = [];
  let reply: (body: { variables: Record<string, unknown> }) => {
    status: number;
    headers: Record<string, string>;
    body: string;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        const body = JSON.parse(text);
        seen.push({ headers: req.headers, body });
        const answer = reply(body);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const restricted: unknown[] = [];
  const run = (variables: Record<string, unknown>, query = ENTITIES) =>
    new SignedDataSource(url).process({
      kind: 'incoming operation' as never,
      request: { query, variables, operationName: 'E' },
      incomingRequestContext: { overallCachePolicy: { restrict: (hint: unknown) => restricted.push(hint) } } as never,
      context: { signedIdentity: 'signed.identity.token', requestId: 'req-1' },
    });
  const json = { 'content-type': 'application/json' };

  it('forwards identity and request id, sends repeated representations once and expands the answer', async () => {
    seen.length = 0;
    reply = ({ variables }) => ({
      status: 200,
      headers: { ...json, 'cache-control': 'max-age=30, private' },
      body: JSON.stringify({
        data: { _entities: (variables.representations as { id: string }[]).map((r) => ({ name: `org ${r.id}` })) },
      }),
    });
    const org = (id: string) => ({ __typename: 'Organization', id });
    const answer = await run({ representations: [org('a'), org('b'), org('a')] });
    expect(seen).toHaveLength(1);
    expect(seen[0].headers[IDENTITY_HEADER]).toBe('signed.identity.token');
    expect(seen[0].headers[REQUEST_ID_HEADER]).toBe('req-1');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[0].body).toEqual({
      query: ENTITIES,
      variables: { representations: [org('a'), org('b')] },
      operationName: 'E',
    });
    expect(answer.data).toEqual({ _entities: [{ name: 'org a' }, { name: 'org b' }, { name: 'org a' }] });
    expect(restricted.at(-1)).toEqual({ maxAge: 30, scope: 'PRIVATE' });
  });

  it('restricts the cache policy to no caching when the subgraph sends no cache-control', async () => {
    reply = () => ({ status: 200, headers: json, body: '{"data":{"ok":true}}' });
    await run({}, '{ ok }');
    expect(restricted.at(-1)).toEqual({ maxAge: 0 });
  });

  it('turns a failing HTTP status into the gateway’s error with the status and body', async () => {
    reply = () => ({ status: 503, headers: json, body: '{"errors":[{"message":"overloaded"}]}' });
    await expect(run({}, '{ ok }')).rejects.toMatchObject({
      message: '503: Service Unavailable',
      extensions: { response: { status: 503, body: { errors: [{ message: 'overloaded' }] } } },
    });
  });

  it('refuses an answer that is not a JSON object', async () => {
    reply = () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' });
    await expect(run({}, '{ ok }')).rejects.toThrow('Expected JSON response body, but received: hello');
  });

  it('answers a query’s entity fetch from what it already read, but never a mutation’s or a subscription event’s', async () => {
    reply = ({ variables }) => ({
      status: 200,
      headers: json,
      body: JSON.stringify(
        variables.id
          ? { data: { organization: { __typename: 'Organization', id: variables.id, name: 'read first' } } }
          : { data: { _entities: [{ name: 'read again' }] } },
      ),
    });
    const ROOT = 'query R($id:ID!){organization(id:$id){__typename id name}}';
    const fetchesOf = async (operation: string | undefined) => {
      const source = new SignedDataSource(url, { name: 'identity' });
      const incoming = { overallCachePolicy: { restrict() {} }, ...(operation ? { operation: { operation } } : {}) };
      // The plan asks identity again for entities, as the gateway tells before running it.
      notePlan(incoming, {
        kind: 'QueryPlan',
        node: {
          kind: 'Sequence',
          nodes: [
            { kind: 'Fetch', serviceName: 'identity' },
            { kind: 'Fetch', serviceName: 'identity', requires: [] },
          ],
        },
      });
      const send = (query: string, variables: Record<string, unknown>) =>
        source.process({
          kind: 'incoming operation' as never,
          request: { query, variables },
          incomingRequestContext: incoming as never,
          context: { signedIdentity: 'signed.identity.token', requestId: 'req-2' },
        });
      seen.length = 0;
      await send(ROOT, { id: 'o1' });
      const answer = await send(ENTITIES, { representations: [{ __typename: 'Organization', id: 'o1' }] });
      return { requests: seen.length, entities: answer.data?._entities };
    };
    expect(await fetchesOf('query')).toEqual({ requests: 1, entities: [{ name: 'read first' }] });
    expect(await fetchesOf('mutation')).toEqual({ requests: 2, entities: [{ name: 'read again' }] });
    expect(await fetchesOf(undefined)).toEqual({ requests: 2, entities: [{ name: 'read again' }] });
  });
});
