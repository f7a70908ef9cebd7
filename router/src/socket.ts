/**
 * graphql-ws on the router's `/graphql` path. Queries and mutations run through the same Apollo
 * pipeline as HTTP (limits, gateway, error masking); subscriptions are validated with the same
 * limits, capped per connection and per identity, planned, and served by the subscription hub
 * (`subscriptions/`). The credential travels in `connectionParams` (`authorization`,
 * `x-organization-id`); the socket closes with 4401 when it expires and with 4403 when identity
 * reports that the principal's access shrank or its credential was revoked (`auth/access-watch.ts`).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { AccessError, CodedError, type Logger } from '@mc/kit';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer as serveGraphQLOverWebSocket } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { AccessWatch } from './auth/access-watch.ts';
import type { Authenticated, Authenticator } from './auth/authenticator.ts';
import type { ClientAddressOf } from './auth/client-address.ts';
import type { IdentitySigner } from './auth/identity-signer.ts';
import type { RouterEnv } from './env.ts';
import type { RouterContext } from './gateway.ts';
import { createLimits } from './limits.ts';
import type { PlanExecutor } from './plan-executor.ts';
import type { OperationPlanner } from './planner.ts';
import { type ConnectionCount, SubscriptionCaps } from './subscriptions/caps.ts';
import { type CachedDocument, DocumentCache } from './subscriptions/document-cache.ts';
import { type NextOutput, socketOutput } from './subscriptions/next-frames.ts';
import { principalKey } from './subscriptions/scope.ts';
import { type SubscribeRequest, SubscriptionHub } from './subscriptions/subscription-hub.ts';
import { UpstreamPool } from './subscriptions/upstream.ts';

export interface SocketOptions {
  server: Server;
  apollo: ApolloServer<RouterContext>;
  schema: () => GraphQLSchema;
  authenticator: Authenticator;
  signer: IdentitySigner;
  /** The caller's address from the upgrade request (signed into queries and mutations). */
  clientAddress: ClientAddressOf;
  env: RouterEnv;
  logger: Logger;
  allowOrigin: (origin: string, req: IncomingMessage) => boolean;
  /** Plans subscriptions (the router's one planner). */
  planner: OperationPlanner;
  /** Completes subscription events (through the gateway's data sources). */
  executor: PlanExecutor;
  /** Subgraph name → HTTP GraphQL URL, for upstream subscriptions. */
  subgraphUrls: Record<string, string>;
}

type SocketExtra = {
  auth?: Authenticated;
  clientAddress?: string;
  expiry?: NodeJS.Timeout;
  live?: ConnectionCount;
  unwatch?: () => void;
};

interface SocketContext {
  query: string;
  auth: Authenticated;
  clientAddress: string | undefined;
}

interface SubscriptionContext {
  request: SubscribeRequest;
  release: () => void;
  output: NextOutput;
}

const PING_MS = 30_000;
/** Close code when identity reports that the socket's access shrank or its credential was revoked. */
export const ACCESS_CHANGED_CLOSE_CODE = 4403;
export const CREDENTIAL_EXPIRED_CLOSE_CODE = 4401;

