/**
 * Durable domain events the work subgraph records (outbox, in the transaction of the change) for
 * other subgraphs: the activity timeline and metrics (governance), rules, webhooks. The topic names
 * and payload types are declared in the kit (`@mc/kit/topics/work`) so consumers need no dependency
 * on this package; work owns them there and adds here how it records them (board streams).
 */
import type { DomainEvent, DomainEventTopic } from '@mc/kit';
import { type WorkChange, workTopics } from '@mc/kit/topics/work';

export type { TaskMove, TaskStatus, WebhookDelivered, WorkChange } from '@mc/kit/topics/work';

/** The lossless stream of a board (`Subscription.boardEvents`, `Board.sequence`). */
export const boardStreamKey = (boardId: string) => `board:${boardId}`;

/** Board-sync topics go to their board's stream in the transaction of the change. */
function onBoardStream<T extends WorkChange>(topic: DomainEventTopic<T>): DomainEventTopic<T> {
  return {
    ...topic,
    stream: (event: DomainEvent<T>) => (event.payload.boardId ? boardStreamKey(event.payload.boardId) : null),
  };
}

export const workEvents = {
  ...workTopics,
  boardUpdated: onBoardStream(workTopics.boardUpdated),
  boardDeleted: onBoardStream(workTopics.boardDeleted),
  taskCreated: onBoardStream(workTopics.taskCreated),
  taskUpdated: onBoardStream(workTopics.taskUpdated),
  taskMoved: onBoardStream(workTopics.taskMoved),
  taskDeleted: onBoardStream(workTopics.taskDeleted),
  taskDependenciesChanged: onBoardStream(workTopics.taskDependenciesChanged),
  taskCommented: onBoardStream(workTopics.taskCommented),
  // A field bound to or unbound from the board changes what its tasks carry: `BOARD_UPDATED`.
  customFieldBound: onBoardStream(workTopics.customFieldBound),
  customFieldUnbound: onBoardStream(workTopics.customFieldUnbound),
} as const;

export const allWorkEvents = Object.values(workEvents);
