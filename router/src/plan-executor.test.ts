import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { createLogger } from '@mc/kit';
import { type ExecutionResult, execute, type GraphQLSchema, OperationTypeNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { feedSchema } from '../test/support/subscription-fixtures/feed.ts';
import { peopleSchema } from '../test/support/subscription-fixtures/people.ts';
import { composeFixtureSupergraph } from '../test/support/subscription-fixtures/supergraph.ts';
import type { RouterContext } from './gateway.ts';
import { PlanExecutor, type UpstreamEvent } from './plan-executor.ts';
import { OperationPlanner, type SubscriptionPlan } from './planner.ts';

const planner = new OperationPlanner(composeFixtureSupergraph());
const logger = createLogger('plan-executor-test', 'silent');

/** A fixture subgraph's schema, executed in process; records the requests it gets. */
function inProcessSource(
  schema: GraphQLSchema,
  contextValue: () => object,
): GraphQLDataSource & { requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    async process({ request }) {
      requests.push(`${request.query} ${JSON.stringify(request.variables)}`);
      const result = await execute({
        schema,
        document: parse(request.query as string),
        variableValues: request.variables,
        contextValue: contextValue(),
      });
      return JSON.parse(JSON.stringify(result));
    },
  };
}

/** The real `people` subgraph schema, executed in process; counts the requests it gets. */
const peopleSource = () =>
  inProcessSource(peopleSchema, () => ({ people: { entityRequests: 0, seen: new WeakSet() } }));
const feedSource = () => inProcessSource(feedSchema, () => ({}));

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
      const executor = new PlanExecutor({
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
    const executor = new PlanExecutor({ planner, dataSource: () => source, logger });
    for (const id of ['p1', 'p2', 'p3']) {
      const result = await executor.execute(subscription, structuredClone(note(id, [])), {}, context);
      expect(result.data).toEqual({ noteAdded: { seq: 7, author: { name: `Person ${id}` } } });
    }
    expect(source.requests).toHaveLength(3);
  });
});

describe('query executor', () => {
  const requestContext = (text: string, variables: Record<string, unknown>) =>
    ({
      request: { query: text, variables },
      source: text,
      context,
      metrics: {},
      logger,
      overallCachePolicy: undefined,
    }) as unknown as Parameters<PlanExecutor['executeQuery']>[1];
  const shape = (result: ExecutionResult) => ({
    data: JSON.parse(JSON.stringify(result.data ?? null)),
    errors: (result.errors ?? []).map((error) => ({
      message: error.message,
      path: error.path,
      code: error.extensions?.code,
      serviceName: error.extensions?.serviceName,
    })),
    extensions: result.extensions,
  });

  // name, query, variables, and a piece of the answer that shows it is not empty
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      'entities from another subgraph, batched into one _entities call, with aliases and fragments',
      `query($a: ID!, $m: [ID!]) { sampleNote(text: "t", authorId: $a, mentionIds: $m) {
         text by: author { name ...P } mentions { id name } } }
       fragment P on Person { id }`,
      { a: 'p1', m: ['p2', 'p3', 'p2'] },
      '"by":{"name":"Person p1","id":"p1"}',
    ],
    [
      'an entity that fails to resolve: its error with the path of the entity, null propagated',
      '{ sampleNote(text: "t", authorId: "broken-1", mentionIds: ["p2", "broken-2"]) { seq author { name } mentions { name } } }',
      {},
      'Person broken-2 is unavailable',
    ],
    [
      'a field of the first subgraph that fails: its error, with its path',
      '{ sampleNote(text: "explode", authorId: "p1") { text author { name } } }',
      {},
      '"path":["sampleNote","text"]',
    ],
    [
      '@include and @skip, and __typename',
      `query($with: Boolean!) { __typename sampleNote(text: "t", authorId: "p1", mentionIds: ["p2"]) {
         __typename seq author @include(if: $with) { name } mentions @skip(if: $with) { name } } }`,
      { with: true },
      '"author":{"name":"Person p1"}',
    ],
    ['only __typename: nothing to fetch', '{ __typename }', {}, '"__typename":"Query"'],
  ];

  for (const [name, text, variables, mustContain] of cases) {
    it(`answers as the gateway's executeQueryPlan does: ${name}`, async () => {
      const plan = planner.queryPlan(text, parse(text), undefined);
      expect(plan.runnable).toBe(true);
      const expectedSources = { feed: feedSource(), people: peopleSource() };
      const expected = await executeQueryPlan(
        plan.queryPlan,
        expectedSources as ServiceMap,
        requestContext(text, variables) as unknown as Parameters<typeof executeQueryPlan>[2],
        plan.operationContext,
        planner.supergraphSchema,
        planner.apiSchema,
      );
      const actualSources = { feed: feedSource(), people: peopleSource() };
      const executor = new PlanExecutor({
        planner,
        dataSource: (service) => actualSources[service as keyof typeof actualSources],
        logger,
      });
      const actual = await executor.executeQuery(plan, requestContext(text, variables));
      expect(shape(actual)).toEqual(shape(expected));
      expect(JSON.stringify(shape(actual))).toContain(mustContain);
      expect(actualSources.feed.requests).toEqual(expectedSources.feed.requests);
      expect(actualSources.people.requests).toEqual(expectedSources.people.requests);
    });
  }

  it('reuses one plan per document and runs it again with other variables', async () => {
    const text = 'query($a: ID!) { sampleNote(text: "t", authorId: $a) { author { name } } }';
    const document = parse(text);
    const plan = planner.queryPlan(text, document, undefined);
    expect(planner.queryPlan(text, document, undefined)).toBe(plan);
    const sources = { feed: feedSource(), people: peopleSource() };
    const executor = new PlanExecutor({
      planner,
      dataSource: (service) => sources[service as keyof typeof sources],
      logger,
    });
    for (const id of ['p1', 'p2']) {
      const result = await executor.executeQuery(plan, requestContext(text, { a: id }));
      expect(result).toEqual({ data: { sampleNote: { author: { name: `Person ${id}` } } } });
    }
  });
});
