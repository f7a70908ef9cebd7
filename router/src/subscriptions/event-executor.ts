/**
 * Completes one upstream event: runs the plan's `rest` (entity fetches to other subgraphs, batched
 * per fetch into one `_entities` call, through the gateway's own data sources) starting from the
 * event's payload, then shapes the result to the client's selection (keys and `__typename` added for
 * planning are dropped). The gateway's executor always starts from empty data, so the event enters
 * the plan as the answer of a first, synthetic fetch. Errors of a fetch become GraphQL errors of
 * this event only.
 */
import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { formatGraphQLError, type Logger } from '@mc/kit';
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError, OperationTypeNode } from 'graphql';
import type { RouterContext } from '../gateway.ts';
import type { SubscriptionPlan, SubscriptionPlanner } from './planner.ts';

const EVENT_SOURCE = '__mc_subscription_event';

const EVENT_FETCH: FetchNode = {
  kind: 'Fetch',
  serviceName: EVENT_SOURCE,
  operation: '{__typename}',
  operationName: undefined,
  operationKind: OperationTypeNode.QUERY,
  variableUsages: [],
};

type RequestContext = Parameters<typeof executeQueryPlan>[2];

export interface UpstreamEvent {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface EventExecutorOptions {
  planner: SubscriptionPlanner;
  /** The gateway's data source for a subgraph. */
  dataSource: (name: string) => GraphQLDataSource | undefined;
  logger: Logger;
}

export class EventExecutor {
  private readonly options: EventExecutorOptions;
  private readonly plans = new WeakMap<SubscriptionPlan, QueryPlan>();

  constructor(options: EventExecutorOptions) {
    this.options = options;
  }

  async execute(
    plan: SubscriptionPlan,
    event: UpstreamEvent,
    variables: Record<string, unknown>,
    context: RouterContext,
  ): Promise<ExecutionResult> {
    const upstreamErrors = (event.errors ?? []).map(toGraphQLError);
    if (!event.data) return { data: null, errors: upstreamErrors.length ? upstreamErrors : undefined };
    const data = event.data;
    const services = new Proxy(Object.create(null) as ServiceMap, {
      get: (_target, name: string) =>
        name === EVENT_SOURCE
          ? ({ process: async () => ({ data }) } satisfies GraphQLDataSource)
          : this.options.dataSource(name),
    });
    const requestContext = {
      request: { query: '', variables, operationName: plan.operationContext.operation.name?.value },
      context,
      metrics: {},
      logger: this.options.logger,
    } as unknown as RequestContext;
    const result = await executeQueryPlan(
      this.queryPlan(plan),
      services,
      requestContext,
      plan.operationContext,
      this.options.planner.supergraphSchema,
      this.options.planner.apiSchema,
    );
    const errors = [...upstreamErrors, ...(result.errors ?? []).map((error) => this.mask(error))];
    return errors.length ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  }

  /** The event fetch followed by `rest`, built once per plan. */
  private queryPlan(plan: SubscriptionPlan): QueryPlan {
    let queryPlan = this.plans.get(plan);
    if (!queryPlan) {
      queryPlan = {
        kind: 'QueryPlan',
        node: plan.rest ? { kind: 'Sequence', nodes: [EVENT_FETCH, plan.rest] } : EVENT_FETCH,
      };
      this.plans.set(plan, queryPlan);
    }
    return queryPlan;
  }

  /** Subgraph codes pass through; anything else is logged and masked, as on HTTP. */
  private mask(error: GraphQLError): GraphQLError {
    const formatted = formatGraphQLError(error.toJSON(), error, {
      trustCodes: true,
      onInternal: (original) => this.options.logger.error({ err: original }, 'subscription event failed'),
    });
    return toGraphQLError(formatted);
  }
}

/** graphql-ws sends `GraphQLError`s (it calls `toJSON`), so formatted errors are rebuilt as such. */
export function toGraphQLError(error: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}
