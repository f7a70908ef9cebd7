/**
 * Live topics the governance subgraph publishes after a commit (fire-and-forget fan-out). Durable
 * events for other subgraphs are in `domain-events.ts`.
 */
import { defineTopic, type Identity } from '@mc/kit';

export type ActorKind = 'USER' | 'AGENT' | 'GATEWAY' | 'H5' | 'SYSTEM';

/** Who did something, as every consumer (timeline, webhooks, rules) understands it. */
export interface Actor {
  kind: ActorKind;
  id: string;
}

export function actorOf(identity: Identity): Actor {
  switch (identity.kind) {
    case 'user':
      return { kind: 'USER', id: identity.userId };
    case 'agent':
      return { kind: 'AGENT', id: identity.agentId };
    case 'gateway':
      return { kind: 'GATEWAY', id: identity.gatewayId };
    case 'h5':
      return { kind: 'H5', id: identity.h5UserId };
    case 'system':
      return { kind: 'SYSTEM', id: identity.service };
    default:
      return { kind: 'SYSTEM', id: 'anonymous' };
  }
}

const KINDS: readonly ActorKind[] = ['USER', 'AGENT', 'GATEWAY', 'H5', 'SYSTEM'];

/** Normalizes an event's actor (`{kind: 'user', id}`, `{kind: 'USER', id}`, null) to an `Actor`. */
export function actorFromEvent(actor: { kind: string; id: string | null } | null): Actor {
  const kind = (actor?.kind ?? '').toUpperCase() as ActorKind;
  if (!actor || !KINDS.includes(kind)) return { kind: 'SYSTEM', id: actor?.id ?? 'unknown' };
  return { kind, id: actor.id ?? (kind === 'SYSTEM' ? 'system' : 'unknown') };
}

export interface ApprovalLiveEvent {
  organizationId: string;
  boardId: string;
  approvalId: string;
}

export const approvalChanged = defineTopic<ApprovalLiveEvent>('governance', 'approvalChanged');
