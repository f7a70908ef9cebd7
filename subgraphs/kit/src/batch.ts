/**
 * Batched GraphQL over HTTP from the router to a subgraph (`POST /graphql/batch`). One request
 * carries several operations, each with its own signed identity and request id. Each one runs in its
 * own context, exactly as if it had come alone on `/graphql`, and the answer lists each one's status
 * and body in the order sent. When several reads for one subgraph are ready at once, this saves the
 * router and the subgraph an HTTP exchange (parsing, and the system calls) per operation.
 */
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { graphqlErrorBody } from './http.ts';
import { type SignedIdentity, verifyIdentity } from './identity.ts';
import type { Logger } from './logger.ts';

/** Appended to a subgraph's GraphQL URL (`…/graphql` → `…/graphql/batch`). */
export const BATCH_PATH_SUFFIX = '/batch';

/** The most operations one batch may carry; a longer list is refused whole. */
export const MAX_BATCH_OPERATIONS = 32;

/** One operation of a batch, as the router sends it. */
export interface BatchedOperation {
  /** The signed identity (what `x-mc-identity` carries on `/graphql`). */
  identity: string;
  requestId?: string;
  /** The GraphQL request body: `{ query, variables, operationName, extensions }`. */
  request: unknown;
}

export interface BatchAnswer {
  status: number;
  /** The JSON text to send: an array of `{ status, body }`, one per operation, in order. */
  text: string;
}

const JSON_HEADERS: [string, string][] = [['content-type', 'application/json']];

function element(status: number, body: string): string {
  return `{"status":${status},"body":${body}}`;
}

function refusal(status: number, message: string, code: string): BatchAnswer {
  return { status, text: JSON.stringify(graphqlErrorBody(message, code)) };
}

/**
 * Runs every operation of a batch body through Apollo Server, concurrently, each with its own
 * verified identity and context. A malformed body is refused whole (400); an operation without a
 * valid identity gets its own 401 and the others still run.
 */
export async function executeBatch<Context extends BaseContext>(options: {
  apollo: ApolloServer<Context>;
  body: string;
  secret: string;
  logger: Logger;
  context: (signed: SignedIdentity, requestId: string | undefined) => Context;
}): Promise<BatchAnswer> {
  let operations: unknown;
  try {
    operations = JSON.parse(options.body);
  } catch {
    return refusal(400, 'Request body is not valid JSON', 'BAD_REQUEST');
  }
  if (!Array.isArray(operations) || operations.length === 0) {
    return refusal(400, 'A batch is a non-empty JSON array of operations', 'BAD_REQUEST');
  }
  if (operations.length > MAX_BATCH_OPERATIONS) {
    return refusal(400, `A batch carries at most ${MAX_BATCH_OPERATIONS} operations`, 'BAD_REQUEST');
  }
  const answers = await Promise.all(operations.map((operation) => runOne(options, operation)));
  return { status: 200, text: `[${answers.join(',')}]` };
}

async function runOne<Context extends BaseContext>(
  options: Parameters<typeof executeBatch<Context>>[0],
  operation: unknown,
): Promise<string> {
  const { identity, requestId, request } = (operation ?? {}) as Partial<BatchedOperation>;
  if (typeof operation !== 'object' || request === undefined) {
    return element(400, JSON.stringify(graphqlErrorBody('Each batched operation needs a request', 'BAD_REQUEST')));
  }
  let signed: SignedIdentity;
  try {
    signed = await verifyIdentity(options.secret, typeof identity === 'string' ? identity : undefined);
  } catch (error) {
    options.logger.warn({ reason: (error as Error).message }, 'rejected batched operation without a valid identity');
    return element(401, JSON.stringify(graphqlErrorBody('A valid signed identity is required', 'UNAUTHENTICATED')));
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({
    // A JSON content type satisfies Apollo's CSRF prevention, as the batch request's own did.
    httpGraphQLRequest: { method: 'POST', headers: new HeaderMap(JSON_HEADERS), search: '', body: request },
    context: async () =>
      options.context(signed, signed.requestId ?? (typeof requestId === 'string' ? requestId : undefined)),
  });
  // Without an `accept` asking for multipart, Apollo always answers complete.
  const text = response.body.kind === 'complete' ? response.body.string : '';
  const json = response.headers.get('content-type')?.includes('json') && text.length > 0;
  return element(response.status ?? 200, json ? text : JSON.stringify(text));
}