export function attachSocket(options: SocketOptions) {
  const { env, logger } = options;
  const limits = createLimits(env);
  const rules = [...specifiedRules, ...limits.validationRules];
  const documents = new DocumentCache();
  const { planner } = options;
  const upstreams = new UpstreamPool({
    urls: options.subgraphUrls,
    sign: (identity, credentialExpiresAt, clientAddress) =>
      options.signer.sign(identity, credentialExpiresAt, clientAddress),
  });
  const hub = new SubscriptionHub({
    upstreams,
    executor: options.executor,
    sign: (auth, clientAddress) => options.signer.sign(auth.identity, auth.credentialExpiresAt, clientAddress),
    maxBuffered: env.SUBSCRIPTION_BUFFER,
  });
  const caps = new SubscriptionCaps({
    perConnection: env.SUBSCRIPTIONS_PER_CONNECTION,
    perIdentity: env.SUBSCRIPTIONS_PER_IDENTITY,
  });

  // Identity's access changes reach the authenticator after the principal cache dropped them, so
  // the re-authentication a change starts reads identity afresh.
  const access = new AccessWatch({
    authenticate: (credential) => options.authenticator.authenticate(credential),
    logger,
  });
  const unwatchChanges = options.authenticator.onPrincipalChanged((change) => access.changed(change));

  function prepareSubscription(
    extra: SocketExtra & { socket: WebSocket },
    id: string,
    payload: SubscribePayload,
    { text, document }: CachedDocument,
    operation: OperationDefinitionNode,
  ): ExecutionArgs | GraphQLError[] {
    const schema = options.schema();
    const invalid = documents.validate(schema, document, (schema, document) => validate(schema, document, rules));
    if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
    if (coerced.errors) return coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
    const operationName = payload.operationName ?? undefined;
    let plan: ReturnType<OperationPlanner['plan']>;
    try {
      plan = planner.plan(text, document, operationName);
    } catch (error) {
      logger.error({ err: error }, 'subscription planning failed');
      return [coded('The subscription could not be planned', 'INTERNAL_SERVER_ERROR')];
    }
    const auth = extra.auth as Authenticated;
    const reservation = caps.reserve(extra.live as ConnectionCount, principalKey(auth.identity));
    if (!reservation.ok) {
      return [
        reservation.reason === 'connection'
          ? coded(`At most ${env.SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`, 'SUBSCRIPTION_LIMIT', {
              limit: env.SUBSCRIPTIONS_PER_CONNECTION,
              scope: 'connection',
            })
          : coded(`At most ${env.SUBSCRIPTIONS_PER_IDENTITY} live subscriptions per identity`, 'SUBSCRIPTION_LIMIT', {
              limit: env.SUBSCRIPTIONS_PER_IDENTITY,
              scope: 'identity',
            }),
      ];
    }
    const contextValue: SubscriptionContext = {
      request: { plan, text, operationName, variables: coerced.coerced, auth, clientAddress: extra.clientAddress },
      release: reservation.release,
      // Results go straight to the socket, serialized once per event for all subscribers of a stream.
      output: socketOutput(extra.socket, id),
    };
    return { schema, document, variableValues: coerced.coerced, operationName, contextValue };
  }
  const wss = new WebSocketServer({
    server: options.server,
    path: '/graphql',
    maxPayload: env.MAX_BODY_BYTES,
    verifyClient: ({ origin, req }: { origin: string; req: IncomingMessage }) =>
      !origin || options.allowOrigin(origin, req),
  });

  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (socket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
  });
  const pinger = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, PING_MS);
  pinger.unref();

  const server = serveGraphQLOverWebSocket<Record<string, unknown>, SocketExtra>(
    {
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const read = (name: string) => {
          const value = params[name] ?? params[name.toLowerCase()] ?? params[capitalize(name)];
          return typeof value === 'string' ? value : undefined;
        };
        // Taken first: a change while this socket authenticates is applied once it is watched.
        const ticket = access.begin();
        try {
          const credential = {
            authorization: read('authorization'),
            organizationId: read('x-organization-id') ?? read('organizationId'),
          };
          const auth = await options.authenticator.authenticate(credential);
          const { socket } = ctx.extra;
          // Gone while authenticating (init timeout, client left): onClose already ran, watch nothing.
          if (socket.readyState !== socket.OPEN) {
            ticket.end();
            return false;
          }
          ctx.extra.auth = auth;
          ctx.extra.clientAddress = options.clientAddress(ctx.extra.request);
          ctx.extra.live = { subscriptions: 0 };
          ctx.extra.unwatch = access.watch(
            {
              credential,
              auth,
              update: (fresh) => {
                ctx.extra.auth = fresh;
              },
              close: () => socket.close(ACCESS_CHANGED_CLOSE_CODE, 'Access changed or revoked; reconnect'),
            },
            ticket,
          );
          if (auth.credentialExpiresAt !== undefined) {
            const delay = Math.max(0, auth.credentialExpiresAt * 1000 - Date.now());
            ctx.extra.expiry = setTimeout(
              () => ctx.extra.socket.close(CREDENTIAL_EXPIRED_CLOSE_CODE, 'Credential expired'),
              Math.min(delay, 2 ** 31 - 1),
            );
          }
          return true;
        } catch (error) {
          ticket.end();
          if (error instanceof AccessError || error instanceof CodedError) return false;
          logger.error({ err: error }, 'socket authentication failed');
          ctx.extra.socket.close(CloseCode.InternalServerError, 'Authentication unavailable');
          return false;
        }
      },
      onDisconnect: (ctx) => {
        clearTimeout(ctx.extra.expiry);
        ctx.extra.unwatch?.();
      },
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiry);
        ctx.extra.unwatch?.();
      },
      onSubscribe: (ctx, id, payload) => {
        let parsed: CachedDocument;
        try {
          parsed = documents.parse(payload.query, (text) => parse(text, { maxTokens: env.MAX_TOKENS }));
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const { document } = parsed;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation === 'subscription')
          return prepareSubscription(ctx.extra, id, payload, parsed, operation);
        const contextValue: SocketContext = {
          query: payload.query,
          auth: ctx.extra.auth as Authenticated,
          clientAddress: ctx.extra.clientAddress,
        };
        return {
          schema: options.schema(),
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        } satisfies ExecutionArgs;
      },
      execute: async (args: ExecutionArgs): Promise<ExecutionResult> => {
        const { query, auth, clientAddress } = args.contextValue as SocketContext;
        const signedIdentity = await options.signer.sign(auth.identity, auth.credentialExpiresAt, clientAddress);
        const response = await options.apollo.executeOperation(
          {
            query,
            variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined,
            operationName: args.operationName ?? undefined,
          },
          { contextValue: { requestId: crypto.randomUUID(), signedIdentity } },
        );
        if (response.body.kind !== 'single') {
          return { errors: [new GraphQLError('Incremental delivery is not supported on the socket')] };
        }
        return response.body.singleResult as ExecutionResult;
      },
      subscribe: (args: ExecutionArgs) => {
        const { request, release, output } = args.contextValue as SubscriptionContext;
        try {
          const subscriber = hub.subscribe(request, output);
          subscriber.onEnd(release);
          return subscriber;
        } catch (error) {
          release();
          throw error;
        }
      },
    },
    wss,
  );

  return {
    hub,
    async close() {
      clearInterval(pinger);
      unwatchChanges();
      await server.dispose();
      wss.close();
      await upstreams.close();
    },
  };
}

function coded(message: string, code: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** As Apollo Server does on HTTP: the code says which stage refused the operation. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code } });
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
