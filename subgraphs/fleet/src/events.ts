/**
 * Live topics the fleet subgraph publishes after a commit (fire-and-forget fan-out). Durable events
 * for other subgraphs are in `domain-events.ts`.
 */
import { defineTopic } from '@mc/kit';
import type { AgentStatus, GatewayStatus } from './domain-events.ts';

export interface GatewayHealthEvent {
  gatewayId: string;
  organizationId: string;
  status: GatewayStatus;
  previousStatus: GatewayStatus | null;
  lastSeenAt: string | null;
  changedAt: string;
  reason: string | null;
  /** The gateway was deleted (status is its last one; published on both channels). */
  deleted?: boolean;
}

/** One channel per gateway: `mc:fleet:gatewayStatusChanged:<gatewayId>`. */
export const gatewayStatusChanged = (gatewayId: string) =>
  defineTopic<GatewayHealthEvent>('fleet', 'gatewayStatusChanged', gatewayId);

/** The same events for every gateway of an organization: `mc:fleet:organizationGatewayStatusChanged:<organizationId>`. */
export const organizationGatewayStatusChanged = (organizationId: string) =>
  defineTopic<GatewayHealthEvent>('fleet', 'organizationGatewayStatusChanged', organizationId);

export interface AgentStatusEvent {
  agentId: string;
  organizationId: string;
  status: AgentStatus;
  lastError: string | null;
  /** The agent was deleted (status is its last one). */
  deleted?: boolean;
}

/** One channel per organization: `mc:fleet:agentStatusChanged:<organizationId>`. */
export const agentStatusChanged = (organizationId: string) =>
  defineTopic<AgentStatusEvent>('fleet', 'agentStatusChanged', organizationId);
