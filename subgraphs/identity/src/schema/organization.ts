/** `Organization` entity and its root fields. */

import { builder } from '../builder.ts';
import type { OrganizationRow } from '../db/organization-store.ts';

export const OrganizationType = builder.objectRef<OrganizationRow>('Organization').implement({
  description: 'A tenant: everything in Mission Control belongs to exactly one organization',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.asEntity(OrganizationType, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => context.services.organizations.get(context.identity, ref.id),
});

builder.queryFields((t) => ({
  organization: t.field({
    type: OrganizationType,
    description: 'An organization you belong to',
    authScopes: { user: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.organizations.get(context.identity, args.id),
  }),
  organizations: t.field({
    type: [OrganizationType],
    description: 'The organizations you belong to',
    authScopes: { user: true },
    resolve: (_root, _args, context) => context.services.organizations.listMine(context.identity),
  }),
}));

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  fields: (t) => ({
    name: t.string(),
    slug: t.string({ required: false, description: 'Defaults to a slug of the name' }),
  }),
});

builder.mutationFields((t) => ({
  createOrganization: t.field({
    type: OrganizationType,
    description: 'Creates an organization; you become its owner',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateOrganizationInput }) },
    resolve: (_root, args, context) => context.services.organizations.create(context.identity, args.input),
  }),
}));
