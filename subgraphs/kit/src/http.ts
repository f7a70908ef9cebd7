/** Small helpers for serving Apollo Server and plain endpoints on node:http without a framework. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** Reads a request body up to `limit` bytes; rejects early (without buffering more) past it. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return reject(new BodyTooLargeError(`body exceeds ${limit} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export function graphqlErrorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Runs one HTTP GraphQL request through Apollo Server and writes its response. */
export async function executeApollo<Context extends BaseContext>(
  server: ApolloServer<Context>,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  context: () => Promise<Context>,
  extraHeaders: Record<string, string> = {},
): Promise<number> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let parsed: unknown = body;
  const contentType = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && contentType.includes('application/json')) {
    try {
      parsed = body.length > 0 ? JSON.parse(body) : {};
    } catch {
      sendJson(res, 400, graphqlErrorBody('Request body is not valid JSON', 'BAD_REQUEST'));
      return 400;
    }
  }
  const response: HTTPGraphQLResponse = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers: toHeaderMap(req), search: url.search, body: parsed },
    context,
  });
  const status = response.status ?? 200;
  const headers: Record<string, string> = { ...extraHeaders };
  for (const [name, value] of response.headers) headers[name] = value;
  res.writeHead(status, headers);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
  } else {
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
  return status;
}
