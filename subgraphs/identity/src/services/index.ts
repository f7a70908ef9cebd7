/** Builds the identity subgraph's services over its stores. */
import type { SubgraphRuntime } from '@mc/kit';
import { OrganizationStore } from '../db/organization-store.ts';
import { OrganizationService } from './organization-service.ts';

export interface IdentityServices {
  organizations: OrganizationService;
}

export function createIdentityServices(runtime: SubgraphRuntime): IdentityServices {
  const db = runtime.database.db;
  return {
    organizations: new OrganizationService(new OrganizationStore(db)),
  };
}
