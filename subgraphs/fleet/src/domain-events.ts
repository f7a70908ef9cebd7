/**
 * Durable domain events the fleet subgraph records (outbox, in the transaction of the change) for
 * other subgraphs: work resolves @mentions from the agent events; the timeline and rules follow
 * gateway health.
 */
import { defineDomainEvent } from '@mc/kit';

export type GatewayStatus = 'PENDING' | 'ONLINE' | 'OFFLINE' | 'ERROR';
export type AgentStatus = 'PROVISIONING' | 'ONLINE' | 'OFFLINE' | 'ERROR' | 'DELETING';

export interface GatewayStatusChange {
  gatewayId: string;
  name: string;
  from: GatewayStatus | null;
  to: GatewayStatus;
  lastSeenAt: string | null;
  reason: string | null;
}

export interface GatewayChange {
  gatewayId: string;
  name: string;
}

export interface AgentChange {
  agentId: string;
  organizationId: string;
  boardId: string | null;
  name: string;
  status: AgentStatus;
}

/** An agent's answer to a chat message, relayed from its gateway (`relay/chat-relay.ts`): streamed parts, then the outcome. */
export interface AgentReply {
  sessionId: string;
  agentId: string;
  /** The chat message answered (its id): chat stores one reply per run. */
  runId: string;
  part: 'delta' | 'final' | 'error' | 'aborted';
  /** For `delta`, the new text only; for the others, the whole answer (or the error message). */
  text: string;
  /** Order of the part within the run. */
  sequence: number;
  /** For `error`: `GATEWAY_OFFLINE`, `AGENT_UNAVAILABLE` or the gateway's error kind. */
  code?: string | null;
}

export const fleetEvents = {
  gatewayCreated: defineDomainEvent<GatewayChange>('fleet', 'gatewayCreated'),
  gatewayUpdated: defineDomainEvent<GatewayChange>('fleet', 'gatewayUpdated'),
  gatewayDeleted: defineDomainEvent<GatewayChange>('fleet', 'gatewayDeleted'),
  gatewayRegistered: defineDomainEvent<GatewayChange>('fleet', 'gatewayRegistered'),
  gatewayDeregistered: defineDomainEvent<GatewayChange>('fleet', 'gatewayDeregistered'),
  gatewayStatusChanged: defineDomainEvent<GatewayStatusChange>('fleet', 'gatewayStatusChanged'),
  agentCreated: defineDomainEvent<AgentChange>('fleet', 'agentCreated'),
  agentUpdated: defineDomainEvent<AgentChange>('fleet', 'agentUpdated'),
  agentDeleted: defineDomainEvent<AgentChange>('fleet', 'agentDeleted'),
  agentReply: defineDomainEvent<AgentReply>('fleet', 'agentReply'),
} as const;

export const allFleetEvents = Object.values(fleetEvents);
