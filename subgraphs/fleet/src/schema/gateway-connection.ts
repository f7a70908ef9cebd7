/** `Gateway.connection` (the dial-out link's or the dial-in bridge's live status) and `Gateway.lastHeartbeatAt`. */
import { builder } from '../builder.ts';
import { isDialIn } from '../provisioning/gateway-links.ts';
import type { ConnectionView } from '../provisioning/link-status.ts';
import { GatewayRef } from './gateway.ts';

const LinkStateEnum = builder.enumType('GatewayLinkState', {
  values: {
    CONNECTED: { description: 'Handshake done; calls flow' },
    CONNECTING: { description: 'Connecting, or reconnecting after a drop (see lastError)' },
    DISCONNECTED: { description: 'The last attempt failed (see lastError)' },
  } as const,
});

const TransportEnum = builder.enumType('GatewayTransport', {
  values: {
    DIAL_OUT: { description: 'Mission Control dials the gateway’s URL' },
    DIAL_IN: { description: 'The gateway (its bridge) follows its inbox over graphql-ws' },
  } as const,
});

const GatewayLinkStatusRef = builder.objectRef<ConnectionView>('GatewayLinkStatus').implement({
  description:
    'The connection between Mission Control and the gateway: the dial-out link as its connections last reported it, or a dial-in bridge following its inbox',
  fields: (t) => ({
    state: t.field({ type: LinkStateEnum, resolve: (view) => view.state }),
    since: t.expose('since', { type: 'DateTime', description: 'When it entered this state' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    serverVersion: t.exposeString('serverVersion', {
      nullable: true,
      description: 'The OpenClaw runtime version of the last handshake (dial-out)',
    }),
    transport: t.field({ type: TransportEnum, resolve: (view) => view.transport }),
    clientAddress: t.string({
      nullable: true,
      description: 'Dial-in: the network address the bridge connected from, when the router knew it (admins only)',
      resolve: (view, _args, context) =>
        context.identity.kind === 'user' && ['OWNER', 'ADMIN'].includes(context.identity.org?.role ?? '')
          ? view.clientAddress
          : null,
    }),
  }),
});

builder.objectFields(GatewayRef, (t) => ({
  connection: t.field({
    type: GatewayLinkStatusRef,
    nullable: true,
    description:
      'The live connection: the dial-out link’s status, or a dial-in bridge following the inbox; null until there was one',
    resolve: (gateway, _args, context) => context.services.dialIn.connection(gateway, isDialIn(gateway)),
  }),
  lastHeartbeatAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'A registered gateway’s last heartbeat (null for gateways that do not register)',
    resolve: (gateway) => (gateway.credentialId ? gateway.lastSeenAt : null),
  }),
}));
