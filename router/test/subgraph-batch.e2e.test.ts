/**
 * Through the router with real processes: reads that are ready for a subgraph at the same time go to
 * it as one batch (`/graphql/batch`), and each keeps its own identity: concurrent clients acting in
 * two organizations each get exactly what they get alone. A query's entity fetch that asks only for
 * what the query already read from that subgraph is answered without asking it again.
 */
import { describe, expect, it } from 'vitest';
import { useSharedAdminStack } from './support/shared-stack.ts';

const QUERY = `query($id: ID!, $first: Int!) {
  organization(id: $id) { name boards(first: $first) { nodes { name organization { name } } } }
}`;

/** A counter or histogram series of the router's `/metrics` for one subgraph. */
async function routerMetric(routerUrl: string, prefix: string, subgraph: string): Promise<number> {
  const text = await (await fetch(routerUrl.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((entry) => entry.startsWith(prefix) && entry.includes(`subgraph="${subgraph}"`));
  return Number(line?.split(' ').at(-1) ?? 0);
}

/** How many batch requests the subgraph behind `url` has answered 200, from its own metrics. */
async function batchesAnswered(url: string): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  const line = text
    .split('\n')
    .find(
      (entry) =>
        entry.startsWith('mc_http_request_duration_seconds_count{') &&
        entry.includes('route="/graphql/batch"') &&
        entry.includes('status="200"'),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('subgraph batches through the router', () => {
  const admin = useSharedAdminStack();

  it('batches concurrent reads and answers each client as if alone, per organization', async () => {
    const orgs = [await admin.organization('Batch A'), await admin.organization('Batch B')];
    for (const [index, orgId] of orgs.entries()) {
      for (let board = 0; board < 3; board += 1) {
        const created = await admin.call(
          `mutation($input: CreateBoardInput!) { createBoard(input: $input) { __typename } }`,
          { input: { name: `Org ${index} board ${board}`, description: 'batch' } },
          orgId,
        );
        expect(created.data?.createBoard?.__typename, JSON.stringify(created)).toBe('Board');
      }
    }
    const work = admin.stack.subgraphUrls.work;
    const before = await batchesAnswered(work);

    // Each request on its own first, then all at once: distinct `first` values, two organizations.
    const requests = Array.from({ length: 24 }, (_, index) => ({ orgId: orgs[index % 2], first: 3 + index }));
    const alone = [];
    for (const request of requests)
      alone.push(await admin.call(QUERY, { id: request.orgId, first: request.first }, request.orgId));
    const together = await Promise.all(
      requests.map((request) => admin.call(QUERY, { id: request.orgId, first: request.first }, request.orgId)),
    );

    expect(together).toEqual(alone);
    for (const [index, answer] of together.entries()) {
      const org = index % 2;
      expect(answer.errors).toBeUndefined();
      expect(answer.data.organization.boards.nodes.map((node: { name: string }) => node.name)).toEqual(
        [0, 1, 2].map((board) => `Org ${org} board ${board}`),
      );
      for (const node of answer.data.organization.boards.nodes) {
        expect(node.organization.name).toBe(`Batch ${org === 0 ? 'A' : 'B'}`);
      }
    }
    expect(await batchesAnswered(work)).toBeGreaterThan(before);
    // The router's own account: some of its requests to work carried more than one read.
    const reads = (prefix: string) => routerMetric(admin.stack.routerUrl, prefix, 'work');
    expect(await reads('mc_router_subgraph_batch_reads_sum')).toBeGreaterThan(
      await reads('mc_router_subgraph_batch_reads_count'),
    );
  });

  it('answers a query’s second read of an organization from its first, and only what the first really read', async () => {
    const orgId = await admin.organization('Read once');
    const created = await admin.call(
      `mutation($input: CreateBoardInput!) { createBoard(input: $input) { __typename } }`,
      { input: { name: 'Only board', description: 'entities' } },
      orgId,
    );
    expect(created.data?.createBoard?.__typename, JSON.stringify(created)).toBe('Board');
    const slug = (await admin.call('query($id: ID!) { organization(id: $id) { slug } }', { id: orgId }, orgId)).data
      ?.organization.slug;
    const local = () =>
      routerMetric(admin.stack.routerUrl, 'mc_router_entity_fetches_answered_locally_total', 'identity');

    // The boards' organization name: identity was already asked for it by this query.
    const before = await local();
    const answer = await admin.call(QUERY, { id: orgId, first: 5 }, orgId);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.organization).toEqual({
      name: 'Read once',
      boards: { nodes: [{ name: 'Only board', organization: { name: 'Read once' } }] },
    });
    expect(await local()).toBe(before + 1);

    // The first read took the slug under the name `name`: the second must still ask identity for the name.
    const aliased = await admin.call(
      `query($id: ID!) { organization(id: $id) { name: slug boards(first: 5) { nodes { organization { name } } } } }`,
      { id: orgId },
      orgId,
    );
    expect(aliased.errors).toBeUndefined();
    expect(aliased.data.organization).toEqual({
      name: slug,
      boards: { nodes: [{ organization: { name: 'Read once' } }] },
    });
    // A field the first read did not take is asked for.
    const more = await admin.call(
      `query($id: ID!) { organization(id: $id) { name boards(first: 5) { nodes { organization { name slug } } } } }`,
      { id: orgId },
      orgId,
    );
    expect(more.data?.organization.boards.nodes).toEqual([{ organization: { name: 'Read once', slug } }]);
    expect(await local()).toBe(before + 1);
  });
});
