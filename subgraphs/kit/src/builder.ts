/**
 * The Pothos builder every subgraph uses: federation, scope-auth, errors and dataloader plugins,
 * non-null by default, the caller scopes declared once, and the shared value types (`DateTime`,
 * `Error`, `DomainError`, `PageInfo`) defined identically in every subgraph.
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivePlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind } from 'graphql';
import type { RequestContext } from './context.ts';
import { DomainError, forbidden, unauthenticated } from './errors.ts';
import type { OrgRole } from './identity.ts';
import { roleAtLeast } from './policy.ts';

export interface AuthScopes {
  /** Any caller the router authenticated (not anonymous). */
  authenticated: boolean;
  /** A person signed in to the console (local token or OIDC). */
  user: boolean;
  /** A person acting in an organization with at least this role. */
  orgRole: OrgRole;
  h5: boolean;
  agent: boolean;
  gateway: boolean;
  /** Another Mission Control service (the router resolving credentials, jobs). */
  system: boolean;
}

export interface BuilderTypes<Context extends RequestContext> {
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    /** Declared for subgraphs that define a `JSON` scalar (`builder.scalarType('JSON', …)`); not added otherwise. */
    JSON: { Input: unknown; Output: unknown };
  };
  /** Shared object types, so every subgraph can name them (`type: 'PageInfo'`). */
  Objects: { PageInfo: PageInfoShape };
}

export interface BuilderOptions {
  /**
   * Declares the `Subscription` root type (a subgraph that serves subscriptions; GraphQL refuses an
   * empty one). Its resolvers run each event with a fresh request context (`kit/subscriptions.ts`).
   */
  subscriptions?: boolean;
}

export function createBuilder<Context extends RequestContext>(options: BuilderOptions = {}) {
  const builder = new SchemaBuilder<BuilderTypes<Context>>({
    plugins: [ErrorsPlugin, ScopeAuthPlugin, DataloaderPlugin, DirectivePlugin, FederationPlugin],
    defaultFieldNullability: false,
    defaultInputFieldRequiredness: true,
    scopeAuth: {
      authorizeOnSubscribe: true,
      unauthorizedError: (_parent, context) =>
        context.identity.kind === 'anonymous' ? unauthenticated() : forbidden(),
      authScopes: ({ identity }) => ({
        authenticated: identity.kind !== 'anonymous',
        user: identity.kind === 'user',
        orgRole: (minimum: OrgRole) =>
          identity.kind === 'user' && identity.org !== null && roleAtLeast(identity.org.role, minimum),
        h5: identity.kind === 'h5',
        agent: identity.kind === 'agent',
        gateway: identity.kind === 'gateway',
        system: identity.kind === 'system',
      }),
    },
    errors: { defaultTypes: [DomainError], directResult: true },
  });

  builder.queryType({});
  builder.mutationType({});
  if (options.subscriptions) builder.subscriptionType({});

  builder.scalarType('DateTime', {
    description: 'An instant, as an ISO-8601 string in UTC',
    serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
    parseValue: (value) => parseDate(value),
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be an ISO-8601 string');
      return parseDate(ast.value);
    },
  });

  const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
    description: 'An expected failure, with a stable machine-readable code',
    fields: (t) => ({
      code: t.exposeString('code'),
      message: t.exposeString('message'),
    }),
  });

  builder.objectType(DomainError, {
    name: 'DomainError',
    shareable: true,
    interfaces: [ErrorInterface],
    description: 'A rule or validation that refused the operation; nothing was changed',
    fields: (t) => ({
      field: t.string({ nullable: true, description: 'The input at fault, as a dotted path', resolve: (e) => e.field }),
      ids: t.idList({ description: 'Ids of the records involved', resolve: (e) => e.ids }),
      retryAfterSeconds: t.int({ nullable: true, resolve: (e) => e.retryAfterSeconds }),
    }),
  });

  builder.objectType('PageInfo', {
    shareable: true,
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });

  return builder;
}

export interface PageInfoShape {
  hasNextPage: boolean;
  endCursor: string | null;
}

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
  return date;
}
