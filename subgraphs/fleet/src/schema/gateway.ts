/** `Gateway` (an OpenClaw gateway; never its token), its connection and the admin root fields. */
import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { FleetContext } from '../context.ts';
import type { GatewayRow } from '../db/gateway-store.ts';
import { OrganizationRef } from './organization.ts';

export const GatewayStatusEnum = builder.enumType('GatewayStatus', {
  values: {
    PENDING: { description: 'Created or registered, not heard from yet' },
    ONLINE: { description: 'Heartbeats arrive' },
    OFFLINE: { description: 'Silent for longer than the offline limit' },
    ERROR: { description: 'Reachable but failing; see lastError' },
  } as const,
});

export const PairingModeEnum = builder.enumType('GatewayPairingMode', {
  values: {
    DEVICE: { description: 'Connect with a signed Ed25519 device identity (paired once on the gateway)' },
    CONTROL_UI: { description: 'Connect as the control UI (pairing disabled on the gateway)' },
  } as const,
});

export const GatewayRef = builder.loadableObjectRef('Gateway', {
  load: (ids: string[], context: FleetContext) => context.services.gateways.load(context.identity, ids),
  cacheResolved: (gateway: GatewayRow) => gateway.id,
});

GatewayRef.implement({
  description: 'An OpenClaw gateway that runs agents; its access token is never returned',
  fields: (t) => ({
    id: t.exposeID('id'),
    organization: t.field({ type: OrganizationRef, resolve: (gateway) => ({ id: gateway.organizationId }) }),
    name: t.exposeString('name'),
    url: t.exposeString('url', {
      nullable: true,
      description: 'ws:// or wss:// with an explicit port; null for a gateway that only dials in',
    }),
    hasToken: t.boolean({
      description: 'Whether an access token is stored',
      resolve: (gateway) => gateway.tokenSealed !== null,
    }),
    workspaceRoot: t.exposeString('workspaceRoot'),
    allowSelfSignedTls: t.exposeBoolean('allowSelfSignedTls'),
    pairingMode: t.field({ type: PairingModeEnum, resolve: (gateway) => gateway.pairingMode }),
    status: t.field({ type: GatewayStatusEnum, resolve: (gateway) => gateway.status }),
    statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime', nullable: true }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true, description: 'Last heartbeat' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    version: t.exposeString('version', { nullable: true, description: 'OpenClaw version last reported' }),
    registered: t.boolean({
      description: 'Whether the gateway holds a credential from registration',
      resolve: (gateway) => gateway.credentialId !== null,
    }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.asEntity(GatewayRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => GatewayRef.getDataloader(context).load(ref.id),
});

const GatewayEdge = builder.objectRef<{ cursor: string; node: GatewayRow }>('GatewayEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: GatewayRef, resolve: (edge) => edge.node }),
  }),
});

const GatewayConnection = builder.objectRef<Connection<GatewayRow>>('GatewayConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [GatewayEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [GatewayRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

builder.queryFields((t) => ({
  gateway: t.field({
    type: GatewayRef,
    description: 'A gateway of the organization you act in (a gateway may read itself)',
    authScopes: { $any: { user: true, gateway: true } },
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.gateways.get(context.identity, args.id),
  }),
  gateways: t.field({
    type: GatewayConnection,
    description: 'Gateways of the organization you act in, oldest first',
    authScopes: { user: true },
    args: {
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false, description: 'The endCursor of the previous page' }),
    },
    resolve: (_root, args, context) => context.services.gateways.list(context.identity, args),
  }),
}));

const CreateGatewayInput = builder.inputType('CreateGatewayInput', {
  fields: (t) => ({
    name: t.string({ description: 'Unique in the organization, at most 120 characters' }),
    url: t.string({ description: 'ws:// or wss:// with an explicit port, e.g. ws://10.0.0.5:18789' }),
    token: t.string({ required: false, description: 'The gateway access token; stored encrypted, never returned' }),
    workspaceRoot: t.string({ description: 'Absolute path (or ~/…) of agent workspaces on the gateway' }),
    allowSelfSignedTls: t.boolean({ required: false, description: 'Accept a self-signed certificate (wss only)' }),
    pairingMode: t.field({ type: PairingModeEnum, required: false, description: 'Default DEVICE' }),
  }),
});

const UpdateGatewayInput = builder.inputType('UpdateGatewayInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    url: t.string({ required: false }),
    token: t.string({ required: false, description: 'Absent: keep; null: remove; a value: replace' }),
    workspaceRoot: t.string({ required: false }),
    allowSelfSignedTls: t.boolean({ required: false }),
    pairingMode: t.field({ type: PairingModeEnum, required: false }),
  }),
});

const DeleteGatewayPayload = builder.objectRef<{ id: string }>('DeleteGatewayPayload').implement({
  fields: (t) => ({ deletedGatewayId: t.exposeID('id') }),
});

builder.mutationFields((t) => ({
  createGateway: t.field({
    type: GatewayRef,
    description: 'Adds a gateway Mission Control dials out to (admins)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateGatewayInput }) },
    resolve: (_root, args, context) => context.services.gateways.create(context.identity, args.input),
  }),
  updateGateway: t.field({
    type: GatewayRef,
    description: 'Changes a gateway’s settings (admins)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateGatewayInput }) },
    resolve: (_root, args, context) => context.services.gateways.update(context.identity, args.id, args.input),
  }),
  deleteGateway: t.field({
    type: DeleteGatewayPayload,
    description: 'Deletes a gateway without agents and revokes its credentials (admins)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.gateways.delete(context.identity, args.id),
  }),
}));
