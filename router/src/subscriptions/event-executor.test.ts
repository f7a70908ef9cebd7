import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { createLogger } from '@mc/kit';
import { type ExecutionResult, execute, OperationTypeNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { peopleSchema } from '../../test/support/subscription-fixtures/people.ts';
import { composeFixtureSupergraph } from '../../test/support/subscription-fixtures/supergraph.ts';
import type { RouterContext } from '../gateway.ts';
import { EventExecutor, type UpstreamEvent } from './event-executor.ts';
import { type SubscriptionPlan, SubscriptionPlanner } from './planner.ts';

const planner = new SubscriptionPlanner(composeFixtureSupergraph());
const logger = createLogger('event-executor-test', 'silent');

/** The real `people` subgraph schema, executed in process; counts the requests it gets. */
function peopleSource(): GraphQLDataSource & { requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    async process({ request }) {
      requests.push(JSON.stringify(request.variables));
      const result = await execute({
        schema: peopleSchema,
        document: parse(request.query as string),
        variableValues: request.variables,
        contextValue: { people: { entityRequests: 0, seen: new WeakSet() } },
      });
      return JSON.parse(JSON.stringify(result));
    },
  };
}

const context: RouterContext = { requestId: 'r1', signedIdentity: 'signed' };
const plan = (text: string) => planner.plan(text, parse(text), undefined);

/** What the router did before: Apollo's `executeQueryPlan`, the event entering as a first, synthetic fetch. */
async function reference(
  subscription: SubscriptionPlan,
  event: UpstreamEvent,
  variables: Record<string, unknown>,
  people: GraphQLDataSource,
): Promise<ExecutionResult> {
  const eventFetch: FetchNode = {
    kind: 'Fetch',
    serviceName: 'event',
    operation: '{__typename}',
    operationName: undefined,
    operationKind: OperationTypeNode.QUERY,
    variableUsages: [],
  };
  const queryPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: subscription.rest ? { kind: 'Sequence', nodes: [eventFetch, subscription.rest] } : eventFetch,
  };
  const data = structuredClone(event.data);
  const services: ServiceMap = { event: { process: async () => ({ data }) }, people };
  return executeQueryPlan(
    queryPlan,
    services,
    {
      request: { query: '', variables },
      context,
      metrics: {},
      logger,
    } as unknown as Parameters<typeof executeQueryPlan>[2],
    subscription.operationContext,
    planner.supergraphSchema,
    planner.apiSchema,
  );
}

const note = (authorId: string, mentionIds: string[]) => ({
  data: {
    noteAdded: {
      text: 'hello',
      seq: 7,
      author: { __typename: 'Person', id: authorId },
      mentions: mentionIds.map((id) => ({ __typename: 'Person', id })),
    },
  },
});

describe('subscription event executor', () => {
  const cases: [string, string, UpstreamEvent, Record<string, unknown>][] = [
    [
      'entities from another subgraph, batched into one _entities call per fetch, aliases and fragments',
      `subscription($c: String!) { noteAdded(channel: $c) { text by: author { name ...P } mentions { id name } } }
       fragment P on Person { id }`,
      note('p1', ['p2', 'p3', 'p2']),
      { c: 'x' },
    ],
    [
      'an entity that fails to resolve: its error, with the path of the entity, and the rest of the result',
      'subscription { noteAdded(channel: "c") { seq author { name } mentions { name } } }',
      note('broken-1', ['p2', 'broken-2']),
      {},
    ],
    [
      'no fetch when the selection stays on the owning subgraph',
      'subscription { noteAdded(channel: "c") { seq author { id } } }',
      note('p9', []),
      {},
    ],
    [
      '@include and @skip on fields of other subgraphs',
      `subscription($with: Boolean!) {
         noteAdded(channel: "c") { seq author @include(if: $with) { name } mentions @skip(if: $with) { name } }
       }`,
      note('p1', ['p2']),
      { with: true },
    ],
  ];

  for (const [name, text, event, variables] of cases) {
    it(`completes as the gateway's executor does: ${name}`, async () => {
      const subscription = plan(text);
      const expectedSource = peopleSource();
      const expected = await reference(subscription, event, variables, expectedSource);
      const actualSource = peopleSource();
      const executor = new EventExecutor({
        planner,
        dataSource: (service) => (service === 'people' ? actualSource : undefined),
        logger,
      });
      const actual = await executor.execute(subscription, structuredClone(event), variables, context);
      expect(JSON.parse(JSON.stringify(actual.data))).toEqual(JSON.parse(JSON.stringify(expected.data)));
      const shape = (result: ExecutionResult) =>
        (result.errors ?? []).map((error) => ({
          message: error.message,
          path: error.path,
          code: error.extensions?.code,
        }));
      expect(shape(actual)).toEqual(shape(expected));
      // The same subgraph requests (one per fetch, entities batched).
      expect(actualSource.requests).toEqual(expectedSource.requests);
    });
  }

  it('completes successive events of one plan each from its own data', async () => {
    const subscription = plan('subscription { noteAdded(channel: "once") { seq author { name } } }');
    const source = peopleSource();
    const executor = new EventExecutor({ planner, dataSource: () => source, logger });
    for (const id of ['p1', 'p2', 'p3']) {
      const result = await executor.execute(subscription, structuredClone(note(id, [])), {}, context);
      expect(result.data).toEqual({ noteAdded: { seq: 7, author: { name: `Person ${id}` } } });
    }
    expect(source.requests).toHaveLength(3);
  });
});
