/**
 * The router's HTTP client toward subgraphs: `node:http`/`node:https` requests over keep-alive
 * agents (sockets reused, most recently used first), answering with the small part of the fetch
 * `Response` that `@apollo/gateway`'s data sources read. Cheaper per request than WHATWG `fetch`,
 * whose streams showed up in the router's profile under load.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BATCH_ANSWER_TYPE } from '@mc/kit';

const agentOptions = { keepAlive: true, maxSockets: 256, maxFreeSockets: 256, scheduling: 'lifo' as const };
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);

export interface SubgraphFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SubgraphResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  /** WHATWG Headers, built on first use (the router's own data source reads `header()`). */
  readonly headers: Headers;
  /** A response header by lower-case name (repeated ones joined by ", "). */
  header(name: string): string | undefined;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

function toResponse(url: string, message: IncomingMessage, text: string): SubgraphResponse {
  let headers: Headers | undefined;
  const status = message.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: message.statusMessage ?? '',
    url,
    get headers() {
      headers ??= toHeaders(message);
      return headers;
    },
    header: (name) => {
      const value = message.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    text: async () => text,
    json: async () => JSON.parse(text),
  };
}

function toHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

interface Target {
  secure: boolean;
  options: { protocol: string; hostname: string; port: string; path: string };
}

/** Parsed subgraph URLs: a router talks to a handful, millions of times. */
const targets = new Map<string, Target>();

function target(url: string): Target {
  let found = targets.get(url);
  if (!found) {
    const parsed = new URL(url);
    const secure = parsed.protocol === 'https:';
    found = {
      secure,
      options: {
        protocol: parsed.protocol,
        hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
        port: parsed.port || (secure ? '443' : '80'),
        path: `${parsed.pathname}${parsed.search}`,
      },
    };
    if (targets.size > 1_000) targets.clear();
    targets.set(url, found);
  }
  return found;
}

/**
 * POSTs (by default) to a subgraph and answers once the response has ended. With `onLine`, a 200
 * answer in NDJSON (a streamed batch, `@mc/kit`'s `batch.ts`) is handed over line by line as it
 * arrives instead of kept; an exception from `onLine` fails the request.
 */
export function subgraphFetch(
  url: string,
  init: SubgraphFetchInit = {},
  onLine?: (line: string) => void,
): Promise<SubgraphResponse> {
  return new Promise((resolve, reject) => {
    const { secure, options } = target(url);
    const body = init.body ?? '';
    const request = (secure ? httpsRequest : httpRequest)({
      ...options,
      method: init.method ?? 'POST',
      headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: secure ? httpsAgent : httpAgent,
    });
    request.once('response', (message: IncomingMessage) => {
      message.once('error', reject);
      if (onLine && message.statusCode === 200 && message.headers['content-type']?.startsWith(BATCH_ANSWER_TYPE)) {
        readLines(message, onLine, reject, (rest) => resolve(toResponse(url, message, rest)));
        return;
      }
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.once('end', () => resolve(toResponse(url, message, Buffer.concat(chunks).toString('utf8'))));
    });
    request.once('error', reject);
    request.end(body);
  });
}

/** Calls `onLine` for each complete non-empty line; `end` gets what followed the last line break. */
function readLines(
  message: IncomingMessage,
  onLine: (line: string) => void,
  reject: (error: unknown) => void,
  end: (rest: string) => void,
): void {
  // A string decoder keeps a character split between two chunks whole.
  message.setEncoding('utf8');
  let rest = '';
  message.on('data', (chunk: string) => {
    rest += chunk;
    let start = 0;
    try {
      for (let newline = rest.indexOf('\n'); newline !== -1; newline = rest.indexOf('\n', start)) {
        if (newline > start) onLine(rest.slice(start, newline));
        start = newline + 1;
      }
    } catch (error) {
      message.removeAllListeners('data');
      message.destroy();
      reject(error);
      return;
    }
    rest = rest.slice(start);
  });
  message.once('end', () => end(rest));
}
