/**
 * Topics the work subgraph publishes, after the change is committed. Payloads carry ids only:
 * consumers re-read what they need through the API, with their own access checks.
 */
import { defineTopic, type Identity } from '@mc/kit';

/** Who made a change, in a form every consumer (audit, webhooks, rules) understands. */
export interface Actor {
  kind: 'user' | 'agent' | 'gateway' | 'h5' | 'system';
  id: string;
}

export function actorOf(identity: Identity): Actor {
  switch (identity.kind) {
    case 'user':
      return { kind: 'user', id: identity.userId };
    case 'agent':
      return { kind: 'agent', id: identity.agentId };
    case 'gateway':
      return { kind: 'gateway', id: identity.gatewayId };
    case 'h5':
      return { kind: 'h5', id: identity.h5UserId };
    case 'system':
      return { kind: 'system', id: identity.service };
    default:
      return { kind: 'system', id: 'anonymous' };
  }
}

export interface BoardEvent {
  organizationId: string;
  boardId: string;
  actor: Actor;
}

export interface BoardGroupEvent {
  organizationId: string;
  boardGroupId: string;
  actor: Actor;
}

export interface BoardGroupDeletedEvent extends BoardGroupEvent {
  /** Boards that were in the group; they still exist, now ungrouped. */
  detachedBoardIds: string[];
}

export const boardCreated = defineTopic<BoardEvent>('work', 'boardCreated');
export const boardUpdated = defineTopic<BoardEvent>('work', 'boardUpdated');
export const boardDeleted = defineTopic<BoardEvent>('work', 'boardDeleted');
export const boardGroupCreated = defineTopic<BoardGroupEvent>('work', 'boardGroupCreated');
export const boardGroupUpdated = defineTopic<BoardGroupEvent>('work', 'boardGroupUpdated');
export const boardGroupDeleted = defineTopic<BoardGroupDeletedEvent>('work', 'boardGroupDeleted');
