/** Test helpers: run GraphQL against a subgraph's real schema as a given caller. */
import { randomUUID } from 'node:crypto';
import { type ExecutionResult, type GraphQLFormattedError, graphql } from 'graphql';
import { formatGraphQLError } from '../errors.ts';
import type { Identity, OrgAccess } from '../identity.ts';
import { createLogger } from '../logger.ts';
import type { SubgraphInstance } from '../runtime.ts';

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
