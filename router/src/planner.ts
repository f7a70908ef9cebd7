/**
 * Plans operations with Apollo's query planner over the static supergraph (the one the gateway plans
 * with, same planner and defaults).
 *
 * - A subscription's plan is a primary fetch (the subscription, opened upstream on the owning subgraph)
 *   and an optional `rest` (entity fetches to other subgraphs, run for each event); cached per document
 *   text and operation name.
 * - A query's plan (`queryPlan`) comes with what running it needs, built once: the operation for result
 *   shaping and the operation context. Cached per parsed document (Apollo Server hands the same document
 *   object to every request with the same text while it keeps it) and operation name.
 */
import { readFileSync } from 'node:fs';
import { type Operation, operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { type FetchNode, type PlanNode, type QueryPlan, QueryPlanner } from '@apollo/query-planner';
import { type DocumentNode, type GraphQLSchema, Kind } from 'graphql';

export type OperationContext = ReturnType<typeof buildOperationContext>;

export interface SubscriptionPlan {
  /** The subscription sent to the owning subgraph. */
  primary: FetchNode;
  /** Entity fetches that complete each event, if the selection reaches other subgraphs. */
  rest: PlanNode | undefined;
  operationContext: OperationContext;
}

/** A query's plan and what running it needs (see `PlanExecutor.executeQuery`). */
export interface QueryExecutionPlan {
  /** For `experimental_didResolveQueryPlan`-style hooks (`request-entities.ts`). */
  queryPlan: QueryPlan;
  /** What runs (none: nothing to fetch, e.g. only `__typename`). */
  node: PlanNode | undefined;
  /** The client's operation in federation-internals form, for result shaping. */
  operation: Operation;
  operationContext: OperationContext;
  /**
   * Whether the router's executor may run it: only plans of fetches, sequences, parallels, flattens and
   * conditions, without introspection fields (the gateway answers those from its schema).
   */
  runnable: boolean;
}

export class NotASubscriptionError extends Error {
  override name = 'NotASubscriptionError';
}

const MAX_CACHED_PLANS = 1000;

export class OperationPlanner {
  /** The supergraph as graphql-js (the executor reads type conditions from it). */
  readonly supergraphSchema: GraphQLSchema;
  /** The public API schema (federation-internals), used to shape results. */
  readonly apiSchema: Schema;
  private readonly apiGraphQLSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, SubscriptionPlan>();
  private readonly queryPlans = new WeakMap<DocumentNode, Map<string, QueryExecutionPlan>>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.apiGraphQLSchema = this.apiSchema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  static fromFile(path: string): OperationPlanner {
    return new OperationPlanner(readFileSync(path, 'utf8'));
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
      operationContext: this.operationContext(document, operationName),
    };
    if (this.cache.size >= MAX_CACHED_PLANS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, plan);
    return plan;
  }

  /**
   * The plan of a validated query document (throws what planning throws). `text` is the document's
   * source, looked at only once per document: a mention of `__schema` or `__type` makes it not runnable.
   */
  queryPlan(text: string, document: DocumentNode, operationName: string | undefined): QueryExecutionPlan {
    let byName = this.queryPlans.get(document);
    const cached = byName?.get(operationName ?? '');
    if (cached) return cached;
    const queryPlan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { operationName }));
    const operationContext = this.operationContext(document, operationName);
    const operation = shapingOperation(this.apiSchema, operationContext);
    const root = queryPlan.node;
    const node = root?.kind === 'Subscription' ? undefined : root;
    const runnable = root?.kind !== 'Subscription' && !INTROSPECTION.test(text) && (!node || runnableNode(node));
    const plan: QueryExecutionPlan = { queryPlan, node, operation, operationContext, runnable };
    if (!byName) {
      byName = new Map();
      this.queryPlans.set(document, byName);
    }
    byName.set(operationName ?? '', plan);
    return plan;
  }

  private operationContext(document: DocumentNode, operationName: string | undefined): OperationContext {
    return buildOperationContext({ schema: this.apiGraphQLSchema, operationDocument: document, operationName });
  }
}

/**
 * The client's operation in federation-internals form, for result shaping, as the gateway builds it from
 * an operation context (the operation and its fragments, already validated).
 */
export function shapingOperation(apiSchema: Schema, operationContext: OperationContext): Operation {
  const definitions = [operationContext.operation, ...Object.values(operationContext.fragments)];
  return operationFromDocument(apiSchema, { kind: Kind.DOCUMENT, definitions }, { validate: false });
}

/** Introspection fields, anywhere in a document's text (a mention in a string counts: the gateway runs it). */
const INTROSPECTION = /\b__(schema|type)\b/;

function runnableNode(node: PlanNode): boolean {
  switch (node.kind) {
    case 'Fetch':
      return true;
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(runnableNode);
    case 'Flatten':
      return runnableNode(node.node);
    case 'Condition':
      return (!node.ifClause || runnableNode(node.ifClause)) && (!node.elseClause || runnableNode(node.elseClause));
    default:
      return false;
  }
}
