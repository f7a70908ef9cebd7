/** `BoardGroup` entity, `Organization.boardGroups` and the group root fields. */

import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { BoardGroupRow } from '../db/board-group-store.ts';
import { OrganizationRef } from './organization.ts';

export const BoardGroupRef = builder.loadableObjectRef('BoardGroup', {
  load: (ids: string[], context: WorkContext) => context.services.boardGroups.loadVisible(context.identity, ids),
  cacheResolved: (group: BoardGroupRow) => group.id,
});

BoardGroupRef.implement({
  description: 'A named set of boards in one organization',
  fields: (t) => ({
    id: t.exposeID('id'),
    organization: t.field({ type: OrganizationRef, resolve: (group) => ({ id: group.organizationId }) }),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.asEntity(BoardGroupRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => BoardGroupRef.getDataloader(context).load(ref.id),
});

builder.objectFields(OrganizationRef, (t) => ({
  boardGroups: t.field({
    type: [BoardGroupRef],
    description: 'Board groups of this organization, by name',
    resolve: (org, _args, context) => context.services.boardGroups.list(context.identity, org.id),
  }),
}));

builder.queryFields((t) => ({
  boardGroup: t.field({
    type: BoardGroupRef,
    description: 'A board group of the organization you act in (agents: of theirs)',
    authScopes: { user: true, agent: true },
    args: { id: t.arg.id() },
    resolve: (_root, args) => args.id,
  }),
  boardGroups: t.field({
    type: [BoardGroupRef],
    description: 'Board groups of the organization you act in, by name',
    authScopes: { user: true },
    resolve: (_root, _args, context) => context.services.boardGroups.list(context.identity),
  }),
}));

const CreateBoardGroupInput = builder.inputType('CreateBoardGroupInput', {
  fields: (t) => ({
    name: t.string(),
    slug: t.string({ required: false, description: 'Defaults to a slug of the name; unique per organization' }),
    description: t.string({ required: false }),
  }),
});

const UpdateBoardGroupInput = builder.inputType('UpdateBoardGroupInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    slug: t.string({ required: false }),
    description: t.string({ required: false, description: 'null clears it' }),
  }),
});

const DeleteBoardGroupPayload = builder
  .objectRef<{ deletedBoardGroupId: string; detachedBoardIds: string[] }>('DeleteBoardGroupPayload')
  .implement({
    fields: (t) => ({
      deletedBoardGroupId: t.exposeID('deletedBoardGroupId'),
      detachedBoardIds: t.exposeIDList('detachedBoardIds', { description: 'Boards that are now ungrouped' }),
    }),
  });

builder.mutationFields((t) => ({
  createBoardGroup: t.field({
    type: BoardGroupRef,
    description: 'Creates a board group (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateBoardGroupInput }) },
    resolve: (_root, args, context) => context.services.boardGroups.create(context.identity, args.input),
  }),
  updateBoardGroup: t.field({
    type: BoardGroupRef,
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateBoardGroupInput }) },
    resolve: (_root, args, context) => context.services.boardGroups.update(context.identity, args.id, args.input),
  }),
  deleteBoardGroup: t.field({
    type: DeleteBoardGroupPayload,
    description: 'Deletes a board group; its boards stay, ungrouped',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.boardGroups.delete(context.identity, args.id),
  }),
}));
