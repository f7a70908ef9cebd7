/**
 * Hive Gateway for the peer benchmark: `createGatewayRuntime` (the runtime its CLI serves) over the
 * same supergraph file, default settings, on a plain Node HTTP server. The only addition is the header
 * the subgraphs require: every subgraph request carries `BENCH_SIGNED_IDENTITY`, an identity the
 * benchmark pre-signed for its fixed owner (valid for the run).
 */
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { IDENTITY_HEADER } from '@mc/kit';
import { peerEnv } from './peer-env.ts';

const env = peerEnv();

const gateway = createGatewayRuntime({
  supergraph: env.supergraphPath,
  logging: 'warn',
  propagateHeaders: { fromClientToSubgraphs: () => ({ [IDENTITY_HEADER]: env.signedIdentity }) },
});

const server = createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ready","service":"hive-gateway"}');
    return;
  }
  void gateway(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(env.port, env.host);
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
});
