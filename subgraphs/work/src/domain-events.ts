/**
 * Durable domain events the work subgraph records (outbox, in the transaction of the change) for
 * other subgraphs: the activity timeline and metrics (governance), rules, webhooks. Every payload
 * names the board and, where it applies, the task, with the fields that changed before and after.
 */
import { type DomainEvent, defineDomainEvent } from '@mc/kit';

export type TaskStatus = 'INBOX' | 'IN_PROGRESS' | 'REVIEW' | 'DONE';

export interface WorkChange {
  boardId: string | null;
  boardGroupId?: string | null;
  taskId?: string | null;
  /** The tag of `tag*` events (organization-level: `boardId` null). */
  tagId?: string | null;
  /** The definition of `customField*` events (`customFieldBound`/`Unbound` also name the board). */
  customFieldId?: string | null;
  /** Changed fields before the change (null for creations). */
  before: Record<string, unknown> | null;
  /** Changed fields after the change (null for deletions). */
  after: Record<string, unknown> | null;
}

export interface TaskMove extends WorkChange {
  taskId: string;
  from: TaskStatus;
  to: TaskStatus;
}

/** A webhook payload handed to an agent (the fleet relays it to the agent's gateway). */
export interface WebhookDelivered {
  boardId: string;
  webhookId: string;
  deliveryId: string;
  targetAgentId: string;
  contentType: string | null;
  body: string;
}

/** The lossless stream of a board (`Subscription.boardEvents`, `Board.sequence`). */
export const boardStreamKey = (boardId: string) => `board:${boardId}`;

/** Board-sync topics go to their board's stream in the transaction of the change. */
const onBoardStream = {
  stream: (event: DomainEvent<WorkChange>) => (event.payload.boardId ? boardStreamKey(event.payload.boardId) : null),
};

export const workEvents = {
  boardCreated: defineDomainEvent<WorkChange>('work', 'boardCreated'),
  boardUpdated: defineDomainEvent<WorkChange>('work', 'boardUpdated', onBoardStream),
  boardDeleted: defineDomainEvent<WorkChange>('work', 'boardDeleted', onBoardStream),
  boardGroupCreated: defineDomainEvent<WorkChange>('work', 'boardGroupCreated'),
  boardGroupUpdated: defineDomainEvent<WorkChange>('work', 'boardGroupUpdated'),
  boardGroupDeleted: defineDomainEvent<WorkChange>('work', 'boardGroupDeleted'),
  taskCreated: defineDomainEvent<WorkChange>('work', 'taskCreated', onBoardStream),
  taskUpdated: defineDomainEvent<WorkChange>('work', 'taskUpdated', onBoardStream),
  taskMoved: defineDomainEvent<TaskMove>('work', 'taskMoved', onBoardStream),
  taskDeleted: defineDomainEvent<WorkChange>('work', 'taskDeleted', onBoardStream),
  taskDependenciesChanged: defineDomainEvent<WorkChange>('work', 'taskDependenciesChanged', onBoardStream),
  taskCommented: defineDomainEvent<WorkChange>('work', 'taskCommented', onBoardStream),
  /** A board (`boardId`) or board-group (`boardGroupId`, `boardId` null) memory entry; `after: {memoryId, kind, body}`. */
  boardMemoryAdded: defineDomainEvent<WorkChange>('work', 'boardMemoryAdded'),
  webhookDelivered: defineDomainEvent<WebhookDelivered>('work', 'webhookDelivered'),
  /** Tag definitions: name, slug, color. */
  tagCreated: defineDomainEvent<WorkChange>('work', 'tagCreated'),
  tagUpdated: defineDomainEvent<WorkChange>('work', 'tagUpdated'),
  tagDeleted: defineDomainEvent<WorkChange>('work', 'tagDeleted'),
  /** Custom-field definitions: key, label, type, required, defaultValue, pattern, visibility. */
  customFieldCreated: defineDomainEvent<WorkChange>('work', 'customFieldCreated'),
  customFieldUpdated: defineDomainEvent<WorkChange>('work', 'customFieldUpdated'),
  customFieldDeleted: defineDomainEvent<WorkChange>('work', 'customFieldDeleted'),
  /** A definition bound to (unbound from) a board: `boardId` set, `after` (`before`) `{key}`. */
  customFieldBound: defineDomainEvent<WorkChange>('work', 'customFieldBound'),
  customFieldUnbound: defineDomainEvent<WorkChange>('work', 'customFieldUnbound'),
} as const;

export const allWorkEvents = Object.values(workEvents);
