/** `TaskComment`, `Task.comments` and `addTaskComment`. */

import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { ResolvedMention } from '../db/tables.ts';
import type { TaskCommentRow } from '../db/task-comment-store.ts';
import type { TaskRow } from '../db/task-store.ts';
import { ActorRef } from './actor.ts';
import { CommentMentionRef } from './comment-mention.ts';
import { TaskRef } from './task.ts';

const TaskCommentRef = builder.objectRef<TaskCommentRow>('TaskComment').implement({
  description: 'A comment on a task',
  fields: (t) => ({
    id: t.exposeID('id'),
    task: t.field({ type: TaskRef, resolve: (comment) => comment.taskId }),
    author: t.field({ type: ActorRef, resolve: (comment) => ({ kind: comment.authorKind, id: comment.authorId }) }),
    body: t.exposeString('body'),
    mentions: t.exposeStringList('mentions', {
      description: 'Raw @mention tokens (`lead`, `Ada`, `Ada Lovelace`), in order of appearance',
    }),
    resolvedMentions: t.field({
      type: [CommentMentionRef],
      description: 'The @mentions resolved to agents when the comment was written, in order of appearance',
      resolve: (comment) => mentionsOf(comment),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** Comments written before mentions were resolved list their tokens as UNRESOLVED. */
function mentionsOf(comment: TaskCommentRow): ResolvedMention[] {
  const known = new Map(comment.resolvedMentions.map((mention) => [mention.token, mention]));
  return comment.mentions.map(
    (token) => known.get(token) ?? { token, status: 'UNRESOLVED', agentId: null, candidateAgentIds: [] },
  );
}

const TaskCommentEdge = builder.objectRef<{ cursor: string; node: TaskCommentRow }>('TaskCommentEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: TaskCommentRef, resolve: (edge) => edge.node }),
  }),
});

const TaskCommentConnection = builder.objectRef<Connection<TaskCommentRow>>('TaskCommentConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [TaskCommentEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [TaskCommentRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

builder.objectFields(TaskRef, (t) => ({
  comments: t.loadable({
    type: TaskCommentConnection,
    description: 'Comments, oldest first',
    args: {
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false }),
    },
    // One loader per field path: every task of a list shares the same arguments.
    byPath: true,
    load: (taskIds: string[], context: WorkContext, args: { first?: number | null; after?: string | null }) =>
      context.services.comments.pages(taskIds, args),
    resolve: (task: TaskRow) => task.id,
  }),
}));

builder.mutationFields((t) => ({
  addTaskComment: t.field({
    type: TaskCommentRef,
    description: 'Comments on a task of a board you have write access to (at most 10,000 characters)',
    authScopes: { user: true, agent: true },
    errors: {},
    args: { taskId: t.arg.id(), body: t.arg.string() },
    resolve: (_root, args, context) => context.services.comments.add(context.identity, args.taskId, args.body),
  }),
}));
