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
  stop(): Promise<void>;
}

export async function startStackWithOidc(routerEnv: Record<string, string> = {}): Promise<StackWithOidc> {
  const db = await freshDatabase(inject('postgresUrl'));
  const oidc = await startOidcProvider(OIDC_AUDIENCE);
  const stack = await startProductionStack({ postgresUrl: db.url, redisUrl: inject('redisUrl'), routerEnv });
  const oidcRouter = await stack.startRouter({
    AUTH_MODE: 'oidc',
    OIDC_ISSUER: oidc.issuer,
    OIDC_JWKS_URL: oidc.jwksUrl,
    OIDC_AUDIENCE,
  });
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
