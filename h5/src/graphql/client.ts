/**
 * The phone's GraphQL client: a POST over fetch (with `apollo-require-preflight`, which Apollo
 * Server's CSRF protection asks for) for queries and mutations, and graphql-ws for subscriptions.
 * Errors are classified so callers can tell "try again later" (network) from "the server said no".
 */
import type { TypedDocumentString } from './generated/graphql.ts';

export const GRAPHQL_PATH = '/graphql';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
}

/** The request never got an answer (offline, server down, 5xx). */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** The server answered with GraphQL errors (authentication, SESSION_NOT_FOUND, …). */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  constructor(errors: GraphQLErrorShape[]) {
    super(errors.map((error) => error.message).join('; '));
    this.code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  }
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  accessToken?: string | null,
  endpoint: string = GRAPHQL_PATH,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (response.status >= 500) throw new NetworkError(`HTTP ${response.status}`);
  let body: { data?: TResult; errors?: GraphQLErrorShape[] };
  try {
    body = await response.json();
  } catch {
    throw new NetworkError(`HTTP ${response.status}: not JSON`);
  }
  if (body.errors?.length) throw new ApiError(body.errors);
  if (!body.data) throw new NetworkError(`HTTP ${response.status}: no data`);
  return body.data;
}

/** The graphql-ws endpoint beside the page (ws: for http:, wss: for https:). */
export function socketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;
}
