/**
 * Errors with stable codes. `DomainError` is an expected failure: mutations return it as a typed
 * result, queries surface it as a GraphQL error with `extensions.code`. Anything else is a bug and
 * reaches clients only as a generic INTERNAL_SERVER_ERROR, never with a stack trace.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INVALID_TOKEN: 'INVALID_TOKEN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type KnownErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface DomainErrorDetails {
  /** The input field at fault, as a dotted path (`input.email`). */
  field?: string;
  /** Ids of the records involved (the blocking tasks, the conflicting member…). */
  ids?: string[];
  /** For RATE_LIMITED: seconds until a retry can succeed. */
  retryAfterSeconds?: number;
}

/** An error with a stable code that is safe to show to the caller. */
export class CodedError extends Error {
  override name = 'CodedError';
  readonly code: string;
  readonly details: DomainErrorDetails;

  constructor(code: string, message: string, details: DomainErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get field(): string | null {
    return this.details.field ?? null;
  }

  get ids(): string[] {
    return this.details.ids ?? [];
  }

  get retryAfterSeconds(): number | null {
    return this.details.retryAfterSeconds ?? null;
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, { extensions: { code: this.code, ...this.details } });
  }
}

/** An expected failure of an operation: mutations return it as data (`DomainError` type). */
export class DomainError extends CodedError {
  override name = 'DomainError';
}

/** Authentication or authorization failure: always thrown, never returned as data. */
export class AccessError extends CodedError {
  override name = 'AccessError';
}

export const notFound = (what: string, id?: string) =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} not found`, id ? { ids: [id] } : {});
export const forbidden = (message = 'You are not allowed to do this') => new AccessError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = 'Sign in required') => new AccessError(ErrorCode.UNAUTHENTICATED, message);
export const badInput = (message: string, field?: string) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const conflict = (message: string, details: DomainErrorDetails = {}) =>
  new DomainError(ErrorCode.CONFLICT, message, details);

const PASS_THROUGH_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo `formatError`: keeps domain codes, maps unknown failures to a generic error and strips
 * anything that could leak internals. `trustCodes` (the router) passes on any code a subgraph set;
 * `onInternal` receives the original of a masked error for logging.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { trustCodes?: boolean; onInternal?: (error: unknown) => void } = {},
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
  if (original instanceof CodedError) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...extensions, code: original.code, ...original.details },
    };
  }
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const known = code !== undefined && (PASS_THROUGH_CODES.has(code) || code in ErrorCode);
  if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR && (known || options.trustCodes)) {
    return { ...formatted, extensions: { ...extensions, code } };
  }
  if (!options.trustCodes) options.onInternal?.(original);
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
