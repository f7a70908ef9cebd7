/** Request context of the fleet subgraph: the verified caller plus its services. */
import type { RequestContext } from '@mc/kit';
import type { FleetServices } from './services/index.ts';

export interface FleetContext extends RequestContext {
  services: FleetServices;
}
