/** A minimal GraphQL-over-HTTP client for the ops scripts (seed, benchmark): POST, JSON, readable errors. */

export interface GraphQLRequestOptions {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';
  readonly codes: string[];
  constructor(message: string, codes: string[]) {
    super(message);
    this.codes = codes;
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Sends one operation; throws `GraphQLRequestError` on HTTP failures and on any GraphQL error. */
export async function graphqlRequest<T = any>(options: GraphQLRequestOptions): Promise<T> {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
    body: JSON.stringify({ query: options.query, variables: options.variables ?? {} }),
  });
  const text = await response.text();
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new GraphQLRequestError(`HTTP ${response.status} from ${options.url}: ${text.slice(0, 200)}`, []);
  }
  if (body.errors?.length) {
    const codes = body.errors.map((error) => error.extensions?.code ?? 'UNKNOWN');
    const lines = body.errors.map((error) => `${error.extensions?.code ?? 'UNKNOWN'}: ${error.message}`);
    throw new GraphQLRequestError(`GraphQL error from ${options.url}: ${lines.join('; ')}`, codes);
  }
  if (!response.ok || !body.data) {
    throw new GraphQLRequestError(`HTTP ${response.status} from ${options.url} without data`, []);
  }
  return body.data;
}

/** A mutation result union member: either the payload or a `DomainError` with its code. */
export type MutationResult<T> =
  | (T & { __typename: string })
  | { __typename: 'DomainError'; code: string; message: string };

export function isDomainError(result: {
  __typename: string;
}): result is { __typename: 'DomainError'; code: string; message: string } {
  return result.__typename === 'DomainError';
}
