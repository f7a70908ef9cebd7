/** The live timeline: `ActivityEntry.sequence`, `Query.activitySequence` and `Subscription.activityEvents`. */
import { DomainError } from '@mc/kit';
import { builder } from '../builder.ts';
import { ActivityEntryRef } from './activity.ts';

builder.objectField(ActivityEntryRef, 'sequence', (t) =>
  t.int({
    nullable: true,
    description:
      "Position in your organization's activity stream (resume activityEvents after it); null for entries recorded before the stream existed",
    resolve: (entry) => entry.sequence,
  }),
);

const ActivityStreamFilter = builder.inputType('ActivityStreamFilter', {
  fields: (t) => ({
    boardId: t.id({ required: false, description: 'Only entries of this board' }),
    types: t.stringList({ required: false, description: 'Only these event types, e.g. `work.taskMoved`' }),
  }),
});

builder.queryFields((t) => ({
  activitySequence: t.int({
    description:
      "The last sequence of your organization's activity stream: read it with a snapshot, then subscribe to activityEvents after it",
    authScopes: { user: true },
    resolve: (_root, _args, context) => context.services.activityStream.sequence(context.identity),
  }),
}));

builder.subscriptionField('activityEvents', (t) =>
  t.field({
    type: ActivityEntryRef,
    description:
      'New timeline entries of the organization you act in (boards you may read), oldest first. Without after: ' +
      'from now on; with after: every entry after that sequence first. Ends with a RESYNC_REQUIRED error when ' +
      'you fell too far behind or resumed from before the retention: reload and subscribe again.',
    authScopes: { user: true },
    args: {
      filter: t.arg({ type: ActivityStreamFilter, required: false }),
      after: t.arg.int({ required: false, description: 'The last sequence you have (activitySequence or an entry)' }),
    },
    subscribe: (_root, args, context) =>
      context.services.activityStream.subscribe(context.identity, args.filter ?? {}, args.after),
    resolve: (item) => {
      if (item.kind === 'resync') {
        throw new DomainError(
          'RESYNC_REQUIRED',
          `Entries after sequence ${item.after} can no longer be delivered: reload the timeline and subscribe again`,
        );
      }
      return item.entry;
    },
  }),
);
