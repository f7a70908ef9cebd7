import type { ApolloGateway, GraphQLDataSource } from '@apollo/gateway';
import { createLogger } from '@mc/kit';
import { execute, type GraphQLSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { feedSchema } from '../test/support/subscription-fixtures/feed.ts';
import { peopleSchema } from '../test/support/subscription-fixtures/people.ts';
import { composeFixtureSupergraph } from '../test/support/subscription-fixtures/supergraph.ts';
import { type RouterContext, routerGateway } from './gateway.ts';
import { PlanExecutor } from './plan-executor.ts';
import { OperationPlanner } from './planner.ts';

const planner = new OperationPlanner(composeFixtureSupergraph());
const logger = createLogger('gateway-test', 'silent');
const context: RouterContext = { requestId: 'r1', signedIdentity: 'signed' };

function source(schema: GraphQLSchema, contextValue: object): GraphQLDataSource {
  return {
    async process({ request }) {
      const result = await execute({
        schema,
        document: parse(request.query as string),
        variableValues: request.variables,
        contextValue,
      });
      return JSON.parse(JSON.stringify(result));
    },
  };
}

/** The router's gateway over a stand-in for `ApolloGateway` whose executor only records what reached it. */
async function loaded() {
  const sources: Record<string, GraphQLDataSource> = {
    feed: source(feedSchema, {}),
    people: source(peopleSchema, { people: { entityRequests: 0, seen: new WeakSet() } }),
  };
  const reachedStock: string[] = [];
  const standIn = {
    load: async () => ({
      schema: feedSchema,
      executor: async (requestContext: { source: string }) => {
        reachedStock.push(requestContext.source);
        return { data: { stock: true } };
      },
    }),
    onSchemaLoadOrUpdate: () => () => {},
    stop: async () => {},
  } as unknown as ApolloGateway;
  const executor = new PlanExecutor({ planner, dataSource: (name) => sources[name], logger });
  const gateway = routerGateway(standIn, planner, executor);
  const { executor: run } = await gateway.load({} as never);
  const request = (text: string, variables: Record<string, unknown> = {}, operationName?: string) => {
    const document = parse(text);
    return run({
      source: text,
      document,
      operation: getOperationAST(document, operationName),
      operationName: operationName ?? null,
      request: { query: text, variables, operationName },
      context,
      metrics: {},
      logger,
    } as unknown as Parameters<typeof run>[0]);
  };
  return { request, reachedStock };
}

describe('router gateway', () => {
  it("runs client queries on the router's executor, through the subgraphs", async () => {
    const { request, reachedStock } = await loaded();
    const result = await request('query($a: ID!) { sampleNote(text: "t", authorId: $a) { text author { name } } }', {
      a: 'p7',
    });
    expect(result).toEqual({ data: { sampleNote: { text: 't', author: { name: 'Person p7' } } } });
    expect(reachedStock).toEqual([]);
  });

  it("leaves mutations, introspection and variables that fail coercion to the gateway's executor", async () => {
    const { request, reachedStock } = await loaded();
    const texts = [
      'mutation { resetPeopleStats }',
      '{ __schema { queryType { name } } }',
      '{ sampleNote(text: "t", authorId: "p1") { text } __type(name: "Note") { name } }',
      'query($a: ID!) { sampleNote(text: "t", authorId: $a) { text } }',
    ];
    for (const text of texts.slice(0, 3)) expect(await request(text)).toEqual({ data: { stock: true } });
    // A required variable left out: coercion fails, and the gateway reports it as it always did.
    expect(await request(texts[3], {})).toEqual({ data: { stock: true } });
    expect(reachedStock).toEqual(texts);
  });
});
