/**
 * The router's internal API (contract 2): resolving console users and machine credentials into
 * principals. Inaccessible (not in the public supergraph API) and for `system` callers only.
 */
import { builder } from '../builder.ts';
import type { CredentialPrincipal } from '../services/credential-service.ts';
import type { PrincipalOrg, UserPrincipal } from '../services/principal-service.ts';

const BoardGrantPrincipalType = builder.objectRef<PrincipalOrg['boards'][number]>('_BoardGrant').implement({
  inaccessible: true,
  fields: (t) => ({
    boardId: t.exposeID('boardId'),
    permission: t.exposeString('permission', { description: '`read` or `write`' }),
  }),
});

const OrgAccessType = builder.objectRef<PrincipalOrg>('_OrgAccess').implement({
  inaccessible: true,
  fields: (t) => ({
    id: t.exposeID('id'),
    role: t.exposeString('role'),
    allBoardsRead: t.exposeBoolean('allBoardsRead'),
    allBoardsWrite: t.exposeBoolean('allBoardsWrite'),
    boards: t.field({ type: [BoardGrantPrincipalType], resolve: (org) => org.boards }),
  }),
});

const UserPrincipalType = builder.objectRef<UserPrincipal>('_UserPrincipal').implement({
  inaccessible: true,
  fields: (t) => ({
    userId: t.exposeID('userId'),
    email: t.exposeString('email', { nullable: true }),
    org: t.field({ type: OrgAccessType, nullable: true, resolve: (principal) => principal.org }),
  }),
});

const CredentialPrincipalType = builder.objectRef<CredentialPrincipal>('_CredentialPrincipal').implement({
  inaccessible: true,
  fields: (t) => ({
    kind: t.exposeString('kind', { description: '`agent` or `gateway`' }),
    subjectId: t.exposeID('subjectId'),
    organizationId: t.exposeID('organizationId'),
    credentialId: t.exposeID('credentialId'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
  }),
});

const ResolveUserPrincipalInput = builder.inputType('_ResolveUserPrincipalInput', {
  inaccessible: true,
  fields: (t) => ({
    externalId: t.string(),
    email: t.string({ required: false }),
    displayName: t.string({ required: false }),
    organizationId: t.id({ required: false }),
  }),
});

builder.mutationFields((t) => ({
  _resolveUserPrincipal: t.field({
    type: UserPrincipalType,
    inaccessible: true,
    authScopes: { system: true },
    args: { input: t.arg({ type: ResolveUserPrincipalInput }) },
    resolve: (_root, args, context) => context.services.principals.resolveUser(args.input),
  }),
}));

builder.queryFields((t) => ({
  _resolveCredential: t.field({
    type: CredentialPrincipalType,
    nullable: true,
    inaccessible: true,
    authScopes: { system: true },
    args: { token: t.arg.string() },
    resolve: (_root, args, context) => context.services.credentials.resolve(args.token),
  }),
}));
