/** Board sync: `BoardEvent`, `Board.sequence` and `Subscription.boardEvents`. */
import { DomainError } from '@mc/kit';
import { builder } from '../builder.ts';
import type { BoardSyncEvent } from '../services/board-sync-service.ts';
import { ActorRef } from './actor.ts';
import { BoardRef } from './board.ts';
import { JsonScalar } from './json.ts';
import { TaskRef } from './task.ts';

const BoardEventTypeEnum = builder.enumType('BoardEventType', {
  values: {
    TASK_CREATED: {},
    TASK_UPDATED: { description: 'Fields, assignment or custom-field values changed' },
    TASK_MOVED: { description: 'Status changed (before/after: status, and the assignee when handed off)' },
    TASK_DELETED: {},
    DEPENDENCIES_CHANGED: {},
    TAGS_CHANGED: {},
    TASK_COMMENTED: {},
    BOARD_UPDATED: {},
    BOARD_DELETED: { description: 'The last event of the stream' },
  } as const,
});

const BoardEventRef = builder.objectRef<BoardSyncEvent>('BoardEvent').implement({
  description: "One change on a board, in the board's order: apply them by sequence over a snapshot",
  fields: (t) => ({
    sequence: t.exposeInt('sequence', {
      description: "The board's sequence number of this change: 1, 2, 3… without gaps; resume with after: it",
    }),
    type: t.field({ type: BoardEventTypeEnum, resolve: (event) => event.type }),
    boardId: t.exposeID('boardId'),
    actor: t.field({ type: ActorRef, nullable: true, resolve: (event) => event.actor }),
    occurredAt: t.field({ type: 'DateTime', resolve: (event) => event.occurredAt }),
    taskId: t.exposeID('taskId', { nullable: true }),
    task: t.field({
      type: TaskRef,
      nullable: true,
      description: 'The task as it is now (null once deleted)',
      resolve: (event) => event.task,
    }),
    before: t.field({
      type: JsonScalar,
      nullable: true,
      description: 'The changed fields before',
      resolve: (e) => e.before,
    }),
    after: t.field({
      type: JsonScalar,
      nullable: true,
      description: 'The changed fields after',
      resolve: (e) => e.after,
    }),
  }),
});

builder.objectField(BoardRef, 'sequence', (t) =>
  t.loadable({
    type: 'Int',
    description: "The board's last event sequence: read it with a snapshot, then subscribe to boardEvents after it",
    load: (ids: string[], context) => context.services.boardSync.sequences(ids),
    resolve: (board) => board.id,
  }),
);

builder.subscriptionField('boardEvents', (t) =>
  t.field({
    type: BoardEventRef,
    description:
      'Changes on a board you may read, in order. Without after: from now on; with after: everything after that ' +
      'sequence first. Ends with a RESYNC_REQUIRED error when you fell too far behind or resumed from before ' +
      'the retention: reload the board and subscribe again.',
    authScopes: { user: true, agent: true },
    args: {
      boardId: t.arg.id(),
      after: t.arg.int({ required: false, description: 'The last sequence you have (Board.sequence or an event)' }),
    },
    subscribe: (_root, args, context) =>
      context.services.boardSync.subscribe(context.identity, args.boardId, args.after),
    resolve: (item) => {
      if (item.kind === 'resync') {
        throw new DomainError(
          'RESYNC_REQUIRED',
          `Events after sequence ${item.after} can no longer be delivered: reload the board and subscribe again`,
        );
      }
      return item;
    },
  }),
);
