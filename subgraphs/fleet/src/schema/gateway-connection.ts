/** `Gateway.connection` (the dial-out link's live status) and `Gateway.lastHeartbeatAt`. */
import { builder } from '../builder.ts';
import type { GatewayRow } from '../db/gateway-store.ts';
import { GatewayRef } from './gateway.ts';

const LinkStateEnum = builder.enumType('GatewayLinkState', {
  values: {
    CONNECTED: { description: 'Handshake done; calls flow' },
    CONNECTING: { description: 'Connecting, or reconnecting after a drop (see lastError)' },
    DISCONNECTED: { description: 'The last attempt failed (see lastError)' },
  } as const,
});

type LinkedGateway = GatewayRow & { linkState: NonNullable<GatewayRow['linkState']>; linkSince: Date };

const GatewayLinkStatusRef = builder.objectRef<LinkedGateway>('GatewayLinkStatus').implement({
  description: 'Mission Control’s dial-out connection to the gateway, as its connections last reported it',
  fields: (t) => ({
    state: t.field({ type: LinkStateEnum, resolve: (gateway) => gateway.linkState }),
    since: t.expose('linkSince', { type: 'DateTime', description: 'When it entered this state' }),
    lastError: t.exposeString('linkError', { nullable: true }),
    serverVersion: t.exposeString('linkServerVersion', {
      nullable: true,
      description: 'The OpenClaw runtime version of the last handshake',
    }),
  }),
});

builder.objectFields(GatewayRef, (t) => ({
  connection: t.field({
    type: GatewayLinkStatusRef,
    nullable: true,
    description: 'The dial-out link’s live status; null until Mission Control has dialed the gateway',
    resolve: (gateway) => (gateway.linkState && gateway.linkSince ? (gateway as LinkedGateway) : null),
  }),
  lastHeartbeatAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'A registered gateway’s last heartbeat (null for gateways that do not register)',
    resolve: (gateway) => (gateway.credentialId ? gateway.lastSeenAt : null),
  }),
}));
