/** Request context of the governance subgraph: the verified caller plus its services. */
import type { RequestContext } from '@mc/kit';
import type { GovernanceServices } from './services/index.ts';

export interface GovernanceContext extends RequestContext {
  services: GovernanceServices;
}
