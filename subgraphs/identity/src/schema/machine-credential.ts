/** `MachineCredential` (agent tokens, gateway credentials; never the secret) and its root fields. */
import { builder } from '../builder.ts';
import type { MachineCredentialRow } from '../db/credential-store.ts';
import { OrganizationType } from './organization.ts';

const CredentialKindEnum = builder.enumType('MachineCredentialKind', { values: ['AGENT', 'GATEWAY'] as const });

export const MachineCredentialType = builder.objectRef<MachineCredentialRow>('MachineCredential').implement({
  description: 'A credential an agent or gateway presents; the secret is shown only at creation',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: CredentialKindEnum }),
    subjectId: t.exposeID('subjectId', { description: 'The agent or gateway id' }),
    name: t.exposeString('name'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    organization: t.field({ type: OrganizationType, resolve: (credential) => credential.organizationId }),
  }),
});

type Created = { credential: MachineCredentialRow; token: string };

const CreatedMachineCredentialType = builder.objectRef<Created>('CreatedMachineCredential').implement({
  fields: (t) => ({
    credential: t.field({ type: MachineCredentialType, resolve: (created) => created.credential }),
    token: t.exposeString('token', { description: 'Give this to the agent or gateway; it is never shown again' }),
  }),
});

builder.queryFields((t) => ({
  machineCredentials: t.field({
    type: [MachineCredentialType],
    description: "An organization's agent tokens and gateway credentials, without secrets (admins)",
    authScopes: { user: true },
    args: { organizationId: t.arg.id(), kind: t.arg({ type: CredentialKindEnum, required: false }) },
    resolve: (_root, args, context) =>
      context.services.credentials.list(context.identity, args.organizationId, args.kind ?? null),
  }),
}));

const CreateAgentTokenInput = builder.inputType('CreateAgentTokenInput', {
  fields: (t) => ({
    organizationId: t.id(),
    agentId: t.id(),
    name: t.string(),
    expiresAt: t.field({ type: 'DateTime', required: false }),
  }),
});

const CreateGatewayCredentialInput = builder.inputType('CreateGatewayCredentialInput', {
  fields: (t) => ({
    organizationId: t.id(),
    gatewayId: t.id(),
    name: t.string(),
    expiresAt: t.field({ type: 'DateTime', required: false }),
  }),
});

builder.mutationFields((t) => ({
  createAgentToken: t.field({
    type: CreatedMachineCredentialType,
    description: 'Issues an `mca_…` token for an agent (admins)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateAgentTokenInput }) },
    resolve: (_root, { input }, context) =>
      context.services.credentials.create(context.identity, 'AGENT', { ...input, subjectId: input.agentId }),
  }),
  createGatewayCredential: t.field({
    type: CreatedMachineCredentialType,
    description: 'Issues an `mcg_…` credential for a gateway (admins)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateGatewayCredentialInput }) },
    resolve: (_root, { input }, context) =>
      context.services.credentials.create(context.identity, 'GATEWAY', { ...input, subjectId: input.gatewayId }),
  }),
  revokeMachineCredential: t.field({
    type: MachineCredentialType,
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.credentials.revoke(context.identity, args.id),
  }),
}));
