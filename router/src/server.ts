/**
 * The router's HTTP server: `/graphql` (POST and GET queries, the IDE for browsers), `/healthz`,
 * `/readyz`, `/metrics`, and the admin console at `/` (console.ts). Authenticates every request,
 * forwards a signed identity, enforces CORS, body size and operation limits, and answers every
 * failure with a typed error (never a 500).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  AccessError,
  BodyTooLargeError,
  CodedError,
  type EventBus,
  executeApollo,
  formatGraphQLError,
  graphqlErrorBody,
  type Logger,
  REQUEST_ID_HEADER,
  readBody,
  type ServiceMetrics,
  sendJson,
} from '@mc/kit';
import type { GraphQLSchema } from 'graphql';
import { handleAgentRest, isAgentRestPath } from './agent-rest.ts';
import { Authenticator } from './auth/authenticator.ts';
import { clientAddressResolver } from './auth/client-address.ts';
import { IdentitySigner } from './auth/identity-signer.ts';
import { IdentityUnavailableError, PrincipalClient } from './auth/principal-client.ts';
import { createConsoleServer } from './console.ts';
import type { RouterEnv } from './env.ts';
import { createGateway, gatewayDataSource, type RouterContext, routerGateway } from './gateway.ts';
import { createH5AppServer } from './h5-app.ts';
import { IDE_ASSET_PREFIX, serveIdeAsset, serveIdePage } from './ide.ts';
import { createLimits } from './limits.ts';
import { PlanExecutor } from './plan-executor.ts';
import { OperationPlanner } from './planner.ts';
import { attachSocket } from './socket.ts';
import { SystemCaller } from './system-caller.ts';
import { handleWebhook, WEBHOOK_PATH_PREFIX } from './webhooks.ts';

export interface RouterOptions {
  env: RouterEnv;
  /** Subgraph name → GraphQL URL. */
  subgraphUrls: Record<string, string>;
  logger: Logger;
  metrics: ServiceMetrics;
  bus?: EventBus;
}

export interface RunningRouter {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const CORS_HEADERS = 'content-type, authorization, x-organization-id, x-request-id, apollo-require-preflight';

export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const { env, logger, metrics } = options;
  const identityUrl = options.subgraphUrls.identity;
  if (!identityUrl) throw new Error('the identity subgraph URL is required');
  const principals = new PrincipalClient({
    identityUrl,
    secret: env.INTERNAL_SIGNING_SECRET,
    cacheSeconds: env.PRINCIPAL_CACHE_SECONDS,
    bus: options.bus,
  });
  await principals.start();
  const authenticator = new Authenticator(env, principals);
  const signer = new IdentitySigner(env.INTERNAL_SIGNING_SECRET);
  const clientAddress = clientAddressResolver(env.TRUSTED_PROXIES);
  const production = env.NODE_ENV === 'production';
  const limits = createLimits(env);
  const systemCaller = new SystemCaller(env.INTERNAL_SIGNING_SECRET);

