/** `H5Session` and the public H5 sign-in mutations: register, login, refresh, logout. */
import { builder } from '../builder.ts';
import type { IdentityContext } from '../context.ts';
import type { H5Session } from '../services/h5-auth-service.ts';
import { H5UserType } from './h5-user.ts';
import { OrganizationType } from './organization.ts';

/**
 * The caller has just authenticated into the session's organization (they may be anonymous until
 * now): prime the organization loader so `user.organization` resolves for them.
 */
async function withOrganization(context: IdentityContext, session: Promise<H5Session>): Promise<H5Session> {
  const result = await session;
  OrganizationType.getDataloader(context).prime(result.organization.id, result.organization);
  return result;
}

const H5SessionType = builder.objectRef<H5Session>('H5Session').implement({
  description: 'Tokens for an H5 user: a 15-minute access JWT and a 30-day refresh token rotated on every use',
  fields: (t) => ({
    accessToken: t.exposeString('accessToken'),
    accessTokenExpiresAt: t.expose('accessTokenExpiresAt', { type: 'DateTime' }),
    refreshToken: t.exposeString('refreshToken'),
    refreshTokenExpiresAt: t.expose('refreshTokenExpiresAt', { type: 'DateTime' }),
    user: t.field({ type: H5UserType, resolve: (session) => session.user }),
    organization: t.field({ type: OrganizationType, resolve: (session) => session.organization }),
  }),
});

const H5RegisterInput = builder.inputType('H5RegisterInput', {
  fields: (t) => ({
    organizationId: t.id({ required: false, description: 'The organization, by id…' }),
    organizationSlug: t.string({ required: false, description: '…or by slug' }),
    email: t.string(),
    password: t.string(),
    displayName: t.string(),
  }),
});

const H5LoginInput = builder.inputType('H5LoginInput', {
  fields: (t) => ({
    organizationId: t.id({ required: false }),
    organizationSlug: t.string({ required: false }),
    email: t.string(),
    password: t.string(),
  }),
});

builder.mutationFields((t) => ({
  h5Register: t.field({
    type: H5SessionType,
    description: 'Creates an H5 account in an organization and signs it in',
    errors: {},
    args: { input: t.arg({ type: H5RegisterInput }) },
    resolve: (_root, args, context) => withOrganization(context, context.services.h5Auth.register(args.input)),
  }),
  h5Login: t.field({
    type: H5SessionType,
    errors: {},
    args: { input: t.arg({ type: H5LoginInput }) },
    resolve: (_root, args, context) => withOrganization(context, context.services.h5Auth.login(args.input)),
  }),
  h5Refresh: t.field({
    type: H5SessionType,
    description: 'Exchanges a refresh token for new tokens; a reused token ends its whole session family',
    errors: {},
    args: { refreshToken: t.arg.string() },
    resolve: (_root, args, context) => withOrganization(context, context.services.h5Auth.refresh(args.refreshToken)),
  }),
  h5Logout: t.boolean({
    description: 'Ends the session the refresh token belongs to; always true',
    args: { refreshToken: t.arg.string() },
    resolve: (_root, args, context) => context.services.h5Auth.logout(args.refreshToken),
  }),
}));
