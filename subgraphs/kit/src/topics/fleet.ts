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

/**
 * A `work.agentMentioned` fleet could not deliver to the agent's gateway, after holding it (the agent
 * was deleted, the gateway refused it, or it stayed unreachable past the hold). Governance puts it on
 * the timeline. Recorded by `subgraphs/fleet/src/mentions/mention-relay.ts`.
 */
export interface MentionUndelivered {
  /** The `work.agentMentioned` event. */
  mentionEventId: string;
  agentId: string;
  boardId: string;
  taskId: string;
  commentId: string;
  code: 'AGENT_UNAVAILABLE' | 'GATEWAY_OFFLINE' | 'AGENT_ERROR';
  reason: string;
}

export const fleetMentionTopics = {
  mentionUndelivered: defineDomainEvent<MentionUndelivered>('fleet', 'mentionUndelivered'),
} as const;

/**
 * A `work.webhookDelivered` payload fleet could not hand to the agent's gateway, after holding it (the
 * agent was deleted, the gateway refused it, or it stayed unreachable past the hold). Governance puts
 * it on the timeline under the board. Recorded by `subgraphs/fleet/src/mentions/webhook-relay.ts`.
 */
export interface WebhookUndelivered {
  /** The `work.webhookDelivered` event. */
  webhookEventId: string;
  agentId: string;
  boardId: string;
  webhookId: string;
  deliveryId: string;
  code: 'AGENT_UNAVAILABLE' | 'GATEWAY_OFFLINE' | 'AGENT_ERROR';
  reason: string;
}

export const fleetWebhookTopics = {
  webhookUndelivered: defineDomainEvent<WebhookUndelivered>('fleet', 'webhookUndelivered'),
} as const;
