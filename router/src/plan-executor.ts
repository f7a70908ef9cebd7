/**
 * Runs query plans as `@apollo/gateway`'s `executeQueryPlan` does, for two callers:
 *
 * - a subscription event (`execute`): the plan's `rest` (entity fetches to other subgraphs, batched per
 *   fetch into one `_entities` call) runs from the event's payload; errors of a fetch become GraphQL errors
 *   of this event only (masked here, as there is no Apollo Server on that path);
 * - a client's query over HTTP (`executeQuery`, from `gateway.ts`): the whole plan runs from nothing;
 *   errors are left for Apollo Server to format.
 *
 * Both go through the gateway's own data sources, and both shape the result to the client's selection
 * (keys and `__typename` added for planning are dropped) with Apollo's own helpers (merge, rewrites, result
 * shaping), for the nodes those plans have (sequence, parallel, flatten, fetch, condition), minus what the
 * gateway pays per call: the operation is built once per plan instead of per call (`operationFromDocument`),
 * no OpenTelemetry spans or trace nodes, and for events no synthetic first fetch (the event's payload,
 * parsed for this stream alone, is the starting data).
 */

import { ERRORS, errorCodeDef, type Operation } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import { applyRewrites, isObjectOfType } from '@apollo/gateway/dist/dataRewrites.js';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { generateHydratedPaths } from '@apollo/gateway/dist/executeQueryPlan.js';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge.js';
import {
  evaluateCondition,
  type FetchNode,
  getResponseName,
  type PlanNode,
  type QueryPlanSelectionNode,
  type ResponsePath,
} from '@apollo/query-planner';
import { formatGraphQLError, type Logger } from '@mc/kit';
import {
  type ExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  Kind,
  TypeNameMetaFieldDef,
} from 'graphql';
import type { RouterContext } from './gateway.ts';
import { type OperationPlanner, type QueryExecutionPlan, type SubscriptionPlan, shapingOperation } from './planner.ts';
import { type CompiledShape, compileShape, shapeResult } from './result-shaping.ts';

export interface UpstreamEvent {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface PlanExecutorOptions {
  planner: OperationPlanner;
  /** The gateway's data source for a subgraph. */
  dataSource: (name: string) => GraphQLDataSource | undefined;
  logger: Logger;
}

type Entity = Record<string, unknown>;

interface Cursor {
  path: ResponsePath;
  data: Entity | Entity[];
  fullResult: Entity;
}

/** One run of a plan (an event's completion or a query): what every fetch of the plan reads and adds to. */
interface Run {
  operation: Operation;
  variables: Record<string, unknown>;
  /** What a data source gets as `incomingRequestContext` (as the gateway builds it). */
  requestContext: Parameters<GraphQLDataSource['process']>[0] extends infer O
    ? O extends { incomingRequestContext: infer C }
      ? C
      : never
    : never;
  context: RouterContext;
  errors: GraphQLError[];
}

export class PlanExecutor {
  private readonly options: PlanExecutorOptions;
  /** The client's operation in federation-internals form (result shaping), built once per plan. */
  private readonly operations = new WeakMap<SubscriptionPlan, Operation>();
  private readonly shapes = new WeakMap<Operation, CompiledShape | null>();

  constructor(options: PlanExecutorOptions) {
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
    const result = await this.complete(plan, event.data, variables, context);
    const errors = [...upstreamErrors, ...(result.errors ?? []).map((error) => this.mask(error))];
    return errors.length ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  }

  /**
   * A client's query over HTTP, as the gateway's executor runs it (same fetches, merging, errors and
   * result shaping; errors are left for Apollo Server to format), from a plan built once per document.
   */
  executeQuery(plan: QueryExecutionPlan, requestContext: Run['requestContext']): Promise<ExecutionResult> {
    const context = requestContext.context as RouterContext;
    const variables = requestContext.request.variables ?? {};
    return this.run(plan.node, plan.operation, Object.create(null), variables, requestContext, context);
  }

