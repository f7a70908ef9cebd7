/**
 * Upstream subscriptions to subgraphs over graphql-ws. One socket per subgraph and identity scope
 * (the identity travels in `connectionParams` and the subgraph checks it when the socket opens), a
 * freshly signed identity for every new socket, several streams multiplexed on it, and the socket
 * closed when its last stream ends. No silent retries: a lost socket fails its streams, so clients
 * learn they must resubscribe (with their resume cursor) rather than miss events unknowingly.
 */
import { CodedError, IDENTITY_HEADER, type Identity } from '@mc/kit';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { toGraphQLError, type UpstreamEvent } from '../plan-executor.ts';

export interface UpstreamSink {
  next(event: UpstreamEvent): void;
  /** The stream failed: the subgraph refused it, or its socket closed. */
  error(failure: UpstreamFailure): void;
  complete(): void;
}

export class UpstreamFailure extends Error {
  override name = 'UpstreamFailure';
  readonly errors: ReturnType<typeof toGraphQLError>[];

  constructor(errors: ReturnType<typeof toGraphQLError>[]) {
    super(errors.map((error) => error.message).join('; '));
    this.errors = errors;
  }
}

export interface UpstreamRequest {
  service: string;
  scope: string;
  identity: Identity;
  credentialExpiresAt: number | undefined;
  /** Signed into the socket's identity (claim `ip`); part of `scope`, so one socket never mixes addresses. */
  clientAddress: string | undefined;
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

export interface UpstreamPoolOptions {
  /** Subgraph name → HTTP GraphQL URL (the WebSocket URL is derived). */
  urls: Record<string, string>;
  sign: (
    identity: Identity,
    credentialExpiresAt: number | undefined,
    clientAddress: string | undefined,
  ) => Promise<string>;
}

interface PooledClient {
  client: Client;
  streams: number;
}

export class UpstreamPool {
  private readonly options: UpstreamPoolOptions;
  private readonly clients = new Map<string, PooledClient>();
  /** Upstream subscriptions opened since start (for tests and metrics). */
  opened = 0;

  constructor(options: UpstreamPoolOptions) {
    this.options = options;
  }

  /** Open upstream sockets (for tests and metrics). */
  get sockets(): number {
    return this.clients.size;
  }

  /** Opens the subscription; the returned function ends it (idempotent). */
  open(request: UpstreamRequest, sink: UpstreamSink): () => void {
    const url = this.options.urls[request.service];
    if (!url) {
      queueMicrotask(() =>
        sink.error(
          failure(new CodedError('SERVICE_UNAVAILABLE', `No URL is configured for the ${request.service} subgraph`)),
        ),
      );
      return () => {};
    }
    const key = `${request.service}\n${request.scope}`;
    let pooled = this.clients.get(key);
    if (!pooled) {
      pooled = { client: this.connect(url, request), streams: 0 };
      this.clients.set(key, pooled);
    }
    const entry = pooled;
    entry.streams += 1;
    this.opened += 1;
    let ended = false;
    const release = () => {
      if (ended) return;
      ended = true;
      entry.streams -= 1;
      if (entry.streams === 0 && this.clients.get(key) === entry) {
        this.clients.delete(key);
        void entry.client.dispose();
      }
    };
    const unsubscribe = entry.client.subscribe<Record<string, unknown>>(
      { query: request.query, operationName: request.operationName, variables: request.variables },
      {
        next: (result) => {
          if (!ended) sink.next(result as UpstreamEvent);
        },
        error: (error) => {
          if (ended) return;
          release();
          sink.error(describeFailure(request.service, error));
        },
        complete: () => {
          if (ended) return;
          release();
          sink.complete();
        },
      },
    );
    return () => {
      if (ended) return;
      unsubscribe();
      release();
    };
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((pooled) => pooled.client.dispose()));
  }

  private connect(url: string, request: UpstreamRequest): Client {
    const { identity, credentialExpiresAt, clientAddress } = request;
    return createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      // Signed when the socket opens: the subgraph checks the identity once, at connect.
      connectionParams: async () => ({
        [IDENTITY_HEADER]: await this.options.sign(identity, credentialExpiresAt, clientAddress),
      }),
      lazy: true,
      lazyCloseTimeout: 0,
      retryAttempts: 0,
      keepAlive: 20_000,
      connectionAckWaitTimeout: 10_000,
    });
  }
}

function failure(error: CodedError): UpstreamFailure {
  return new UpstreamFailure([toGraphQLError({ message: error.message, extensions: { code: error.code } })]);
}

/** What the subgraph sent: GraphQL errors (refused subscribe), a close event, or a network error. */
function describeFailure(service: string, error: unknown): UpstreamFailure {
  if (Array.isArray(error) && error.length > 0) {
    return new UpstreamFailure(
      error.map((item) =>
        toGraphQLError({
          message: String(item?.message ?? 'Subscription refused'),
          path: item?.path,
          extensions: { code: 'INTERNAL_SERVER_ERROR', ...item?.extensions },
        }),
      ),
    );
  }
  const code = typeof (error as { code?: unknown })?.code === 'number' ? (error as { code: number }).code : undefined;
  return failure(
    new CodedError(
      'SERVICE_UNAVAILABLE',
      code === undefined
        ? `The ${service} subgraph could not be reached; subscribe again`
        : `The ${service} subgraph closed the stream (${code}); subscribe again`,
    ),
  );
}
