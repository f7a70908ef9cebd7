/**
 * The federation engine: `@apollo/gateway` over the static supergraph in `schema/`, with data
 * sources that forward the signed identity and request id to subgraphs over keep-alive HTTP, and
 * send identical concurrent subgraph queries under the same identity only once.
 */
import { readFileSync } from 'node:fs';
import {
  ApolloGateway,
  type GraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
  RemoteGraphQLDataSource,
} from '@apollo/gateway';
import { IDENTITY_HEADER, REQUEST_ID_HEADER } from '@mc/kit';
import { InFlight } from './inflight.ts';
import { subgraphFetch } from './subgraph-fetch.ts';

export interface RouterContext extends Record<string, unknown> {
  requestId: string;
  signedIdentity: string;
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** Planner-generated subgraph reads (`query …` or `{ … }`); mutations are never shared. */
const READ = /^\s*(query\b|\{)/;

class SignedDataSource extends RemoteGraphQLDataSource<RouterContext> {
  // The response's `http` part holds Headers (not cloneable, and not modified): copy only the payload.
  private readonly inFlight = new InFlight<GatewayGraphQLResponse>((response) => ({
    ...response,
    data: response.data && structuredClone(response.data),
    errors: response.errors && structuredClone(response.errors),
    extensions: response.extensions && structuredClone(response.extensions),
  }));

  override process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayGraphQLResponse> {
    const { query, variables } = options.request;
    const identity = (options.context as Partial<RouterContext>).signedIdentity;
    if (!identity || !query || !READ.test(query)) return super.process(options);
    const key = `${identity}\n${query}\n${JSON.stringify(variables ?? {})}`;
    return this.inFlight.run(key, () => super.process(options));
  }

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

/** The data sources each gateway built, so subscriptions fetch entities through the same ones. */
const builtDataSources = new WeakMap<ApolloGateway, Map<string, GraphQLDataSource>>();

export function createGateway(options: GatewayOptions): ApolloGateway {
  const supergraphSdl = readFileSync(options.supergraphPath, 'utf8');
  const sources = new Map<string, GraphQLDataSource>();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new SignedDataSource({ url: options.urls[name] ?? url, fetcher: subgraphFetch as never });
      sources.set(name, source);
      return source;
    },
  });
  builtDataSources.set(gateway, sources);
  return gateway;
}

/** The gateway's data source for a subgraph (built when the gateway loaded the supergraph). */
export function gatewayDataSource(gateway: ApolloGateway, name: string): GraphQLDataSource | undefined {
  return builtDataSources.get(gateway)?.get(name);
}
