/**
 * Gateway status changes, one way for every cause (heartbeat, sweep, registration, link errors): a
 * durable `fleet.gatewayStatusChanged` in the transaction and a live event on the gateway's channel
 * and the organization's after commit.
 */
import type { DomainEventActor, EventBus } from '@mc/kit';
import type { GatewayRow, GatewayStatusValue } from '../db/gateway-store.ts';
import { fleetEvents } from '../domain-events.ts';
import { type GatewayHealthEvent, gatewayStatusChanged, organizationGatewayStatusChanged } from '../events.ts';
import type { ChangeScope } from './changes.ts';

export async function recordStatusChange(
  scope: ChangeScope,
  bus: EventBus,
  change: {
    gateway: GatewayRow;
    from: GatewayStatusValue | null;
    to: GatewayStatusValue;
    lastSeenAt: Date | null;
    at: Date;
    reason: string | null;
    actor: DomainEventActor | null;
  },
): Promise<void> {
  const { gateway, from, to, lastSeenAt, at, reason } = change;
  if (from === to) return;
  await scope.record(
    fleetEvents.gatewayStatusChanged,
    { gatewayId: gateway.id, name: gateway.name, from, to, lastSeenAt: lastSeenAt?.toISOString() ?? null, reason },
    { organizationId: gateway.organizationId, actor: change.actor },
  );
  scope.afterCommit(() =>
    publishGatewayHealth(bus, {
      gatewayId: gateway.id,
      organizationId: gateway.organizationId,
      status: to,
      previousStatus: from,
      lastSeenAt: lastSeenAt?.toISOString() ?? null,
      changedAt: at.toISOString(),
      reason,
    }),
  );
}

/** Publishes a gateway's status event on its own channel and on its organization's. */
export async function publishGatewayHealth(bus: EventBus, event: GatewayHealthEvent): Promise<void> {
  await Promise.all([
    bus.publish(gatewayStatusChanged(event.gatewayId), event),
    bus.publish(organizationGatewayStatusChanged(event.organizationId), event),
  ]);
}
