/**
 * The durable events of other subgraphs that chat consumes, by topic name. Fleet and identity own
 * them; the payload shapes here are what chat relies on (extra fields are ignored).
 */
import { defineDomainEvent } from '@mc/kit';

/** Fleet's agent lifecycle: chat keeps a projection for org checks, names and presence. */
export interface FleetAgentChange {
  agentId: string;
  organizationId: string;
  boardId?: string | null;
  name: string;
  /** `ONLINE` means reachable; anything else (PROVISIONING, OFFLINE, ERROR, DELETING) does not. */
  status: string;
}

/** An agent's answer to a chat message, relayed by fleet from the gateway (streamed parts, then final). */
export interface FleetAgentReply {
  sessionId: string;
  agentId: string;
  runId: string;
  /** The gateway link's `chat.delta` / `chat.final` / `chat.error` / `chat.aborted`. */
  part: 'delta' | 'final' | 'error' | 'aborted';
  text: string;
  /** Order of the part within the run, when the gateway numbers them. */
  sequence?: number | null;
  /** For `error`: why, e.g. `GATEWAY_OFFLINE` (`aborted` is stored as `ABORTED`). */
  code?: string | null;
}

export interface IdentityH5UserRegistered {
  h5UserId: string;
}

export const fleetEvents = {
  agentCreated: defineDomainEvent<FleetAgentChange>('fleet', 'agentCreated'),
  agentUpdated: defineDomainEvent<FleetAgentChange>('fleet', 'agentUpdated'),
  agentDeleted: defineDomainEvent<FleetAgentChange>('fleet', 'agentDeleted'),
  agentReply: defineDomainEvent<FleetAgentReply>('fleet', 'agentReply'),
} as const;

export const identityEvents = {
  h5UserRegistered: defineDomainEvent<IdentityH5UserRegistered>('identity', 'h5UserRegistered'),
} as const;
