import { describe, expect, it } from 'vitest';
import { needsSignIn, problemMessageKey, requestProblem, resultProblem } from './errors';

describe('error mapping', () => {
  it('returns no problem for the success type of a union', () => {
    expect(resultProblem({ __typename: 'Task' }, 'Task')).toBeNull();
  });

  it('keeps the code, ids and field of a DomainError', () => {
    const problem = resultProblem(
      { __typename: 'DomainError', code: 'TASK_BLOCKED', message: 'blocked', ids: ['t1', 't2'], field: null },
      'Task',
    );
    expect(problem).toEqual({ code: 'TASK_BLOCKED', detail: 'blocked', ids: ['t1', 't2'], field: null });
    expect(problemMessageKey(problem!.code)).toBe('error.TASK_BLOCKED');
  });

  it('maps a TaskConflict to CONFLICT and a missing result to NETWORK', () => {
    expect(resultProblem({ __typename: 'TaskConflict', code: 'STALE', message: 'newer' }, 'Task')?.code).toBe(
      'CONFLICT',
    );
    expect(resultProblem(undefined, 'Task')?.code).toBe('NETWORK');
  });

  it('reads the code of a GraphQL error, else the HTTP status', () => {
    const unauthenticated = requestProblem({
      message: '[GraphQL] Invalid',
      graphQLErrors: [{ message: 'Invalid or expired credential', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(unauthenticated.code).toBe('UNAUTHENTICATED');
    expect(needsSignIn(unauthenticated)).toBe(true);
    expect(requestProblem({ message: 'x', graphQLErrors: [], response: { status: 401 } }).code).toBe('UNAUTHENTICATED');
    expect(requestProblem({ message: 'x', graphQLErrors: [], response: { status: 503 } }).code).toBe(
      'SERVICE_UNAVAILABLE',
    );
    const offline = requestProblem({ message: 'x', graphQLErrors: [], networkError: new Error('Failed to fetch') });
    expect(offline).toMatchObject({ code: 'NETWORK', detail: 'Failed to fetch' });
    expect(needsSignIn(offline)).toBe(false);
  });

  it('falls back to a generic message for codes it does not know', () => {
    expect(problemMessageKey('SOMETHING_NEW')).toBe('error.UNKNOWN');
    expect(problemMessageKey('APPROVAL_REQUIRED')).toBe('error.APPROVAL_REQUIRED');
  });
});
