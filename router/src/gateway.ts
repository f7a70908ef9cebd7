/**
 * The federation engine: `@apollo/gateway` over the static supergraph in `schema/`, with data
 * sources that forward the signed identity and request id to subgraphs over keep-alive HTTP.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { IDENTITY_HEADER, REQUEST_ID_HEADER } from '@mc/kit';

export interface RouterContext extends Record<string, unknown> {
  requestId: string;
  signedIdentity: string;
}

class SignedDataSource extends RemoteGraphQLDataSource<RouterContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    // Health checks and schema loads have no request context; they carry no identity.
    if (!('signedIdentity' in context) || !request.http) return;
    request.http.headers.set(IDENTITY_HEADER, context.signedIdentity);
    request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}

export interface GatewayOptions {
  supergraphPath: string;
  /** Subgraph name → URL, overriding the URLs in the supergraph file. */
  urls: Record<string, string>;
}

export function createGateway(options: GatewayOptions): ApolloGateway {
  const supergraphSdl = readFileSync(options.supergraphPath, 'utf8');
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SignedDataSource({ url: options.urls[name] ?? url, fetcher: globalThis.fetch as never }),
  });
}
