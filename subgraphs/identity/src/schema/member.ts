/** `Member` (a person's membership of an organization) with its root fields: list, role, removal, leave, board access. */
import { ORG_ROLES } from '@mc/kit';
import { builder } from '../builder.ts';
import type { BoardGrantRow, MemberRow } from '../db/member-store.ts';
import { BoardGrantInput, BoardGrantType } from './board-grant.ts';
import { DeletedRecordType } from './deleted-record.ts';
import { OrganizationType } from './organization.ts';
import { UserType } from './user.ts';

export const OrgRoleEnum = builder.enumType('OrgRole', {
  description: 'OWNER: everything, including owners and deletion; ADMIN: members, invites, access; MEMBER: use',
  values: ORG_ROLES,
});

export const MemberType = builder.objectRef<MemberRow>('Member').implement({
  description: "A person's membership of an organization, with their role and board access",
  fields: (t) => ({
    id: t.exposeID('id'),
    role: t.expose('role', { type: OrgRoleEnum }),
    allBoardsRead: t.exposeBoolean('allBoardsRead', { description: 'May read every board (owners always may)' }),
    allBoardsWrite: t.exposeBoolean('allBoardsWrite', { description: 'May write every board (owners always may)' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    organization: t.field({ type: OrganizationType, resolve: (member) => member.organizationId }),
    user: t.field({ type: UserType, resolve: (member) => member.userId }),
    boardGrants: t.loadableList({
      type: BoardGrantType,
      description: 'Per-board grants on top of the org-wide flags',
      load: async (memberIds: string[], context): Promise<BoardGrantRow[][]> => {
        const grants = await context.services.memberStore.grantsByMemberIds(memberIds);
        return memberIds.map((id) => grants.get(id) ?? []);
      },
      resolve: (member) => member.id,
    }),
  }),
});

builder.queryFields((t) => ({
  members: t.field({
    type: [MemberType],
    description: 'Members of an organization you belong to',
    authScopes: { user: true },
    args: { organizationId: t.arg.id() },
    resolve: (_root, args, context) => context.services.members.list(context.identity, args.organizationId),
  }),
}));

const UpdateMemberRoleInput = builder.inputType('UpdateMemberRoleInput', {
  fields: (t) => ({ memberId: t.id(), role: t.field({ type: OrgRoleEnum }) }),
});

const SetMemberBoardAccessInput = builder.inputType('SetMemberBoardAccessInput', {
  fields: (t) => ({
    memberId: t.id(),
    allBoardsRead: t.boolean({ required: false }),
    allBoardsWrite: t.boolean({ required: false }),
    boards: t.field({
      type: [BoardGrantInput],
      required: false,
      description: "Replaces all of the member's per-board grants when given",
    }),
  }),
});

builder.mutationFields((t) => ({
  updateMemberRole: t.field({
    type: MemberType,
    description: 'Changes a role (admins; only owners grant or remove OWNER; the last owner stays)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: UpdateMemberRoleInput }) },
    resolve: (_root, args, context) => context.services.members.updateRole(context.identity, args.input),
  }),
  removeMember: t.field({
    type: DeletedRecordType,
    description: 'Removes a member (admins; only owners remove owners; the last owner stays)',
    authScopes: { user: true },
    errors: {},
    args: { memberId: t.arg.id() },
    resolve: (_root, args, context) => context.services.members.remove(context.identity, args.memberId),
  }),
  leaveOrganization: t.field({
    type: DeletedRecordType,
    description: 'Ends your own membership (the last owner cannot leave)',
    authScopes: { user: true },
    errors: {},
    args: { organizationId: t.arg.id() },
    resolve: (_root, args, context) => context.services.members.leave(context.identity, args.organizationId),
  }),
  setMemberBoardAccess: t.field({
    type: MemberType,
    description: "Sets a member's org-wide board flags and/or per-board grants (admins)",
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: SetMemberBoardAccessInput }) },
    resolve: (_root, args, context) => context.services.members.setBoardAccess(context.identity, args.input),
  }),
}));
