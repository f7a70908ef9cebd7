/** `Approval`, its connection, `Task.approvals` and the approval root fields. */

import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { ActorKind } from '../events.ts';
import type { Approval } from '../services/approval-service.ts';
import { ActorRef } from './actor.ts';
import { BoardRef } from './board.ts';
import { JsonScalar } from './json.ts';
import { TaskRef } from './task.ts';

export const ApprovalStatusEnum = builder.enumType('ApprovalStatus', {
  values: {
    PENDING: { description: 'Waiting for a decision' },
    APPROVED: {},
    REJECTED: {},
    CANCELLED: { description: 'Its tasks or its board were deleted before a decision' },
  } as const,
});

const RubricScoreRef = builder.objectRef<{ criterion: string; score: number }>('RubricScore').implement({
  description: 'How the requester scored the action against one criterion (0–100)',
  fields: (t) => ({ criterion: t.exposeString('criterion'), score: t.exposeInt('score') }),
});

export const ApprovalRef = builder.objectRef<Approval>('Approval').implement({
  description: 'A request for a human decision on an action touching one or more tasks of a board',
  fields: (t) => ({
    id: t.exposeID('id'),
    board: t.field({ type: BoardRef, resolve: (approval) => ({ id: approval.boardId }) }),
    tasks: t.field({ type: [TaskRef], resolve: (approval) => approval.taskIds.map((id) => ({ id })) }),
    actionType: t.exposeString('actionType'),
    payload: t.field({ type: JsonScalar, nullable: true, resolve: (approval) => approval.payload }),
    confidence: t.exposeInt('confidence', { description: '0–100' }),
    rubricScores: t.field({ type: [RubricScoreRef], resolve: (approval) => approval.rubricScores }),
    reasoning: t.exposeString('reasoning'),
    status: t.field({ type: ApprovalStatusEnum, resolve: (approval) => approval.status }),
    requestedBy: t.field({
      type: ActorRef,
      resolve: (approval) => ({ kind: approval.requestedByKind as ActorKind, id: approval.requestedById }),
    }),
    resolvedBy: t.field({
      type: ActorRef,
      nullable: true,
      resolve: (approval) =>
        approval.resolvedByKind && approval.resolvedById
          ? { kind: approval.resolvedByKind as ActorKind, id: approval.resolvedById }
          : null,
    }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolutionNote: t.exposeString('resolutionNote', {
      nullable: true,
      description: 'The approver’s note, the rejection reason, or why it was cancelled',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ApprovalEdge = builder.objectRef<{ cursor: string; node: Approval }>('ApprovalEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ApprovalRef, resolve: (edge) => edge.node }),
  }),
});

const ApprovalConnection = builder.objectRef<Connection<Approval>>('ApprovalConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ApprovalEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [ApprovalRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

builder.objectFields(TaskRef, (t) => ({
  approvals: t.loadableList({
    type: ApprovalRef,
    description: 'Approvals covering this task, newest first',
    load: (ids: string[], context) => context.services.approvals.forTasks(context.identity, ids),
    resolve: (task) => task.id,
  }),
}));

const ApprovalFilter = builder.inputType('ApprovalFilter', {
  fields: (t) => ({
    boardId: t.id({ required: false }),
    status: t.field({ type: ApprovalStatusEnum, required: false }),
    taskId: t.id({ required: false, description: 'Only approvals covering this task' }),
  }),
});

builder.queryFields((t) => ({
  approval: t.field({
    type: ApprovalRef,
    description: 'An approval of a board you may read (agents: the ones they requested, and those of boards they lead)',
    authScopes: { user: true, agent: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.approvals.get(context.identity, args.id),
  }),
  approvals: t.field({
    type: ApprovalConnection,
    description:
      'Approvals of the boards you may read in the organization you act in, newest first (agents: the ones they requested, and all of a board they lead when filtering by it)',
    authScopes: { user: true, agent: true },
    args: {
      filter: t.arg({ type: ApprovalFilter, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false, description: 'The endCursor of the previous page' }),
    },
    resolve: (_root, args, context) =>
      context.services.approvals.list(context.identity, { ...args.filter, first: args.first, after: args.after }),
  }),
}));

const RubricScoreInput = builder.inputType('RubricScoreInput', {
  fields: (t) => ({ criterion: t.string(), score: t.int({ description: '0–100' }) }),
});

const CreateApprovalInput = builder.inputType('CreateApprovalInput', {
  fields: (t) => ({
    boardId: t.id(),
    taskIds: t.idList({ description: 'One or more tasks of the board; none may have a pending approval' }),
    actionType: t.string({ description: 'What is to be approved, e.g. `task.done` (at most 100 characters)' }),
    payload: t.field({ type: JsonScalar, required: false }),
    confidence: t.int({ description: 'The requester’s confidence, 0–100' }),
    rubricScores: t.field({ type: [RubricScoreInput], required: false }),
    reasoning: t.string({ description: 'Why; required' }),
  }),
});

builder.mutationFields((t) => ({
  createApproval: t.field({
    type: ApprovalRef,
    description:
      'Requests an approval: people with write access to the board; agents for tasks they are assigned or on boards they lead',
    authScopes: { user: true, agent: true },
    errors: {},
    args: { input: t.arg({ type: CreateApprovalInput }) },
    resolve: (_root, args, context) => context.services.approvals.create(context.identity, args.input),
  }),
  approveApproval: t.field({
    type: ApprovalRef,
    description: 'Grants a pending approval (people with write access to the board; never agents)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), note: t.arg.string({ required: false }) },
    resolve: (_root, args, context) => context.services.approvals.approve(context.identity, args.id, args.note),
  }),
  rejectApproval: t.field({
    type: ApprovalRef,
    description: 'Refuses a pending approval, with a reason (people with write access to the board; never agents)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), reason: t.arg.string() },
    resolve: (_root, args, context) => context.services.approvals.reject(context.identity, args.id, args.reason),
  }),
}));
