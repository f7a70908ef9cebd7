/** `Board` entity, its connection, `Organization.boards` and the board root fields. */

import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { BoardRow } from '../db/board-store.ts';
import type { BoardListArgs } from '../services/board-service.ts';
import { BoardGroupRef } from './board-group.ts';
import { OrganizationRef } from './organization.ts';

const BoardKindEnum = builder.enumType('BoardKind', {
  values: {
    GOAL: { description: 'Works toward an objective with success metrics' },
    GENERAL: { description: 'An ongoing stream of work' },
  } as const,
});

export const BoardRef = builder.loadableObjectRef('Board', {
  load: (ids: string[], context: WorkContext) => context.services.boards.loadReadable(context.identity, ids),
  cacheResolved: (board: BoardRow) => board.id,
});

BoardRef.implement({
  description: 'A board of tasks in one organization',
  fields: (t) => ({
    id: t.exposeID('id'),
    organization: t.field({ type: OrganizationRef, resolve: (board) => ({ id: board.organizationId }) }),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    description: t.exposeString('description'),
    kind: t.field({ type: BoardKindEnum, resolve: (board) => board.kind }),
    goalConfirmed: t.exposeBoolean('goalConfirmed', {
      description: 'A confirmed goal board must have an objective and success metrics',
    }),
    objective: t.exposeString('objective', { nullable: true }),
    successMetrics: t.exposeString('successMetrics', { nullable: true }),
    group: t.field({
      type: BoardGroupRef,
      nullable: true,
      resolve: (board) => board.groupId,
    }),
    requireApprovalForDone: t.exposeBoolean('requireApprovalForDone'),
    requireReviewBeforeDone: t.exposeBoolean('requireReviewBeforeDone'),
    commentRequiredForReview: t.exposeBoolean('commentRequiredForReview'),
    blockStatusChangesWithPendingApproval: t.exposeBoolean('blockStatusChangesWithPendingApproval'),
    onlyLeadChangesStatus: t.exposeBoolean('onlyLeadChangesStatus'),
    maxAgents: t.exposeInt('maxAgents'),
    leadAgentId: t.exposeID('leadAgentId', {
      nullable: true,
      description: 'The lead agent: assigns, moves, sets dependencies and tags; set with updateBoard',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.asEntity(BoardRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => BoardRef.getDataloader(context).load(ref.id),
});

const BoardEdge = builder.objectRef<{ cursor: string; node: BoardRow }>('BoardEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: BoardRef, resolve: (edge) => edge.node }),
  }),
});

const BoardConnection = builder.objectRef<Connection<BoardRow>>('BoardConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [BoardEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [BoardRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const listArgs = builder.args((t) => ({
  groupId: t.id({ required: false, description: 'Only boards of this group' }),
  first: t.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
  after: t.string({ required: false, description: 'The endCursor of the previous page' }),
}));

const toListArgs = (args: Omit<BoardListArgs, 'organizationId'>) => ({
  groupId: args.groupId,
  first: args.first,
  after: args.after,
});

builder.objectFields(OrganizationRef, (t) => ({
  boards: t.field({
    type: BoardConnection,
    description: 'Boards of this organization you may read, oldest first',
    args: listArgs,
    resolve: (org, args, context) =>
      context.services.boards.list(context.identity, { organizationId: org.id, ...toListArgs(args) }),
  }),
}));

builder.queryFields((t) => ({
  board: t.field({
    type: BoardRef,
    description: 'A board you may read (agents: the boards of their organization)',
    authScopes: { user: true, agent: true },
    args: { id: t.arg.id() },
    resolve: (_root, args) => args.id,
  }),
  boards: t.field({
    type: BoardConnection,
    description: 'Boards you may read in the organization you act in, oldest first (agents: every board of theirs)',
    authScopes: { user: true, agent: true },
    args: listArgs,
    resolve: (_root, args, context) => context.services.boards.list(context.identity, toListArgs(args)),
  }),
}));

const ruleFields = (t: PothosInputFields) => ({
  requireApprovalForDone: t.boolean({
    required: false,
    description: 'Moving a task to done needs an approval (default true)',
  }),
  requireReviewBeforeDone: t.boolean({
    required: false,
    description: 'Tasks must pass review before done (default false)',
  }),
  commentRequiredForReview: t.boolean({
    required: false,
    description: 'Moving to review needs a comment (default false)',
  }),
  blockStatusChangesWithPendingApproval: t.boolean({
    required: false,
    description: 'No status changes while an approval is pending (default false)',
  }),
  onlyLeadChangesStatus: t.boolean({
    required: false,
    description: 'Only the lead agent changes status (default false)',
  }),
  maxAgents: t.int({ required: false, description: 'At least 0 (default 1)' }),
});
type PothosInputFields = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];

const CreateBoardInput = builder.inputType('CreateBoardInput', {
  fields: (t) => ({
    name: t.string(),
    slug: t.string({ required: false, description: 'Defaults to a slug of the name; unique per organization' }),
    description: t.string(),
    kind: t.field({ type: BoardKindEnum, required: false, description: 'Default GENERAL' }),
    goalConfirmed: t.boolean({ required: false }),
    objective: t.string({ required: false }),
    successMetrics: t.string({ required: false }),
    groupId: t.id({ required: false }),
    ...ruleFields(t),
  }),
});

const UpdateBoardInput = builder.inputType('UpdateBoardInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    slug: t.string({ required: false }),
    description: t.string({ required: false }),
    kind: t.field({ type: BoardKindEnum, required: false }),
    goalConfirmed: t.boolean({ required: false }),
    objective: t.string({ required: false, description: 'null clears it' }),
    successMetrics: t.string({ required: false, description: 'null clears it' }),
    groupId: t.id({ required: false, description: 'null removes the board from its group' }),
    leadAgentId: t.id({ required: false, description: 'The lead agent of the board (one at most); null removes it' }),
    ...ruleFields(t),
  }),
});

const DeleteBoardPayload = builder.objectRef<{ deletedBoardId: string }>('DeleteBoardPayload').implement({
  fields: (t) => ({ deletedBoardId: t.exposeID('deletedBoardId') }),
});

builder.mutationFields((t) => ({
  createBoard: t.field({
    type: BoardRef,
    description: 'Creates a board (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateBoardInput }) },
    resolve: (_root, args, context) => context.services.boards.create(context.identity, args.input),
  }),
  updateBoard: t.field({
    type: BoardRef,
    description: 'Changes a board you have write access to',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateBoardInput }) },
    resolve: (_root, args, context) => context.services.boards.update(context.identity, args.id, args.input),
  }),
  deleteBoard: t.field({
    type: DeleteBoardPayload,
    description: 'Deletes a board (admins and owners with write access)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.boards.delete(context.identity, args.id),
  }),
}));
