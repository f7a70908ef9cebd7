/**
 * Batched GraphQL over HTTP from the router to a subgraph (`POST /graphql/batch`). One request
 * carries several operations, each with its own signed identity and request id. Each one runs in its
 * own context, exactly as if it had come alone on `/graphql`. The answer is streamed as NDJSON: one
 * line with an operation's index, status and body as soon as that operation is done, so the router
 * goes on with the quick ones while a slow one still runs. When several reads for one subgraph are
 * ready at once, this saves the router and the subgraph an HTTP exchange (parsing, and the system
 * calls) per operation.
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

/** How a batch is answered: refused whole, or its operations' answers streamed as they finish. */
export type BatchAnswer =
  | { status: number; body: ReturnType<typeof graphqlErrorBody> }
  | {
      status: 200;
      /**
       * Runs every operation and hands `write` one NDJSON line per operation,
       * `{"index":i,"status":s,"body":…}`, in the order they finish. Lines finished in the same turn
       * of the event loop go out in one write.
       */
      stream(write: (chunk: string) => void): Promise<void>;
    };

/** The content type of a streamed batch answer: one JSON object per line. */
export const BATCH_ANSWER_TYPE = 'application/x-ndjson';

const JSON_HEADERS: [string, string][] = [['content-type', 'application/json']];

function line(index: number, status: number, body: string): string {
  return `{"index":${index},"status":${status},"body":${body}}\n`;
}

function refusal(status: number, message: string, code: string): BatchAnswer {
  return { status, body: graphqlErrorBody(message, code) };
}

type BatchOptions<Context extends BaseContext> = {
  apollo: ApolloServer<Context>;
  body: string;
  secret: string;
  logger: Logger;
  context: (signed: SignedIdentity, requestId: string | undefined) => Context;
};

/**
 * Checks a batch body, then runs its operations through Apollo Server concurrently, each with its own
 * verified identity and context, answering each as soon as it is done (the router goes on with the
 * first while the slowest still runs). A malformed body is refused whole (400); an operation without
 * a valid identity gets its own 401 and the others still run.
 */
export function executeBatch<Context extends BaseContext>(options: BatchOptions<Context>): BatchAnswer {
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
  const list: unknown[] = operations;
  return {
    status: 200,
    async stream(write) {
      let pending = '';
      let scheduled = false;
      const flush = () => {
        scheduled = false;
        if (pending.length === 0) return;
        const chunk = pending;
        pending = '';
        write(chunk);
      };
      await Promise.all(
        list.map(async (operation, index) => {
          // An operation that fails unexpectedly answers its own 500; the others still run and answer.
          const answer = await runOne(options, operation).catch((error: unknown) => {
            options.logger.error({ err: error }, 'batched operation failed');
            return {
              status: 500,
              body: JSON.stringify(graphqlErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR')),
            };
          });
          pending += line(index, answer.status, answer.body);
          if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        }),
      );
      flush();
    },
  };
}

/** One operation's status and JSON body text (one line: no raw line breaks). */
async function runOne<Context extends BaseContext>(
  options: BatchOptions<Context>,
  operation: unknown,
): Promise<{ status: number; body: string }> {
  const { identity, requestId, request } = (operation ?? {}) as Partial<BatchedOperation>;
  if (typeof operation !== 'object' || request === undefined) {
    return {
      status: 400,
      body: JSON.stringify(graphqlErrorBody('Each batched operation needs a request', 'BAD_REQUEST')),
    };
  }
  let signed: SignedIdentity;
  try {
    signed = await verifyIdentity(options.secret, typeof identity === 'string' ? identity : undefined);
  } catch (error) {
    options.logger.warn({ reason: (error as Error).message }, 'rejected batched operation without a valid identity');
    return {
      status: 401,
      body: JSON.stringify(graphqlErrorBody('A valid signed identity is required', 'UNAUTHENTICATED')),
    };
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({
    // A JSON content type satisfies Apollo's CSRF prevention, as the batch request's own did.
    httpGraphQLRequest: { method: 'POST', headers: new HeaderMap(JSON_HEADERS), search: '', body: request },
    context: async () =>
      options.context(signed, signed.requestId ?? (typeof requestId === 'string' ? requestId : undefined)),
  });
  // Without an `accept` asking for multipart, Apollo always answers complete.
  const text = response.body.kind === 'complete' ? response.body.string.trimEnd() : '';
  const json = response.headers.get('content-type')?.includes('json') && text.length > 0;
  // Apollo's JSON has no line breaks outside strings; a body that did would be re-encoded on one line.
  const body = !json ? JSON.stringify(text) : text.includes('\n') ? JSON.stringify(JSON.parse(text)) : text;
  return { status: response.status ?? 200, body };
}
