/** `Organization` entity (batched, visible to its members only) and its root fields. */
import { builder } from '../builder.ts';
import type { OrganizationRow } from '../db/organization-store.ts';
import { DeletedRecordType } from './deleted-record.ts';

export const OrganizationType = builder.loadableObjectRef<OrganizationRow, string>('Organization', {
  load: (ids, context) => context.services.organizations.loadVisible(context.identity, ids),
});

OrganizationType.implement({
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
  resolveReference: (ref, context) => OrganizationType.getDataloader(context).load(ref.id),
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

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  fields: (t) => ({
    id: t.id(),
    name: t.string({ required: false }),
    slug: t.string({ required: false }),
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
  updateOrganization: t.field({
    type: OrganizationType,
    description: 'Renames an organization or changes its slug (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: UpdateOrganizationInput }) },
    resolve: (_root, args, context) => context.services.organizations.update(context.identity, args.input),
  }),
  deleteOrganization: t.field({
    type: DeletedRecordType,
    description: 'Deletes an organization with its members, invites, H5 users and credentials (owners only)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.organizations.delete(context.identity, args.id),
  }),
}));