  /** `executeQueryPlan` from the event's data: run `rest`, then shape (same results and errors). */
  private async complete(
    plan: SubscriptionPlan,
    data: Entity,
    variables: Record<string, unknown>,
    context: RouterContext,
  ): Promise<ExecutionResult> {
    let operation: Operation;
    try {
      operation = this.operation(plan);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      throw error;
    }
    const requestContext = {
      request: { query: '', variables, operationName: plan.operationContext.operation.name?.value },
      context,
      metrics: {},
      logger: this.options.logger,
    } as unknown as Run['requestContext'];
    return this.run(plan.rest, operation, data, variables, requestContext, context);
  }

  /** Runs `node` (if any) from `data`, then shapes `data` to the operation's selection. */
  private async run(
    node: PlanNode | undefined,
    operation: Operation,
    data: Entity,
    variables: Record<string, unknown>,
    requestContext: Run['requestContext'],
    context: RouterContext,
  ): Promise<ExecutionResult> {
    const run: Run = { operation, variables, requestContext, context, errors: [] };
    if (node) await this.executeNode(run, node, { path: [], data, fullResult: data });
    const shape = this.shape(operation);
    const fast = shape && shapeResult(shape, data, variables);
    if (fast) return run.errors.length === 0 ? { data: fast } : { errors: run.errors, data: fast };
    try {
      const shaped = computeResponse({
        operation,
        variables,
        input: data,
        introspectionHandling: () => {
          throw new GraphQLError('Introspection is not available here'); // queries with it run on the gateway
        },
      });
      // As the gateway: value completion errors are reported only when nothing else failed, as an extension.
      if (run.errors.length === 0 && shaped.errors.length > 0) {
        return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
      }
      return run.errors.length === 0 ? { data: shaped.data } : { errors: run.errors, data: shaped.data };
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
      this.options.logger.error({ err: error }, 'unexpected error while completing a query plan');
      return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
    }
  }

  /** The operation's compiled result shaping (`result-shaping.ts`), or null where it does not apply. */
  private shape(operation: Operation): CompiledShape | null {
    let shape = this.shapes.get(operation);
    if (shape === undefined) {
      shape = compileShape(operation) ?? null;
      this.shapes.set(operation, shape);
    }
    return shape;
  }

  private operation(plan: SubscriptionPlan): Operation {
    let operation = this.operations.get(plan);
    if (!operation) {
      operation = shapingOperation(this.options.planner.apiSchema, plan.operationContext);
      this.operations.set(plan, operation);
    }
    return operation;
  }

  private async executeNode(run: Run, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
    if (!cursor) return;
    switch (node.kind) {
      case 'Sequence':
        for (const child of node.nodes) await this.executeNode(run, child, cursor);
        return;
      case 'Parallel':
        await Promise.all(node.nodes.map((child) => this.executeNode(run, child, cursor)));
        return;
      case 'Flatten':
        return this.executeNode(run, node.node, moveIntoCursor(cursor, node.path));
      case 'Fetch':
        try {
          await this.executeFetch(run, node, cursor);
        } catch (error) {
          run.errors.push(error as GraphQLError);
        }
        return;
      case 'Condition': {
        const branch = evaluateCondition(node, run.operation.variableDefinitions, run.variables)
          ? node.ifClause
          : node.elseClause;
        if (branch) await this.executeNode(run, branch, cursor);
        return;
      }
      default:
        throw new Error(`A subscription event cannot execute a ${node.kind} node`);
    }
  }

