/**
 * Plans subscription operations with Apollo's query planner over the static supergraph: the plan
 * is a primary fetch (the subscription, opened upstream on the owning subgraph) and an optional
 * `rest` (entity fetches to other subgraphs, run for each event). Plans are cached per document
 * text and operation name.
 */
import { readFileSync } from 'node:fs';
import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { type FetchNode, type PlanNode, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';

export type OperationContext = ReturnType<typeof buildOperationContext>;

export interface SubscriptionPlan {
  /** The subscription sent to the owning subgraph. */
  primary: FetchNode;
  /** Entity fetches that complete each event, if the selection reaches other subgraphs. */
  rest: PlanNode | undefined;
  operationContext: OperationContext;
}

export class NotASubscriptionError extends Error {
  override name = 'NotASubscriptionError';
}

const MAX_CACHED_PLANS = 1000;

export class SubscriptionPlanner {
  /** The supergraph as graphql-js (the executor reads type conditions from it). */
  readonly supergraphSchema: GraphQLSchema;
  /** The public API schema (federation-internals), used to shape results. */
  readonly apiSchema: Schema;
  private readonly apiGraphQLSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, SubscriptionPlan>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.apiGraphQLSchema = this.apiSchema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  static fromFile(path: string): SubscriptionPlanner {
    return new SubscriptionPlanner(readFileSync(path, 'utf8'));
  }

  /** Number of cached plans (for tests and metrics). */
  get cachedPlans(): number {
    return this.cache.size;
  }

  /** The plan of a validated subscription document; cached by its text and operation name. */
  plan(text: string, document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
    const key = `${operationName ?? ''}\n${text}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used last, so eviction drops the coldest plan.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const operation = operationFromDocument(this.apiSchema, document, { operationName });
    const queryPlan = this.planner.buildQueryPlan(operation);
    const node = queryPlan.node;
    if (node?.kind !== 'Subscription') throw new NotASubscriptionError('the operation is not a subscription');
    const plan: SubscriptionPlan = {
      primary: node.primary,
      rest: node.rest,
      operationContext: buildOperationContext({
        schema: this.apiGraphQLSchema,
        operationDocument: document,
        operationName,
      }),
    };
    if (this.cache.size >= MAX_CACHED_PLANS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, plan);
    return plan;
  }
}
