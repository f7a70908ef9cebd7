/**
 * `H5User` (an end user of an organization's H5 app), its cursor connection and root fields. It is a
 * federation entity (`@key(fields: "id")`, batched) so chat's `ChatSession.h5User` resolves names
 * without listing every user; like `h5Users`, only admins of the user's organization see it.
 */
import { builder } from '../builder.ts';
import type { H5UserRow } from '../db/h5-store.ts';
import { encodeCursor, type H5UserPage } from '../services/h5-user-service.ts';
import { OrganizationType } from './organization.ts';

export const H5UserType = builder.loadableObjectRef<H5UserRow, string>('H5User', {
  load: (ids, context) => context.services.h5Users.loadVisible(context.identity, ids),
});

H5UserType.implement({
  description: "An end user of an organization's H5 app (not a console member)",
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    suspended: t.boolean({ resolve: (user) => user.suspendedAt !== null }),
    suspendedAt: t.expose('suspendedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    organization: t.field({ type: OrganizationType, resolve: (user) => user.organizationId }),
  }),
});

builder.asEntity(H5UserType, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => H5UserType.getDataloader(context).load(ref.id),
});

const H5UserEdgeType = builder.objectRef<H5UserRow>('H5UserEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (user) => encodeCursor(user) }),
    node: t.field({ type: H5UserType, resolve: (user) => user }),
  }),
});

const H5UserConnectionType = builder.objectRef<H5UserPage>('H5UserConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [H5UserEdgeType], resolve: (page) => page.nodes }),
    nodes: t.field({ type: [H5UserType], resolve: (page) => page.nodes }),
    pageInfo: t.field({
      type: 'PageInfo',
      resolve: (page) => {
        const last = page.nodes.at(-1);
        return { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last) : null };
      },
    }),
  }),
});

builder.queryFields((t) => ({
  h5Me: t.field({
    type: H5UserType,
    description: 'The signed-in H5 user (console users use `me`)',
    authScopes: { h5: true },
    resolve: (_root, _args, context) => context.services.h5Users.me(context.identity),
  }),
  h5Users: t.field({
    type: H5UserConnectionType,
    description: "An organization's H5 users, oldest first (admins)",
    authScopes: { user: true },
    args: {
      organizationId: t.arg.id(),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) =>
      context.services.h5Users.list(context.identity, args.organizationId, { first: args.first, after: args.after }),
  }),
}));

const UpdateH5ProfileInput = builder.inputType('UpdateH5ProfileInput', {
  fields: (t) => ({
    displayName: t.string({ required: false }),
    currentPassword: t.string({ required: false, description: 'Required to change the password' }),
    newPassword: t.string({ required: false, description: 'Changing it signs out every session' }),
  }),
});

builder.mutationFields((t) => ({
  suspendH5User: t.field({
    type: H5UserType,
    description: 'Blocks sign-in and refresh and ends every session (admins)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.h5Users.setSuspended(context.identity, args.id, true),
  }),
  reactivateH5User: t.field({
    type: H5UserType,
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.h5Users.setSuspended(context.identity, args.id, false),
  }),
  updateH5Profile: t.field({
    type: H5UserType,
    description: 'Changes your display name and/or password (H5 users)',
    authScopes: { h5: true },
    errors: {},
    args: { input: t.arg({ type: UpdateH5ProfileInput }) },
    resolve: (_root, args, context) => context.services.h5Users.updateProfile(context.identity, args.input),
  }),
}));
