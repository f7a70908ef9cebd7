/** Error formatting: domain codes pass, internals are masked, stack traces never leave. */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DomainError, forbidden, formatGraphQLError } from '../src/errors.ts';

const format = (error: GraphQLError, trustCodes = false) => {
  const internal: unknown[] = [];
  const result = formatGraphQLError(error.toJSON(), error, { trustCodes, onInternal: (e) => internal.push(e) });
  return { result, internal };
};

describe('formatGraphQLError', () => {
  it('keeps a domain error with its code and details', () => {
    const original = new DomainError('TASK_BLOCKED', 'Task is blocked', { ids: ['t1'] });
    const { result } = format(new GraphQLError(original.message, { originalError: original, path: ['x'] }));
    expect(result).toMatchObject({
      message: 'Task is blocked',
      path: ['x'],
      extensions: { code: 'TASK_BLOCKED', ids: ['t1'] },
    });
  });

  it('keeps access errors thrown by resolvers', () => {
    const original = forbidden();
    const { result } = format(new GraphQLError(original.message, { originalError: original }));
    expect(result.extensions?.code).toBe('FORBIDDEN');
  });

  it('masks unexpected errors and reports the original for logging', () => {
    const original = new Error('relation "identity.users" does not exist');
    const error = new GraphQLError(original.message, {
      originalError: original,
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
    });
    const { result, internal } = format(error);
    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(result)).not.toMatch(/relation|stacktrace/);
    expect(internal).toEqual([original]);
  });

  it('passes GraphQL validation codes, and any subgraph code when trusted (router)', () => {
    const validation = new GraphQLError('Cannot query field "x"', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(format(validation).result.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const downstream = new GraphQLError('blocked', { extensions: { code: 'TASK_BLOCKED', stacktrace: ['s'] } });
    expect(format(downstream).result.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(format(downstream, true).result.extensions).toEqual({ code: 'TASK_BLOCKED' });
  });
});
