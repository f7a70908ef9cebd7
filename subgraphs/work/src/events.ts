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

/** The stored form of an actor's kind (`USER`, `AGENT`…), as in the `actor_kind` enum. */
export type ActorKind = 'USER' | 'AGENT' | 'GATEWAY' | 'H5' | 'SYSTEM';

export function actorKindOf(actor: Actor): ActorKind {
  return actor.kind.toUpperCase() as ActorKind;
}

export interface TaskEvent {
  organizationId: string;
  boardId: string;
  taskId: string;
  actor: Actor;
}

export interface TaskMovedEvent extends TaskEvent {
  from: string;
  to: string;
  /** The comment stored with the move, if any. */
  commentId: string | null;
}

export interface TaskCommentEvent extends TaskEvent {
  commentId: string;
  /** Raw mention tokens, for whoever notifies the mentioned agents. */
  mentions: string[];
}

export const taskCreated = defineTopic<TaskEvent>('work', 'taskCreated');
export const taskUpdated = defineTopic<TaskEvent>('work', 'taskUpdated');
export const taskMoved = defineTopic<TaskMovedEvent>('work', 'taskMoved');
export const taskDeleted = defineTopic<TaskEvent>('work', 'taskDeleted');
export const taskDependenciesChanged = defineTopic<TaskEvent>('work', 'taskDependenciesChanged');
export const taskCommentAdded = defineTopic<TaskCommentEvent>('work', 'taskCommentAdded');
