/**
 * The federation engine: `@apollo/gateway` over the static supergraph in `schema/`, with the
 * router's own data sources (signed-data-source.ts): the signed identity and request id forwarded
 * over keep-alive HTTP, identical concurrent reads and repeated entity representations sent once,
 * the reads ready together for one subgraph sent as one batch, and an entity fetch asking only for what
 * its query already read from that subgraph answered without a round trip.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { getVariableValues } from 'graphql';
import type { PlanExecutor } from './plan-executor.ts';
import type { OperationPlanner } from './planner.ts';
import { notePlan } from './request-entities.ts';
import { SignedDataSource } from './signed-data-source.ts';

export type { RouterContext } from './signed-data-source.ts';

export interface GatewayOptions {
  supergraphPath: string;
  /** Subgraph name → URL, overriding the URLs in the supergraph file. */
  urls: Record<string, string>;
  /** The most reads for one subgraph batched into one request (`SUBGRAPH_BATCH_MAX`; 1: none). */
  batchMax?: number;
  /** Told how many reads went out in each request to a subgraph that batches (for metrics). */
  onBatch?: (subgraph: string, reads: number) => void;
  /** Told of each entity fetch answered from what its query had already read (`request-entities.ts`). */
  onLocalEntities?: (subgraph: string) => void;
}

/** The data sources each gateway built, so subscriptions fetch entities through the same ones. */
const builtDataSources = new WeakMap<ApolloGateway, Map<string, GraphQLDataSource>>();

export function createGateway(options: GatewayOptions): ApolloGateway {
  const supergraphSdl = readFileSync(options.supergraphPath, 'utf8');
  const sources = new Map<string, GraphQLDataSource>();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new SignedDataSource(options.urls[name] ?? url, {
        name,
        batchMax: options.batchMax,
        onBatch: options.onBatch && ((reads) => options.onBatch?.(name, reads)),
        onLocalEntities: options.onLocalEntities && (() => options.onLocalEntities?.(name)),
      });
      sources.set(name, source);
      return source;
    },
    // Tells the data sources which subgraphs a request's plan asks again (`request-entities.ts`).
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => notePlan(requestContext, queryPlan),
  });
  builtDataSources.set(gateway, sources);
  return gateway;
}

/** The gateway's data source for a subgraph (built when the gateway loaded the supergraph). */
export function gatewayDataSource(gateway: ApolloGateway, name: string): GraphQLDataSource | undefined {
  return builtDataSources.get(gateway)?.get(name);
}

type Loaded = Awaited<ReturnType<ApolloGateway['load']>>;
type GatewayExecutor = Loaded['executor'];

/**
 * What Apollo Server runs operations with: the gateway, except that client queries run on the router's
 * own executor (`PlanExecutor.executeQuery`): the same plan, fetches, merging, errors and result shaping,
 * from a plan and operation built once per document, where the gateway's executor hashes the query,
 * rebuilds the operation and its context, and creates tracing spans and trace nodes on every request.
 * Mutations, introspection, `@defer`, unplannable documents and variables that fail coercion go to the
 * gateway's executor, which answers them as before.
 */
export function routerGateway(gateway: ApolloGateway, planner: OperationPlanner, executor: PlanExecutor) {
  return {
    load: async (options: Parameters<ApolloGateway['load']>[0]): Promise<Loaded> => {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: queryExecutor(loaded.executor, planner, executor) };
    },
    onSchemaLoadOrUpdate: (callback: Parameters<ApolloGateway['onSchemaLoadOrUpdate']>[0]) =>
      gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}

function queryExecutor(stock: GatewayExecutor, planner: OperationPlanner, executor: PlanExecutor): GatewayExecutor {
  return async (requestContext) => {
    const { operation, document, source, request } = requestContext;
    if (operation.operation !== 'query') return stock(requestContext);
    let plan: ReturnType<OperationPlanner['queryPlan']>;
    try {
      plan = planner.queryPlan(source, document, request.operationName ?? undefined);
    } catch {
      return stock(requestContext); // planning fails there again, and is reported as the gateway reports it
    }
    if (!plan.runnable) return stock(requestContext);
    const definitions = plan.operationContext.operation.variableDefinitions;
    if (definitions?.length) {
      const coerced = getVariableValues(plan.operationContext.schema, definitions, request.variables ?? {});
      if (coerced.errors) return stock(requestContext);
    }
    notePlan(requestContext, plan.queryPlan);
    return executor.executeQuery(plan, requestContext);
  };
}
