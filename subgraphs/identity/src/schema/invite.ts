/** `Invite` (an email invitation with the role and access it grants) and its root fields. */
import { builder } from '../builder.ts';
import type { InviteRow } from '../db/invite-store.ts';
import { BoardGrantInput, BoardGrantType } from './board-grant.ts';
import { MemberType, OrgRoleEnum } from './member.ts';
import { OrganizationType } from './organization.ts';

export const InviteType = builder.objectRef<InviteRow>('Invite').implement({
  description: 'An invitation to join an organization; the token is shown only when it is created',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    role: t.expose('role', { type: OrgRoleEnum }),
    allBoardsRead: t.exposeBoolean('allBoardsRead'),
    allBoardsWrite: t.exposeBoolean('allBoardsWrite'),
    boardGrants: t.field({ type: [BoardGrantType], resolve: (invite) => invite.boards }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    organization: t.field({ type: OrganizationType, resolve: (invite) => invite.organizationId }),
  }),
});

const CreatedInviteType = builder.objectRef<{ invite: InviteRow; token: string }>('CreatedInvite').implement({
  fields: (t) => ({
    invite: t.field({ type: InviteType, resolve: (created) => created.invite }),
    token: t.exposeString('token', { description: 'Send this to the invitee; it is never shown again' }),
  }),
});

builder.queryFields((t) => ({
  invites: t.field({
    type: [InviteType],
    description: 'Pending (not accepted, revoked or expired) invites of an organization (admins)',
    authScopes: { user: true },
    args: { organizationId: t.arg.id() },
    resolve: (_root, args, context) => context.services.invites.listPending(context.identity, args.organizationId),
  }),
}));

const CreateInviteInput = builder.inputType('CreateInviteInput', {
  fields: (t) => ({
    organizationId: t.id(),
    email: t.string(),
    role: t.field({ type: OrgRoleEnum }),
    allBoardsRead: t.boolean({ required: false }),
    allBoardsWrite: t.boolean({ required: false }),
    boards: t.field({ type: [BoardGrantInput], required: false }),
  }),
});

builder.mutationFields((t) => ({
  createInvite: t.field({
    type: CreatedInviteType,
    description: 'Invites an email address with a role and board access; valid for 7 days (admins)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateInviteInput }) },
    resolve: (_root, args, context) => context.services.invites.create(context.identity, args.input),
  }),
  revokeInvite: t.field({
    type: InviteType,
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.invites.revoke(context.identity, args.id),
  }),
  acceptInvite: t.field({
    type: MemberType,
    description: 'Joins the organization with the role and access the invite carries',
    authScopes: { user: true },
    errors: {},
    args: { token: t.arg.string() },
    resolve: (_root, args, context) => context.services.invites.accept(context.identity, args.token),
  }),
}));