  private async executeFetch(run: Run, fetch: FetchNode, cursor: Cursor): Promise<void> {
    const service = this.options.dataSource(fetch.serviceName);
    if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
    const entities = Array.isArray(cursor.data) ? cursor.data.filter((entity) => entity != null) : [cursor.data];
    if (entities.length < 1) return;
    const variables: Record<string, unknown> = Object.create(null);
    for (const name of fetch.variableUsages ?? []) {
      if (Object.hasOwn(run.variables, name) && run.variables[name] !== undefined)
        variables[name] = run.variables[name];
    }
    const schema = this.options.planner.supergraphSchema;
    const send = async (fetchVariables: Record<string, unknown>): Promise<Entity | null | undefined> => {
      const response = await service.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query: fetch.operation, variables: fetchVariables, operationName: fetch.operationName },
        incomingRequestContext: run.requestContext,
        context: run.context,
        document: fetch.operationDocumentNode,
        pathInIncomingRequest: cursor.path,
      });
      if (response.errors) {
        const errorPath = lazyErrorPath(fetch, cursor);
        run.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, errorPath)));
      }
      return response.data as Entity | null | undefined;
    };
    if (!fetch.requires) {
      const received = await send(variables);
      if (received) applyRewrites(schema, fetch.outputRewrites, received);
      for (const entity of entities) deepMerge(entity, received);
      return;
    }
    const representations: Entity[] = [];
    const representationToEntity: number[] = [];
    entities.forEach((entity, index) => {
      const representation = executeSelectionSet(schema, entity, fetch.requires as QueryPlanSelectionNode[]);
      if (representation?.[TypeNameMetaFieldDef.name]) {
        applyRewrites(schema, fetch.inputRewrites, representation);
        representations.push(representation);
        representationToEntity.push(index);
      }
    });
    if (representations.length < 1) return;
    if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
    const received = await send({ ...variables, representations });
    if (!received) return;
    const receivedEntities = received._entities;
    if (!Array.isArray(receivedEntities)) throw new Error('Expected "data._entities" in response to be an array');
    if (receivedEntities.length !== representations.length) {
      throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
    }
    for (let index = 0; index < entities.length; index++) {
      const receivedEntity = receivedEntities[index] as Entity | null | undefined;
      const existing = entities[representationToEntity[index]];
      if (receivedEntity && !receivedEntity.__typename) receivedEntity.__typename = existing.__typename;
      applyRewrites(schema, fetch.outputRewrites, receivedEntity as Entity);
      deepMerge(existing, receivedEntity);
    }
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

/** The gateway's representation of an entity for a fetch's `requires` (null when a key field is missing). */
function executeSelectionSet(
  schema: GraphQLSchema,
  source: Entity | null,
  selections: readonly QueryPlanSelectionNode[],
): Entity | null {
  if (source === null) return null;
  const result: Entity = Object.create(null);
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      const responseName = getResponseName(selection);
      const nested = selection.selections;
      const value = source[responseName];
      if (!Object.hasOwn(source, responseName) || value === undefined) return null;
      if (Array.isArray(value)) {
        result[responseName] = value.map((item) => (nested ? executeSelectionSet(schema, item, nested) : item));
      } else if (nested) {
        result[responseName] = executeSelectionSet(schema, value as Entity | null, nested);
      } else {
        result[responseName] = value;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT && selection.typeCondition) {
      if (isObjectOfType(schema, source, selection.typeCondition)) {
        deepMerge(result, executeSelectionSet(schema, source, selection.selections));
      }
    }
  }
  return result;
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, path);
  return data
    ? { path: cursor.path.concat(path), data: data as Entity | Entity[], fullResult: cursor.fullResult }
    : undefined;
}

function flattenResultsAtPath(value: unknown, path: ResponsePath): unknown {
  if (path.length === 0 || value === undefined || value === null) return value;
  const [current, ...rest] = path;
  if (current === '@') return (value as unknown[]).flatMap((element) => flattenResultsAtPath(element, rest));
  if (typeof current !== 'string' || Array.isArray(value)) throw new Error(`Unexpected path element ${current}`);
  return flattenResultsAtPath(Object.hasOwn(value as object, current) ? (value as Entity)[current] : undefined, rest);
}

/** Where a fetch's error belongs in the client's result (entity index → the entity's path). */
function lazyErrorPath(
  fetch: FetchNode,
  cursor: Cursor,
): (path: GraphQLFormattedError['path']) => ResponsePath | undefined {
  let hydrated: ResponsePath[] | undefined;
  return (errorPath) => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath] : undefined;
  };
}

function downstreamServiceError(
  original: GraphQLFormattedError,
  serviceName: string,
  errorPath: (path: GraphQLFormattedError['path']) => ResponsePath | undefined,
): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = {
    originalError: original as Error,
    path: errorPath(original.path),
    extensions: { ...original.extensions, serviceName },
  };
  const codeDef = errorCodeDef(original);
  if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

/** graphql-ws sends `GraphQLError`s (it calls `toJSON`), so formatted errors are rebuilt as such. */
export function toGraphQLError(error: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}
