/** Gateway auto-registration: one-time tokens minted by admins, `registerGateway`, `deregisterGateway`. */
import { builder } from '../builder.ts';
import type { GatewayRegistration, MintedRegistrationToken } from '../services/registration-service.ts';
import { GatewayRef } from './gateway.ts';

const MintedTokenRef = builder.objectRef<MintedRegistrationToken>('GatewayRegistrationToken').implement({
  description: 'A one-time registration token; the token is shown only here',
  fields: (t) => ({
    token: t.exposeString('token', { description: '`mcr_…`: give it to the gateway; never shown again' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    gateway: t.field({
      type: GatewayRef,
      nullable: true,
      description: 'The gateway it re-registers, or null for a new gateway',
      resolve: (minted) => minted.gateway,
    }),
  }),
});

const RegistrationRef = builder.objectRef<GatewayRegistration>('GatewayRegistration').implement({
  description: 'What a gateway receives when it registers',
  fields: (t) => ({
    gateway: t.field({ type: GatewayRef, resolve: (registration) => registration.gateway }),
    credential: t.exposeString('credential', {
      description: '`mcg_…`: the gateway’s own credential (Authorization: Bearer); shown only here',
    }),
    heartbeatIntervalSeconds: t.exposeInt('heartbeatIntervalSeconds'),
    offlineAfterSeconds: t.exposeInt('offlineAfterSeconds'),
  }),
});

const CreateRegistrationTokenInput = builder.inputType('CreateGatewayRegistrationTokenInput', {
  fields: (t) => ({
    gatewayId: t.id({ required: false, description: 'Re-register this gateway (rotates its credential)' }),
    expiresInSeconds: t.int({ required: false, description: '60 s to 7 days (default 1 hour)' }),
  }),
});

const RegisterGatewayInput = builder.inputType('RegisterGatewayInput', {
  fields: (t) => ({
    token: t.string({ description: 'The one-time registration token (`mcr_…`)' }),
    name: t.string(),
    url: t.string({ required: false, description: 'Where Mission Control may dial out to it (ws/wss with port)' }),
    version: t.string({ description: 'OpenClaw version, e.g. 2026.9.6' }),
    workspaceRoot: t.string({ required: false }),
  }),
});

builder.mutationFields((t) => ({
  createGatewayRegistrationToken: t.field({
    type: MintedTokenRef,
    description: 'Mints a one-time, expiring registration token (admins)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateRegistrationTokenInput, required: false }) },
    resolve: (_root, args, context) => context.services.registrations.mint(context.identity, args.input ?? {}),
  }),
  registerGateway: t.field({
    type: RegistrationRef,
    description:
      'A gateway registers with a one-time token and receives its credential (no sign-in needed: the token is the proof)',
    errors: {},
    args: { input: t.arg({ type: RegisterGatewayInput }) },
    resolve: (_root, args, context) =>
      context.services.registrations.register(args.input, { clientAddress: context.clientAddress }),
  }),
  deregisterGateway: t.field({
    type: GatewayRef,
    description: 'Revokes a gateway’s credential; it stays listed (PENDING) until it registers again (admins)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.registrations.deregister(context.identity, args.id),
  }),
}));
