/** Request context of the work subgraph: the verified caller plus its services. */
import type { RequestContext } from '@mc/kit';
import type { WorkServices } from './services/index.ts';

export interface WorkContext extends RequestContext {
  services: WorkServices;
}
