/**
 * `whoami`: who the router says is calling, straight from the signed identity (no database read).
 * Open to every caller, anonymous included, so clients and tests can see how they were authenticated.
 */
import { type Identity, identityOrgId } from '@mc/kit';
import { builder } from '../builder.ts';
import { OrgRoleEnum } from './member.ts';

const CallerKindEnum = builder.enumType('CallerKind', {
  values: ['ANONYMOUS', 'SYSTEM', 'USER', 'H5', 'AGENT', 'GATEWAY'] as const,
});

const CallerType = builder.objectRef<Identity>('Caller').implement({
  description: 'The authenticated caller of this request',
  fields: (t) => ({
    kind: t.field({
      type: CallerKindEnum,
      resolve: (identity) => identity.kind.toUpperCase() as Uppercase<Identity['kind']>,
    }),
    organizationId: t.id({
      nullable: true,
      description: 'The organization the request acts in',
      resolve: (identity) => identityOrgId(identity),
    }),
    role: t.field({
      type: OrgRoleEnum,
      nullable: true,
      description: "A console user's role in that organization",
      resolve: (identity) => (identity.kind === 'user' ? (identity.org?.role ?? null) : null),
    }),
    userId: t.id({ nullable: true, resolve: (identity) => (identity.kind === 'user' ? identity.userId : null) }),
    h5UserId: t.id({ nullable: true, resolve: (identity) => (identity.kind === 'h5' ? identity.h5UserId : null) }),
    agentId: t.id({ nullable: true, resolve: (identity) => (identity.kind === 'agent' ? identity.agentId : null) }),
    gatewayId: t.id({
      nullable: true,
      resolve: (identity) => (identity.kind === 'gateway' ? identity.gatewayId : null),
    }),
  }),
});

builder.queryFields((t) => ({
  whoami: t.field({
    type: CallerType,
    description: 'Who you are to Mission Control in this request',
    resolve: (_root, _args, context) => context.identity,
  }),
}));
