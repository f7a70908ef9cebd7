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
    displayName: t.exposeString('displayName'),
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

const MachineKindInternal = builder.enumType('_MachineCredentialKind', {
  inaccessible: true,
  values: ['AGENT', 'GATEWAY'] as const,
});

const IssuedCredentialType = builder
  .objectRef<{ credentialId: string; token: string; revokedIds: string[] }>('_IssuedMachineCredential')
  .implement({
    inaccessible: true,
    fields: (t) => ({
      credentialId: t.exposeID('credentialId'),
      token: t.exposeString('token'),
      revokedIds: t.exposeIDList('revokedIds'),
    }),
  });

const IssueMachineCredentialInput = builder.inputType('_IssueMachineCredentialInput', {
  inaccessible: true,
  fields: (t) => ({
    organizationId: t.id(),
    kind: t.field({ type: MachineKindInternal }),
    subjectId: t.id(),
    name: t.string(),
    rotate: t.boolean({ description: "Revoke the subject's other credentials in the same transaction" }),
  }),
});

const RevokeMachineCredentialsInput = builder.inputType('_RevokeMachineCredentialsInput', {
  inaccessible: true,
  fields: (t) => ({ organizationId: t.id(), kind: t.field({ type: MachineKindInternal }), subjectId: t.id() }),
});

// Fleet's internal API: credentials for the agents and gateways it registers (one store, one verifier).
builder.mutationFields((t) => ({
  _issueMachineCredential: t.field({
    type: IssuedCredentialType,
    inaccessible: true,
    authScopes: { system: true },
    args: { input: t.arg({ type: IssueMachineCredentialInput }) },
    resolve: (_root, { input }, context) =>
      context.services.credentials.issueForService(context.identity, input.kind, input),
  }),
  _revokeMachineCredentials: t.field({
    type: ['ID'],
    inaccessible: true,
    description: 'Revokes every live credential of the subject; returns the revoked ids',
    authScopes: { system: true },
    args: { input: t.arg({ type: RevokeMachineCredentialsInput }) },
    resolve: (_root, { input }, context) =>
      context.services.credentials.revokeForService(context.identity, input.kind, input),
  }),
}));
