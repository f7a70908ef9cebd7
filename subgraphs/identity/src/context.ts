/** Request context of the identity subgraph: the verified caller plus its services. */
import type { RequestContext } from '@mc/kit';
import type { IdentityServices } from './services/index.ts';

export interface IdentityContext extends RequestContext {
  services: IdentityServices;
}
