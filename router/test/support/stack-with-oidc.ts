/**
 * The production-shaped stack on a fresh database, with a second router in OIDC mode in front of the
 * same subgraphs, and the loopback OIDC provider it trusts.
 */
import { inject } from 'vitest';
import { OIDC_AUDIENCE, type OidcProvider, startOidcProvider } from './oidc.ts';
import { freshDatabase, type ProductionStack, startProductionStack } from './processes.ts';

export interface StackWithOidc {
  stack: ProductionStack;
  oidc: OidcProvider;
  oidcRouter: string;
  /** Stops what the caller started (see `sharedStackWithOidc` for the shared stack). */
  stop(): Promise<void>;
}

/** A router's settings for OIDC sign-in with `oidc`. */
export const oidcRouterEnv = (oidc: OidcProvider): Record<string, string> => ({
  AUTH_MODE: 'oidc',
  OIDC_ISSUER: oidc.issuer,
  OIDC_JWKS_URL: oidc.jwksUrl,
  OIDC_AUDIENCE,
});

export async function startStackWithOidc(routerEnv: Record<string, string> = {}): Promise<StackWithOidc> {
  const db = await freshDatabase(inject('postgresUrl'));
  const oidc = await startOidcProvider(OIDC_AUDIENCE);
  const stack = await startProductionStack({ postgresUrl: db.url, redisUrl: inject('redisUrl'), routerEnv });
  const oidcRouter = await stack.startRouter(oidcRouterEnv(oidc));
  return {
    stack,
    oidc,
    oidcRouter: oidcRouter.url,
    async stop() {
      await stack.stop();
      await oidc.close();
      await db.drop();
    },
  };
}
