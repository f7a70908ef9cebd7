/**
 * The fleet domain's agent lifecycle events, declared here (topic names and payload types only) so
 * subgraphs that keep a projection of agents (work resolves @mentions with it) need no dependency
 * on the fleet package. Owned by the fleet domain (recorded by `subgraphs/fleet`, which declares
 * the same topics in its `domain-events.ts`); each event carries the agent's whole current state.
 */
import { defineDomainEvent } from '../event-stream.ts';

export interface FleetAgentChange {
  agentId: string;
  organizationId: string;
  /** The board the agent works on, if any. */
  boardId: string | null;
  name: string;
  status: string;
}

export const fleetAgentTopics = {
  agentCreated: defineDomainEvent<FleetAgentChange>('fleet', 'agentCreated'),
  agentUpdated: defineDomainEvent<FleetAgentChange>('fleet', 'agentUpdated'),
  agentDeleted: defineDomainEvent<FleetAgentChange>('fleet', 'agentDeleted'),
} as const;

export const allFleetAgentTopics = Object.values(fleetAgentTopics);
