/** `User` (a console person, as seen by fellow members) and `Viewer` (`me`: yourself, with memberships). */
import { builder } from '../builder.ts';
import type { UserRow } from '../db/user-store.ts';
import { MemberType } from './member.ts';

export const UserType = builder.loadableObjectRef<UserRow, string>('User', {
  load: async (ids, context) => {
    const users = await context.services.users.byIds(ids);
    return ids.map((id) => users.get(id) ?? new Error(`User ${id} not found`));
  },
});

UserType.implement({
  description: 'A person signed in to the console',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email', { nullable: true }),
    displayName: t.exposeString('displayName'),
  }),
});

const ViewerType = builder.objectRef<UserRow>('Viewer').implement({
  description: 'The signed-in console user and the organizations they belong to',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email', { nullable: true }),
    displayName: t.exposeString('displayName'),
    memberships: t.field({
      type: [MemberType],
      resolve: (user, _args, context) => context.services.members.membershipsOf(user.id),
    }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: ViewerType,
    description: 'The signed-in console user (H5 users use `h5Me`)',
    authScopes: { user: true },
    resolve: (_root, _args, context) => context.services.members.me(context.identity),
  }),
}));
