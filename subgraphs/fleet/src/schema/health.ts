/** Gateway health: `gatewayHeartbeat` (the gateway itself), `Gateway.metrics` history, `gatewayHealth` and `gatewayStatusChanged` live. */
import { builder } from '../builder.ts';
import type { HeartbeatRow } from '../db/heartbeat-store.ts';
import type { GatewayHealthEvent } from '../events.ts';
import { GatewayRef, GatewayStatusEnum } from './gateway.ts';

const MetricsSampleRef = builder.objectRef<HeartbeatRow>('GatewayMetricsSample').implement({
  description: 'What a gateway reported in one heartbeat',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    activeSessions: t.exposeInt('activeSessions'),
    memoryBytes: t.exposeFloat('memoryBytes', { description: 'Resident memory in bytes' }),
    cpuPercent: t.exposeFloat('cpuPercent'),
    agentCount: t.exposeInt('agentCount'),
    version: t.exposeString('version'),
  }),
});

builder.objectFields(GatewayRef, (t) => ({
  metrics: t.loadableList({
    type: MetricsSampleRef,
    byPath: true,
    description: 'Heartbeat samples of the last `windowSeconds` (default 1 hour), oldest first',
    args: { windowSeconds: t.arg.int({ required: false }) },
    load: (ids: string[], context, args) => context.services.health.metrics(ids, args.windowSeconds),
    resolve: (gateway) => gateway.id,
  }),
}));

const GatewayMetricsInput = builder.inputType('GatewayMetricsInput', {
  fields: (t) => ({
    activeSessions: t.int(),
    memoryBytes: t.float(),
    cpuPercent: t.float(),
    agentCount: t.int(),
    version: t.string(),
  }),
});

const HeartbeatAckRef = builder
  .objectRef<{ gateway: import('../db/gateway-store.ts').GatewayRow; nextHeartbeatSeconds: number }>(
    'GatewayHeartbeatAck',
  )
  .implement({
    fields: (t) => ({
      gateway: t.field({ type: GatewayRef, resolve: (ack) => ack.gateway }),
      nextHeartbeatSeconds: t.exposeInt('nextHeartbeatSeconds'),
    }),
  });

builder.mutationFields((t) => ({
  gatewayHeartbeat: t.field({
    type: HeartbeatAckRef,
    description: 'A registered gateway reports that it is alive, with its metrics (the gateway itself only)',
    authScopes: { gateway: true },
    errors: {},
    args: { gatewayId: t.arg.id(), metrics: t.arg({ type: GatewayMetricsInput }) },
    resolve: async (_root, args, context) => ({
      gateway: await context.services.health.heartbeat(context.identity, args.gatewayId, args.metrics),
      nextHeartbeatSeconds: context.services.health.heartbeatIntervalSeconds,
    }),
  }),
}));

const GatewayHealthRef = builder.objectRef<GatewayHealthEvent>('GatewayHealth').implement({
  description:
    'A gateway changed status or link, was updated (reason `updated`) or deleted; on the organization stream also created (reason `created`)',
  fields: (t) => ({
    gateway: t.field({
      type: GatewayRef,
      nullable: true,
      description: 'Null once the gateway is deleted',
      resolve: (event, _args, context) => {
        if (event.deleted) return null;
        // A subscription keeps one context for all its events: drop the gateway loaded for an earlier one.
        GatewayRef.getDataloader(context).clear(event.gatewayId);
        return event.gatewayId;
      },
    }),
    gatewayId: t.exposeID('gatewayId'),
    deleted: t.boolean({ description: 'The gateway was deleted', resolve: (event) => event.deleted === true }),
    status: t.field({ type: GatewayStatusEnum, resolve: (event) => event.status }),
    previousStatus: t.field({ type: GatewayStatusEnum, nullable: true, resolve: (event) => event.previousStatus }),
    lastSeenAt: t.field({ type: 'DateTime', nullable: true, resolve: (event) => event.lastSeenAt }),
    changedAt: t.field({ type: 'DateTime', resolve: (event) => event.changedAt }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

builder.subscriptionFields((t) => ({
  gatewayHealth: t.field({
    type: GatewayHealthRef,
    description:
      'Status and link changes, updates and the deletion of one gateway of the organization you act in, live',
    authScopes: { user: true },
    args: { gatewayId: t.arg.id() },
    subscribe: (_root, args, context) => context.services.health.watch(context.identity, args.gatewayId),
    resolve: (event) => event,
  }),
  gatewayStatusChanged: t.field({
    type: GatewayHealthRef,
    description:
      'Status and link changes, creations, updates and deletions of every gateway of the organization you act in, live (as gatewayHealth, for lists)',
    authScopes: { user: true },
    subscribe: (_root, _args, context) => context.services.health.watchOrganization(context.identity),
    resolve: (event) => event,
  }),
}));
