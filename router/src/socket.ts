/**
 * graphql-ws on the router's `/graphql` path. Queries and mutations run through the same Apollo
 * pipeline as HTTP (limits, gateway, error masking); the credential travels in `connectionParams`
 * (`authorization`, `x-organization-id`) and the socket closes when it expires. Federated
 * subscriptions are planned for the socket but not served yet: they are refused with a clear code.
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
  parse,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer as serveGraphQLOverWebSocket } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Authenticated, Authenticator } from './auth/authenticator.ts';
import type { IdentitySigner } from './auth/identity-signer.ts';
import type { RouterEnv } from './env.ts';
import type { RouterContext } from './gateway.ts';

export interface SocketOptions {
  server: Server;
  apollo: ApolloServer<RouterContext>;
  schema: () => GraphQLSchema;
  authenticator: Authenticator;
  signer: IdentitySigner;
  env: RouterEnv;
  logger: Logger;
  allowOrigin: (origin: string, req: IncomingMessage) => boolean;
}

type SocketExtra = {
  auth?: Authenticated;
  expiry?: NodeJS.Timeout;
};

interface SocketContext {
  query: string;
  auth: Authenticated;
}

const PING_MS = 30_000;

export function attachSocket(options: SocketOptions) {
  const { env, logger } = options;
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
        try {
          const auth = await options.authenticator.authenticate({
            authorization: read('authorization'),
            organizationId: read('x-organization-id') ?? read('organizationId'),
          });
          ctx.extra.auth = auth;
          if (auth.credentialExpiresAt !== undefined) {
            const delay = Math.max(0, auth.credentialExpiresAt * 1000 - Date.now());
            ctx.extra.expiry = setTimeout(
              () => ctx.extra.socket.close(4401, 'Credential expired'),
              Math.min(delay, 2 ** 31 - 1),
            );
          }
          return true;
        } catch (error) {
          if (error instanceof AccessError || error instanceof CodedError) return false;
          logger.error({ err: error }, 'socket authentication failed');
          ctx.extra.socket.close(CloseCode.InternalServerError, 'Authentication unavailable');
          return false;
        }
      },
      onDisconnect: (ctx) => clearTimeout(ctx.extra.expiry),
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      onSubscribe: (ctx, _id, payload) => {
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query, { maxTokens: env.MAX_TOKENS });
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation === 'subscription') {
          return [
            new GraphQLError('Subscriptions through the router are not available yet', {
              extensions: { code: 'OPERATION_NOT_SUPPORTED' },
            }),
          ];
        }
        const contextValue: SocketContext = { query: payload.query, auth: ctx.extra.auth as Authenticated };
        return {
          schema: options.schema(),
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        } satisfies ExecutionArgs;
      },
      execute: async (args: ExecutionArgs): Promise<ExecutionResult> => {
        const { query, auth } = args.contextValue as SocketContext;
        const signedIdentity = await options.signer.sign(auth.identity, auth.credentialExpiresAt);
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
    },
    wss,
  );

  return {
    async close() {
      clearInterval(pinger);
      await server.dispose();
      wss.close();
    },
  };
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
