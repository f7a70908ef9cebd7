/**
 * The router's data source for every subgraph: forwards the signed identity and request id, sends
 * identical concurrent reads under the same identity once (`InFlight`), sends each distinct entity
 * representation once (`dedupeRepresentations`), answers an entity fetch of a query from what the query
 * already read from this subgraph when it can (`RequestEntities`), and posts over `subgraphFetch`, the
 * reads ready together for one subgraph as one batch (`SubgraphBatcher`).
 */
import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader.js';
import { IDENTITY_HEADER, MAX_BATCH_OPERATIONS, REQUEST_ID_HEADER } from '@mc/kit';
import { cloneJson } from './clone-json.ts';
import { dedupeRepresentations } from './entity-dedupe.ts';
import { InFlight } from './inflight.ts';
import { RequestEntities } from './request-entities.ts';
import { postAlone, SubgraphBatcher } from './subgraph-batch.ts';
import { type SubgraphResponse, subgraphFetch } from './subgraph-fetch.ts';

export interface RouterContext extends Record<string, unknown> {
  requestId: string;
  signedIdentity: string;
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type ProcessOptions = GraphQLDataSourceProcessOptions<RouterContext>;

/** Planner-generated subgraph reads (`query …` or `{ … }`); mutations are never shared. */
const READ = /^\s*(query\b|\{)/;

export class SignedDataSource extends RemoteGraphQLDataSource<RouterContext> {
  // The response's `http` part holds the raw response (not modified): copy only the payload.
  private readonly inFlight = new InFlight<GatewayGraphQLResponse>((response) => ({
    ...response,
    data: cloneJson(response.data),
    errors: cloneJson(response.errors),
    extensions: cloneJson(response.extensions),
  }));

  private readonly batcher: SubgraphBatcher | undefined;
  private readonly entities: RequestEntities | undefined;
  private readonly onLocalEntities: (() => void) | undefined;

  /** `name`: the subgraph's name in the supergraph (without it, no entity fetch is answered locally). */
  constructor(
    url: string,
    options: { name?: string; batchMax?: number; onBatch?: (reads: number) => void; onLocalEntities?: () => void } = {},
  ) {
    super({ url, fetcher: subgraphFetch as never });
    const batchMax = options.batchMax ?? MAX_BATCH_OPERATIONS;
    this.batcher = batchMax > 1 ? new SubgraphBatcher(url, batchMax, options.onBatch) : undefined;
    this.entities = options.name === undefined ? undefined : new RequestEntities(options.name);
    this.onLocalEntities = options.onLocalEntities;
  }

  override async process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const deduped = dedupeRepresentations(options.request.variables);
    const request = deduped ? { ...options.request, variables: deduped.variables } : options.request;
    const query = this.entities && clientQuery(options);
    const local = query && this.entities?.answer(query, request.query ?? '', request.variables);
    let answer: GatewayGraphQLResponse;
    if (local) {
      this.onLocalEntities?.();
      answer = { data: { _entities: local } };
    } else {
      answer = await this.shared(deduped ? { ...options, request } : options);
      if (query && answer.data && !answer.errors) this.entities?.record(query, request.query ?? '', answer.data);
    }
    return deduped ? deduped.expand(answer) : answer;
  }

  override willSendRequest({ request, context }: ProcessOptions): void {
    // Health checks and schema loads have no request context; they carry no identity.
    if (!('signedIdentity' in context) || !request.http) return;
    request.http.headers.set(IDENTITY_HEADER, context.signedIdentity);
    request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  private shared(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const { query, variables } = options.request;
    const identity = (options.context as Partial<RouterContext>).signedIdentity;
    if (!identity || !query || !READ.test(query)) return this.send(options);
    const key = `${identity}\n${query}\n${JSON.stringify(variables ?? {})}`;
    return this.inFlight.run(key, () => this.send(options));
  }

  /**
   * What `RemoteGraphQLDataSource.process` does for an operation of a client request (same body,
   * headers, HTTP errors and cache-control hint), without the node-fetch `Headers` and `Request`
   * objects it builds per call, which showed in the router's profile. Anything else (APQ, extra
   * headers such as federated tracing, health checks) takes the stock path.
   */
  private async send(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request, context } = options;
    if (this.apq || request.http || !('incomingRequestContext' in options)) return super.process(options);
    if (!request.query) throw new Error('Missing query');
    const { signedIdentity, requestId } = context as RouterContext;
    const read = { signedIdentity, requestId, body: JSON.stringify(request) };
    // Reads may share a batch with others ready at the same time; a mutation always goes alone.
    const response =
      this.batcher && READ.test(request.query) ? await this.batcher.send(read) : await postAlone(this.url, read);
    if (!response.ok) throw await this.errorFromResponse(response as never);
    const body = await parseBody(response);
    const policy = options.incomingRequestContext.overallCachePolicy;
    if (this.honorSubgraphCacheControlHeader && policy && 'restrict' in policy) {
      policy.restrict(cacheHint(response.header('cache-control')));
    }
    return { ...body, http: response as never };
  }
}

/**
 * The incoming request when it is a client's query over HTTP: only then may a later fetch be answered
 * from an earlier one (not a mutation, which may change what was read; not a subscription event, whose
 * context outlives one execution; not the router's own calls, which carry no identity).
 */
function clientQuery(options: ProcessOptions): object | undefined {
  if (!('incomingRequestContext' in options)) return undefined;
  const incoming = options.incomingRequestContext as { operation?: { operation?: string } };
  const context = options.context as Partial<RouterContext>;
  return incoming.operation?.operation === 'query' && context.signedIdentity ? incoming : undefined;
}

async function parseBody(response: SubgraphResponse): Promise<Record<string, unknown>> {
  const type = response.header('content-type');
  const json = type?.startsWith('application/json') || type?.startsWith('application/graphql-response+json');
  const body = json ? await response.json() : await response.text();
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error(`Expected JSON response body, but received: ${body}`);
  return body as Record<string, unknown>;
}

/** The hint `RemoteGraphQLDataSource` derives from a subgraph's `cache-control` header. */
function cacheHint(header: string | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const parsed = parseCacheControlHeader(header);
  const maxAge = parsed['max-age'];
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = {
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
  };
  if (parsed.private === true) hint.scope = 'PRIVATE';
  if (parsed.public === true) hint.scope = 'PUBLIC';
  return hint;
}
