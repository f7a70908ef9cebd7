/**
 * Stock `@apollo/gateway` for the peer benchmark: a minimal Apollo Server with an ApolloGateway over
 * the supergraph file in `SUPERGRAPH_PATH` (subgraph URLs already rewritten by the benchmark), default
 * settings. The only addition is the header the subgraphs require: every subgraph request carries
 * `BENCH_SIGNED_IDENTITY`, an identity the benchmark pre-signed for its fixed owner (valid for the run).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { executeApollo, IDENTITY_HEADER, readBody, sendJson } from '@mc/kit';
import { peerEnv } from './peer-env.ts';

const env = peerEnv();

class PreSignedDataSource extends RemoteGraphQLDataSource {
  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    request.http?.headers.set(IDENTITY_HEADER, env.signedIdentity);
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(env.supergraphPath, 'utf8'),
  buildService: ({ url }) => new PreSignedDataSource({ url }),
});
const apollo = new ApolloServer({ gateway });
await apollo.start();

const server = createServer(async (req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/readyz') return sendJson(res, 200, { status: 'ready', service: 'apollo-gateway' });
  if (path !== '/graphql') return sendJson(res, 404, { error: 'not found' });
  const body = req.method === 'POST' ? await readBody(req, 1_000_000) : '';
  await executeApollo(apollo, req, res, body, async () => ({}));
});
server.keepAliveTimeout = 65_000;
server.listen(env.port, env.host);
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void apollo.stop().finally(() => process.exit(0));
});
