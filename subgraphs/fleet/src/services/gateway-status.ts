/**
 * Gateway status changes, one way for every cause (heartbeat, sweep, registration, link errors): a
 * durable `fleet.gatewayStatusChanged` in the transaction and a live event on the gateway's channel
 * after commit.
 */
import type { DomainEventActor, EventBus } from '@mc/kit';
import type { GatewayRow, GatewayStatusValue } from '../db/gateway-store.ts';
import { fleetEvents } from '../domain-events.ts';
import { gatewayStatusChanged } from '../events.ts';
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
    bus.publish(gatewayStatusChanged(gateway.id), {
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
