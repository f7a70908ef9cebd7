/**
 * The subgraphs Mission Control is made of, in one list: the embedded server mounts them, the schema
 * script prints and composes them, compose.yml runs each as a service on its port.
 */
import { chatModule } from '@mc/chat';
import { fleetModule } from '@mc/fleet';
import { governanceModule } from '@mc/governance';
import { identityModule } from '@mc/identity';
import type { SubgraphModule } from '@mc/kit';
import { workModule } from '@mc/work';

export interface SubgraphEntry {
  module: SubgraphModule<any>;
  /** Port when run as its own process. */
  port: number;
}

export const subgraphs: SubgraphEntry[] = [
  { module: identityModule, port: 4101 },
  { module: workModule, port: 4102 },
  { module: governanceModule, port: 4103 },
  { module: fleetModule, port: 4104 },
  { module: chatModule, port: 4105 },
];

/** Env var naming a subgraph's URL for the router, e.g. `SUBGRAPH_IDENTITY_URL`. */
export const subgraphUrlVar = (name: string) => `SUBGRAPH_${name.toUpperCase()}_URL`;
