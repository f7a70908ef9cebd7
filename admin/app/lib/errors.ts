/**
 * Turns what the API answers into something the console can show: typed mutation results
 * (`DomainError`, `TaskConflict`) and transport or GraphQL errors become a stable code, a message
 * key for the current language, and whether the operator must sign in again.
 */

export interface ProblemLike {
  __typename?: string;
  code?: string;
  message?: string;
  ids?: readonly string[] | null;
  field?: string | null;
}

export interface Problem {
  code: string;
  /** The API's own message (English), shown as detail under the translated text. */
  detail: string;
  ids: readonly string[];
  field: string | null;
}

/** Codes the console explains in words; anything else falls back to a generic message and the detail. */
export const KNOWN_CODES = [
  'TASK_BLOCKED',
  'APPROVAL_REQUIRED',
  'APPROVAL_PENDING',
  'REVIEW_REQUIRED',
  'COMMENT_REQUIRED',
  'CONFLICT',
  'ONLY_LEAD',
  'ASSIGNEE_MISMATCH',
  'FIELD_FORBIDDEN',
  'CYCLE',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NETWORK',
  'SERVICE_UNAVAILABLE',
  'RATE_LIMITED',
  'GATEWAY_UNAVAILABLE',
  'AGENT_LIMIT_REACHED',
] as const;

export type KnownCode = (typeof KNOWN_CODES)[number];

/** The problem in a mutation's union result, or null when the result is the success type. */
export function resultProblem(result: ProblemLike | null | undefined, successTypename: string): Problem | null {
  if (!result) return { code: 'NETWORK', detail: 'No result', ids: [], field: null };
  if (result.__typename === successTypename) return null;
  if (result.__typename === 'TaskConflict') {
    return { code: 'CONFLICT', detail: result.message ?? '', ids: [], field: null };
  }
  return {
    code: result.code ?? 'UNKNOWN',
    detail: result.message ?? '',
    ids: result.ids ?? [],
    field: result.field ?? null,
  };
}

interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface CombinedErrorLike {
  networkError?: Error;
  graphQLErrors: readonly GraphQLErrorLike[];
  message: string;
  response?: { status?: number };
}

/** The problem of a failed request (urql's CombinedError). */
export function requestProblem(error: CombinedErrorLike): Problem {
  const first = error.graphQLErrors[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'UNKNOWN';
    return { code, detail: first.message, ids: [], field: null };
  }
  const status = error.response?.status;
  if (status === 401) return { code: 'UNAUTHENTICATED', detail: error.message, ids: [], field: null };
  if (status === 429) return { code: 'RATE_LIMITED', detail: error.message, ids: [], field: null };
  if (status === 503) return { code: 'SERVICE_UNAVAILABLE', detail: error.message, ids: [], field: null };
  return { code: 'NETWORK', detail: error.networkError?.message ?? error.message, ids: [], field: null };
}

/** The i18n key that explains a code. */
export function problemMessageKey(code: string): `error.${KnownCode}` | 'error.UNKNOWN' {
  return (KNOWN_CODES as readonly string[]).includes(code)
    ? (`error.${code}` as `error.${KnownCode}`)
    : 'error.UNKNOWN';
}

/** Whether the console should drop the stored credential and show sign-in. */
export function needsSignIn(problem: Problem): boolean {
  return problem.code === 'UNAUTHENTICATED';
}
