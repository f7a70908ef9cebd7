/**
 * The README's first command: the embedded process (router + subgraphs on PGlite) serves the API,
 * the IDE, health and metrics, federates across subgraphs and keeps its data across restarts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bearer, type EmbeddedStack, gql, startEmbedded } from './support/processes.ts';

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { __typename ... on Organization { id name slug } ... on DomainError { code message } }
}`;
const CREATE_BOARD = `mutation($input: CreateBoardInput!) {
  createBoard(input: $input) { __typename ... on Board { id name } ... on DomainError { code message field } }
}`;
const ORG_WITH_BOARDS = `query($id: ID!) {
  organization(id: $id) { name boards(first: 10) { nodes { name organization { id name slug } } } }
}`;

describe('embedded mode (ops/mc start)', () => {
  let stack: EmbeddedStack;
  let orgId: string;
  beforeAll(async () => {
    stack = await startEmbedded();
  }, 180_000);
  afterAll(() => stack?.stop());

  it('generates a local admin token, stores it in the data folder and prints it', () => {
    expect(stack.token).toMatch(/^mc_local_[\w-]{50,}$/);
    expect(readFileSync(join(stack.dataDir, 'local-auth-token'), 'utf8').trim()).toBe(stack.token);
    expect(stack.proc.output()).toContain(`http://localhost:`);
  });

  it('serves a self-hosted GraphQL IDE with no CDN', async () => {
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/graphql/ide/graphiql.js');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const script = await fetch(new URL('/graphql/ide/graphiql.js', stack.url));
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it('answers health, readiness and metrics', async () => {
    const base = stack.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('mc_http_request_duration_seconds');
  });

  it('refuses anonymous and wrong-token callers with UNAUTHENTICATED', async () => {
    const anonymous = await gql(stack.url, '{ organizations { id } }');
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const wrong = await gql(stack.url, '{ organizations { id } }', {}, bearer(`${stack.token}x`));
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('federates one query across identity and work', async () => {
    const created = await gql(
      stack.url,
      CREATE_ORG,
      { input: { name: 'Embedded Org', slug: 'embedded-org' } },
      bearer(stack.token),
    );
    expect(created.body.data.createOrganization.__typename).toBe('Organization');
    orgId = created.body.data.createOrganization.id;
    const board = await gql(
      stack.url,
      CREATE_BOARD,
      { input: { name: 'Launch', description: 'Ship it' } },
      bearer(stack.token, orgId),
    );
    expect(board.body.data.createBoard).toMatchObject({ __typename: 'Board', name: 'Launch' });
    const result = await gql(stack.url, ORG_WITH_BOARDS, { id: orgId }, bearer(stack.token, orgId));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.organization).toEqual({
      name: 'Embedded Org',
      boards: { nodes: [{ name: 'Launch', organization: { id: orgId, name: 'Embedded Org', slug: 'embedded-org' } }] },
    });
  });

  it('serves queries over graphql-ws on the same path, authenticated by connectionParams', async () => {
    const socket = (connectionParams: Record<string, string>) =>
      createClient({
        url: stack.url.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
      });
    const once = async (client: ReturnType<typeof socket>, query: string) => {
      try {
        const results = [];
        for await (const result of client.iterate({ query })) results.push(result);
        return results;
      } finally {
        await client.dispose();
      }
    };
    const signedIn = await once(socket({ authorization: `Bearer ${stack.token}` }), '{ whoami { kind } }');
    expect(signedIn).toEqual([{ data: { whoami: { kind: 'USER' } } }]);
    const anonymous = await once(socket({}), '{ whoami { kind } }');
    expect(anonymous).toEqual([{ data: { whoami: { kind: 'ANONYMOUS' } } }]);
    const closed = await once(socket({ authorization: 'Bearer wrong' }), '{ whoami { kind } }').catch((e) => e);
    expect(closed.code).toBe(4403);
    const limited = await once(socket({}), '{ whoami { kind ').catch((e) => e);
    expect(limited[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('keeps data and the token across a restart', async () => {
    const { dataDir, token } = stack;
    await stack.stop();
    stack = await startEmbedded(dataDir);
    expect(stack.token).toBe(token);
    const result = await gql(stack.url, ORG_WITH_BOARDS, { id: orgId }, bearer(stack.token, orgId));
    expect(result.body.data?.organization?.boards.nodes.map((b: { name: string }) => b.name)).toEqual(['Launch']);
  }, 180_000);
});