  const batchReads = metrics.histogram({
    name: 'mc_router_subgraph_batch_reads',
    help: 'Reads per HTTP request the router sent to a subgraph (1: alone; more: one batch)',
    labelNames: ['subgraph'] as const,
    buckets: [1, 2, 4, 8, 16, 32],
  });
  const localEntities = metrics.counter({
    name: 'mc_router_entity_fetches_answered_locally_total',
    help: 'Entity fetches answered from what the same query had already read from that subgraph',
    labelNames: ['subgraph'] as const,
  });
  const gateway = createGateway({
    supergraphPath: env.SUPERGRAPH_PATH,
    urls: options.subgraphUrls,
    batchMax: env.SUBGRAPH_BATCH_MAX,
    onBatch: (subgraph, reads) => batchReads.observe({ subgraph }, reads),
    onLocalEntities: (subgraph) => localEntities.inc({ subgraph }),
  });
  // One planner for both executors: client queries over HTTP and subscription events.
  const planner = OperationPlanner.fromFile(env.SUPERGRAPH_PATH);
  const planExecutor = new PlanExecutor({ planner, dataSource: (name) => gatewayDataSource(gateway, name), logger });
  let apiSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });
  const apollo = new ApolloServer<RouterContext>({
    gateway: routerGateway(gateway, planner, planExecutor),
    plugins: limits.plugins as ApolloServerPlugin<RouterContext>[],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    introspection: true,
    csrfPrevention: true,
    formatError: (formatted, error) => {
      const result = formatGraphQLError(formatted, error, {
        trustCodes: true,
        onInternal: (original) => logger.error({ err: original }, 'unexpected router error'),
      });
      metrics.graphqlErrors.inc({ code: String(result.extensions?.code ?? 'UNKNOWN') });
      return result;
    },
  });
  await apollo.start();

  const allowedOrigins = new Set(env.CORS_ORIGINS);
  const adminConsole = createConsoleServer(env);
  const h5App = createH5AppServer(env);

  /** Listed origins, and the router's own pages (the IDE) on the host they were served from. */
  const allowOrigin = (origin: string, req: IncomingMessage) =>
    allowedOrigins.has(origin) || allowedOrigins.has('*') || sameHost(origin, req);

  function cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    if (!allowOrigin(origin, req)) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-allow-credentials', 'true');
    return true;
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const requestId = headerValue(req, REQUEST_ID_HEADER)?.slice(0, 100) || randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    let body = '';
    try {
      if (req.method === 'POST') body = await readBody(req, env.MAX_BODY_BYTES);
      const who = await authenticator.authenticate({
        authorization: headerValue(req, 'authorization'),
        organizationId: headerValue(req, 'x-organization-id'),
      });
      const signedIdentity = await signer.sign(who.identity, who.credentialExpiresAt, clientAddress(req));
      return await executeApollo(apollo, req, res, body, async () => ({ requestId, signedIdentity }));
    } catch (error) {
      return sendFailure(res, error, requestId);
    }
  }

  function sendFailure(res: ServerResponse, error: unknown, requestId: string): number {
    if (error instanceof BodyTooLargeError) {
      sendJson(res, 413, graphqlErrorBody(`Request body exceeds ${env.MAX_BODY_BYTES} bytes`, 'PAYLOAD_TOO_LARGE'));
      return 413;
    }
    if (error instanceof CodedError) {
      const status = error instanceof AccessError && error.code === 'UNAUTHENTICATED' ? 401 : 400;
      const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
      sendJson(
        res,
        status,
        { errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] },
        headers,
      );
      return status;
    }
    if (error instanceof IdentityUnavailableError) {
      logger.error({ err: error, requestId }, 'identity unavailable');
      sendJson(res, 503, graphqlErrorBody('Authentication is temporarily unavailable', 'SERVICE_UNAVAILABLE'), {
        'retry-after': '2',
      });
      return 503;
    }
    logger.error({ err: error, requestId }, 'request failed');
    sendJson(res, 503, graphqlErrorBody('The request could not be completed', 'SERVICE_UNAVAILABLE'));
    return 503;
  }

  async function ready(): Promise<boolean> {
    const checks = Object.values(options.subgraphUrls).map(async (url) => {
      const response = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) });
      return response.ok;
    });
    const results = await Promise.allSettled(checks);
    return results.every((result) => result.status === 'fulfilled' && result.value);
  }

  const server = createServer(async (req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    let status = 200;
    try {
      if (!cors(req, res)) {
        status = 403;
        sendJson(res, 403, graphqlErrorBody('Origin not allowed', 'FORBIDDEN'));
      } else if (req.method === 'OPTIONS') {
        status = 204;
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': CORS_HEADERS,
          'access-control-max-age': '600',
        });
        res.end();
      } else if (path === '/graphql' && req.method === 'GET' && wantsHtml(req)) {
        serveIdePage(res);
      } else if (path.startsWith(IDE_ASSET_PREFIX) && req.method === 'GET') {
        if (!serveIdeAsset(res, path.slice(IDE_ASSET_PREFIX.length))) {
          status = 404;
          sendJson(res, 404, { error: 'not found' });
        }
      } else if (path === '/graphql') {
        status = await handleGraphQL(req, res);
      } else if (isAgentRestPath(path)) {
        status = await handleAgentRest(req, res, path, {
          apollo,
          authenticator,
          signer,
          clientAddress,
          logger,
          maxBodyBytes: env.MAX_BODY_BYTES,
        });
      } else if (path.startsWith(WEBHOOK_PATH_PREFIX)) {
        status = await handleWebhook(req, res, {
          workUrl: options.subgraphUrls.work,
          caller: systemCaller,
          onError: (error) => logger.error({ err: error }, 'webhook ingest failed'),
        });
      } else if (path === '/healthz') {
        sendJson(res, 200, { status: 'ok', service: 'router' });
      } else if (path === '/readyz') {
        const ok = await ready();
        status = ok ? 200 : 503;
        sendJson(res, status, { status: ok ? 'ready' : 'unavailable', service: 'router' });
      } else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (!h5App.handle(req, res, path) && !adminConsole.handle(req, res, path)) {
        status = 404;
        sendJson(res, 404, { error: 'not found' });
      }
    } catch (error) {
      logger.error({ err: error }, 'unhandled request failure');
      status = 503;
      if (!res.headersSent)
        sendJson(res, 503, graphqlErrorBody('The request could not be completed', 'SERVICE_UNAVAILABLE'));
      else res.end();
    } finally {
      metrics.httpDuration.observe(
        { route: routeLabel(path), status: String(status) },
        (performance.now() - started) / 1000,
      );
    }
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const socket = attachSocket({
    server,
    apollo,
    schema: () => {
      if (!apiSchema) throw new Error('the supergraph is not loaded');
      return apiSchema;
    },
    authenticator,
    signer,
    clientAddress,
    env,
    logger,
    allowOrigin,
    planner,
    executor: planExecutor,
    subgraphUrls: options.subgraphUrls,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}/graphql`,
    port,
    server,
    async close() {
      await socket.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await principals.stop();
    },
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameHost(origin: string, req: IncomingMessage): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function wantsHtml(req: IncomingMessage): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  return !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
}

function routeLabel(path: string): string {
  if (path.startsWith(IDE_ASSET_PREFIX)) return IDE_ASSET_PREFIX;
  if (path.startsWith(WEBHOOK_PATH_PREFIX)) return WEBHOOK_PATH_PREFIX;
  return ['/graphql', '/healthz', '/readyz', '/metrics'].includes(path) ? path : 'other';
}
