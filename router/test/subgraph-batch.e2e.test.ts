/**
 * Through the router with real processes: reads that are ready for a subgraph at the same time go to
 * it as one batch (`/graphql/batch`), and each keeps its own identity: concurrent clients acting in
 * two organizations each get exactly what they get alone.
 */
import { describe, expect, it } from 'vitest';
import { useSharedAdminStack } from './support/shared-stack.ts';

const QUERY = `query($id: ID!, $first: Int!) {
  organization(id: $id) { name boards(first: $first) { nodes { name organization { name } } } }
}`;

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
    const metrics = await (await fetch(admin.stack.routerUrl.replace(/\/graphql$/, '/metrics'))).text();
    const value = (prefix: string) =>
      Number(
        metrics
          .split('\n')
          .find((line) => line.startsWith(prefix) && line.includes('subgraph="work"'))
          ?.split(' ')
          .at(-1) ?? Number.NaN,
      );
    expect(value('mc_router_subgraph_batch_reads_sum')).toBeGreaterThan(value('mc_router_subgraph_batch_reads_count'));
  });
});
