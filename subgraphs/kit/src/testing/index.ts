/** Test helpers: run GraphQL against a subgraph's real schema as a given caller. */
import { randomUUID } from 'node:crypto';
import { type ExecutionResult, type GraphQLFormattedError, graphql, parse } from 'graphql';
import { formatGraphQLError } from '../errors.ts';
import type { Identity, OrgAccess } from '../identity.ts';
import { createLogger } from '../logger.ts';
import type { SubgraphInstance } from '../runtime.ts';
import { subscribeWithFreshContexts } from '../subscriptions.ts';

export interface TestResult<T = Record<string, unknown>> {
  data: T | null | undefined;
  errors: GraphQLFormattedError[] | undefined;
  /** The originals behind masked INTERNAL_SERVER_ERRORs, to make failures readable. */
  internal: unknown[];
}

const silent = createLogger('test', 'silent');

export async function executeAs<T = Record<string, any>>(
  instance: SubgraphInstance,
  identity: Identity,
  source: string,
  variableValues?: Record<string, unknown>,
): Promise<TestResult<T>> {
  const result = (await graphql({
    schema: instance.schema,
    source,
    variableValues,
    contextValue: instance.createContext({
      identity,
      requestId: randomUUID(),
      logger: silent,
      credentialExpiresAt: undefined,
    }),
  })) as ExecutionResult<T>;
  const internal: unknown[] = [];
  return {
    data: result.data,
    errors: result.errors?.map((error) =>
      formatGraphQLError(error.toJSON(), error, { onInternal: (original) => internal.push(original) }),
    ),
    internal,
  };
}

export interface TestSubscription<T> {
  /** Set when the subscription was refused (validation, access, bad arguments): nothing to iterate. */
  errors: GraphQLFormattedError[] | undefined;
  /** The next result, `done` when the stream ended, `timeout` when none came within `timeoutMs`. */
  next(timeoutMs?: number): Promise<TestResult<T> | 'done' | 'timeout'>;
  close(): Promise<void>;
}

/** Subscribes as `identity` the way the subgraph's socket does (a fresh context per event). */
export async function subscribeAs<T = Record<string, any>>(
  instance: SubgraphInstance,
  identity: Identity,
  source: string,
  variableValues?: Record<string, unknown>,
): Promise<TestSubscription<T>> {
  const context = () =>
    instance.createContext({ identity, requestId: randomUUID(), logger: silent, credentialExpiresAt: undefined });
  const outcome = await subscribeWithFreshContexts(
    { schema: instance.schema, document: parse(source), variableValues, contextValue: context() },
    context,
  );
  const format = (result: ExecutionResult): TestResult<T> => {
    const internal: unknown[] = [];
    return {
      data: result.data as T | null | undefined,
      errors: result.errors?.map((error) =>
        formatGraphQLError(error.toJSON(), error, { onInternal: (original) => internal.push(original) }),
      ),
      internal,
    };
  };
  if (!(Symbol.asyncIterator in outcome)) {
    return {
      errors: format(outcome as ExecutionResult).errors,
      next: async () => 'done',
      close: async () => {},
    };
  }
  const iterator = outcome as AsyncGenerator<ExecutionResult, void, void>;
  let pending: Promise<IteratorResult<ExecutionResult, void>> | null = null;
  return {
    errors: undefined,
    async next(timeoutMs = 5000) {
      pending ??= iterator.next();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const result = await Promise.race([pending, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') return 'timeout';
      pending = null;
      return result.done ? 'done' : format(result.value);
    },
    async close() {
      await iterator.return();
    },
  };
}

export const anonymous: Identity = { kind: 'anonymous' };
export const system: Identity = { kind: 'system', service: 'test' };

export function userIdentity(userId: string, org: (Partial<OrgAccess> & { id: string }) | null = null): Identity {
  return {
    kind: 'user',
    userId,
    email: null,
    org: org ? { role: 'MEMBER', allBoardsRead: false, allBoardsWrite: false, boards: {}, ...org } : null,
  };
}

/** A unique, readable suffix so every test makes its own data. */
export function unique(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export * from './harness.ts';
export * from './ports.ts';
export * from './redis-server.ts';
export * from './statements.ts';
