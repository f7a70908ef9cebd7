/**
 * Serves one subgraph over HTTP (`POST /graphql`, and `POST /graphql/batch` for the router's
 * batches, `batch.ts`) and graphql-ws (same path), with `/healthz`, `/readyz` and `/metrics`. Every
 * GraphQL operation must carry the router's signed identity; anything else is answered 401 before
 * execution.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { BATCH_ANSWER_TYPE, BATCH_PATH_SUFFIX, executeBatch } from './batch.ts';
import type { RequestContext } from './context.ts';
import { formatGraphQLError } from './errors.ts';
import { BodyTooLargeError, executeApollo, graphqlErrorBody, readBody, sendJson } from './http.ts';
import { IDENTITY_HEADER, IdentityError, REQUEST_ID_HEADER, type SignedIdentity, verifyIdentity } from './identity.ts';
import type { SubgraphInstance, SubgraphRuntime } from './runtime.ts';
import { formatSubscriptionErrors, subscribeWithFreshContexts } from './subscriptions.ts';

export interface ServeOptions {
  port: number;
  host: string;
  /** The router's identity signing secret. */
  secret: string;
  bodyLimitBytes?: number;
}

export interface ServedSubgraph {
  name: string;
  url: string;
  wsUrl: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveSubgraph<Context extends RequestContext>(
  instance: SubgraphInstance<Context>,
  runtime: SubgraphRuntime,
  options: ServeOptions,
): Promise<ServedSubgraph> {
  const { logger, metrics } = runtime;
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const apollo = new ApolloServer<Context>({
    schema: instance.schema,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    csrfPrevention: true,
    // Federated tracing costs time on every request and we do not report to Apollo's cloud. Cache
    // control wraps every field resolver (~2 % of the work subgraph's CPU) for hints no schema sets;
    // without it subgraphs send no cache-control header, which the router reads as uncacheable (as
    // the `no-store` they sent before), so its own answers keep `no-store`.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled()],
    formatError: (formatted, error) => {
      const result = formatGraphQLError(formatted, error, {
        onInternal: (original) => logger.error({ err: original }, 'unexpected error in resolver'),
      });
      metrics.graphqlErrors.inc({ code: String(result.extensions?.code ?? 'UNKNOWN') });
      return result;
    },
  });
  await apollo.start();

  const contextFor = (signed: SignedIdentity, requestId: string): Context =>
    instance.createContext({
      identity: signed.identity,
      requestId,
      logger: logger.child({ reqId: requestId }),
      credentialExpiresAt: signed.credentialExpiresAt,
      clientAddress: signed.clientAddress,
    });

  const server = createServer(async (req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    let status = 500;
    try {
      if (path === '/healthz') {
        status = 200;
        sendJson(res, 200, { status: 'ok', service: instance.name });
      } else if (path === '/readyz') {
        try {
          await runtime.database.ping();
          status = 200;
          sendJson(res, 200, { status: 'ready', service: instance.name });
        } catch {
          status = 503;
          sendJson(res, 503, { status: 'unavailable', service: instance.name });
        }
      } else if (path === '/metrics') {
        status = 200;
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (path === '/graphql') {
        status = await handleGraphQL(req, res);
      } else if (path === `/graphql${BATCH_PATH_SUFFIX}` && req.method === 'POST') {
        status = await handleBatch(req, res);
      } else {
        status = 404;
        sendJson(res, 404, { error: 'not found' });
      }
    } catch (error) {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, graphqlErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.end();
    } finally {
      metrics.httpDuration.observe(
        { route: path ?? '/', status: String(status) },
        (performance.now() - started) / 1000,
      );
    }
  });

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse): Promise<number> {
    let signed: SignedIdentity;
    try {
      signed = await verifyIdentity(options.secret, header(req, IDENTITY_HEADER));
    } catch (error) {
      logger.warn({ reason: (error as Error).message }, 'rejected request without a valid signed identity');
      sendJson(res, 401, graphqlErrorBody('A valid signed identity is required', 'UNAUTHENTICATED'));
      return 401;
    }
    const body = await readLimitedBody(req, res);
    if (body === undefined) return 413;
    const requestId = signed.requestId ?? header(req, REQUEST_ID_HEADER) ?? randomUUID();
    return executeApollo(apollo, req, res, body, async () => contextFor(signed, requestId));
  }

  /** The request's body, or undefined once a body over the limit has been answered 413. */
  async function readLimitedBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    try {
      return await readBody(req, bodyLimit);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(res, 413, graphqlErrorBody('Request body too large', 'PAYLOAD_TOO_LARGE'));
      return undefined;
    }
  }

  async function handleBatch(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (!(req.headers['content-type'] ?? '').includes('application/json')) {
      sendJson(res, 415, graphqlErrorBody('A batch is sent as application/json', 'BAD_REQUEST'));
      return 415;
    }
    const body = await readLimitedBody(req, res);
    if (body === undefined) return 413;
    const answer = executeBatch({
      apollo,
      body,
      secret: options.secret,
      logger,
      context: (signed, requestId) => contextFor(signed, requestId ?? randomUUID()),
    });
    if ('body' in answer) {
      sendJson(res, answer.status, answer.body);
    } else {
      res.writeHead(200, { 'content-type': `${BATCH_ANSWER_TYPE}; charset=utf-8` });
      await answer.stream((chunk) => res.write(chunk));
      res.end();
    }
    return answer.status;
  }

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: bodyLimit });
  const wsServer = useServer<Record<string, unknown>, { signed?: SignedIdentity }>(
    {
      schema: instance.schema,
      onConnect: async (ctx) => {
        try {
          const token = ctx.connectionParams?.[IDENTITY_HEADER];
          ctx.extra.signed = await verifyIdentity(options.secret, typeof token === 'string' ? token : undefined);
          return true;
        } catch (error) {
          if (error instanceof IdentityError) return false;
          throw error;
        }
      },
      context: (ctx) => {
        const signed = ctx.extra.signed as SignedIdentity;
        return contextFor(signed, signed.requestId ?? randomUUID());
      },
      // Each event of a subscription runs with a fresh context (fresh dataloaders), same caller.
      subscribe: (args) => {
        const { identity, requestId, credentialExpiresAt, clientAddress } = args.contextValue as Context;
        return subscribeWithFreshContexts(args, () =>
          instance.createContext({
            identity,
            requestId,
            logger: logger.child({ reqId: requestId }),
            credentialExpiresAt,
            clientAddress,
          }),
        );
      },
      // Errors over the socket get the same masking and codes as over HTTP.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? {
              ...result,
              errors: formatSubscriptionErrors(result.errors, (original) =>
                logger.error({ err: original }, 'unexpected error in subscription'),
              ),
            }
          : undefined,
    },
    wss,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info({ port: address.port }, `${instance.name} subgraph listening`);
  return {
    name: instance.name,
    url: `http://${host}:${address.port}/graphql`,
    wsUrl: `ws://${host}:${address.port}/graphql`,
    server,
    async close() {
      await wsServer.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await instance.close?.();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
