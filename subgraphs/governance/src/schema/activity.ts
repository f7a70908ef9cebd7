/** `ActivityEntry` (the append-only timeline), its connection and the `activity` root field. */

import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { ActivityRow } from '../db/activity-store.ts';
import type { ActorKind } from '../events.ts';
import { ActorKindEnum, ActorRef } from './actor.ts';
import { BoardRef } from './board.ts';
import { JsonScalar } from './json.ts';
import { TaskRef } from './task.ts';

export const ActivityEntryRef = builder.objectRef<ActivityRow>('ActivityEntry').implement({
  description: 'One change in work or governance: who did what to which record, and when',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.exposeString('verb', { description: 'The domain event, e.g. `work.taskMoved`' }),
    actor: t.field({ type: ActorRef, resolve: (entry) => ({ kind: entry.actorKind as ActorKind, id: entry.actorId }) }),
    targetType: t.exposeString('targetType', {
      description: 'BOARD, BOARD_GROUP, TASK, TAG, CUSTOM_FIELD, WEBHOOK, AGENT (a mention) or APPROVAL',
    }),
    targetId: t.exposeID('targetId', { nullable: true }),
    board: t.field({
      type: BoardRef,
      nullable: true,
      resolve: (entry) => (entry.boardId ? { id: entry.boardId } : null),
    }),
    task: t.field({ type: TaskRef, nullable: true, resolve: (entry) => (entry.taskId ? { id: entry.taskId } : null) }),
    before: t.field({ type: JsonScalar, nullable: true, resolve: (entry) => entry.before }),
    after: t.field({ type: JsonScalar, nullable: true, resolve: (entry) => entry.after }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

const ActivityEdge = builder.objectRef<{ cursor: string; node: ActivityRow }>('ActivityEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ActivityEntryRef, resolve: (edge) => edge.node }),
  }),
});

const ActivityConnection = builder.objectRef<Connection<ActivityRow>>('ActivityConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ActivityEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [ActivityEntryRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const ActivityFilter = builder.inputType('ActivityFilter', {
  fields: (t) => ({
    boardId: t.id({ required: false }),
    taskId: t.id({ required: false }),
    actorKind: t.field({ type: ActorKindEnum, required: false }),
    actorId: t.id({ required: false }),
    types: t.stringList({ required: false, description: 'Event types, e.g. `work.taskMoved`' }),
    since: t.field({ type: 'DateTime', required: false, description: 'Inclusive' }),
    until: t.field({ type: 'DateTime', required: false, description: 'Exclusive' }),
  }),
});

builder.queryFields((t) => ({
  activity: t.field({
    type: ActivityConnection,
    description: 'The timeline of the organization you act in, newest first (boards you may read)',
    authScopes: { user: true },
    args: {
      filter: t.arg({ type: ActivityFilter, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false, description: 'The endCursor of the previous page' }),
    },
    resolve: (_root, args, context) =>
      context.services.activity.list(context.identity, args.filter ?? {}, { first: args.first, after: args.after }),
  }),
}));
