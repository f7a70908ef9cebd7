/**
 * Hive Gateway for the subscription benchmark: `createGatewayRuntime` over the same supergraph, with
 * graphql-ws on `/graphql` wired as its CLI wires it (`getGraphQLWSOptions`), and subscriptions to
 * the `feed` subgraph over graphql-ws (`transportEntries … subscriptions: { kind: 'ws' }`). It does
 * not understand our signed identity: like the peer benchmark, every subgraph request (HTTP headers
 * and the WebSocket's `connectionParams`) carries `BENCH_SIGNED_IDENTITY`, signed by the benchmark.
 */
import { createServer } from 'node:http';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway';
import { IDENTITY_HEADER } from '@mc/kit';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { peerEnv } from '../peers/peer-env.ts';

const env = peerEnv();

const gateway = createGatewayRuntime({
  supergraph: env.supergraphPath,
  logging: 'warn',
  propagateHeaders: { fromClientToSubgraphs: () => ({ [IDENTITY_HEADER]: env.signedIdentity }) },
  transportEntries: {
    feed: {
      options: {
        subscriptions: {
          kind: 'ws',
          location: '/graphql',
          options: { connectionParams: { [IDENTITY_HEADER]: env.signedIdentity } },
        },
      },
    },
  },
});

const server = createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ready","service":"hive-gateway"}');
    return;
  }
  void gateway(req, res);
});
const sockets = new WebSocketServer({ server, path: gateway.graphqlEndpoint });
const served = useServer(
  getGraphQLWSOptions(gateway, (ctx) => {
    const { request, socket } = ctx.extra as Extra;
    const headers = Object.entries(request.headers).flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, value] as [string, string]] : [],
    );
    return {
      req: request,
      socket,
      request: new gateway.fetchAPI.Request(`http://${env.host}${request.url ?? '/graphql'}`, { headers }),
    };
  }),
  sockets,
);
// Load the supergraph before serving. The runtime loads it lazily on its first HTTP request, and a
// graphql-ws subscribe does not trigger that load: subscriptions that came first failed with
// "Expected null to be a GraphQL schema" (why the first trial delivered nothing).
await gateway.getSchema();
server.keepAliveTimeout = 65_000;
server.listen(env.port, env.host);
process.once('SIGTERM', () => {
  for (const client of sockets.clients) client.terminate();
  server.close();
  server.closeAllConnections();
  void Promise.resolve(served.dispose())
    .then(() => gateway.dispose())
    .finally(() => process.exit(0));
});
