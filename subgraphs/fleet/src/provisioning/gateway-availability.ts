/**
 * Agents follow their gateway's reachability. When the relay or the probe finds a gateway unreachable
 * (dial-out CONNECT_FAILED, a dial-in gateway nobody follows past the grace period) or the sweep or probe
 * marks it OFFLINE, its ONLINE agents become OFFLINE with the reason (`gateway_lost_at` set), each with
 * `fleet.agentUpdated` and `agentStatusChanged` — so chat presence and the console follow. When the
 * gateway is back (a bridge follows its inbox again, a probe or a heartbeat finds it ONLINE, a relayed
 * message gets through) those agents come back: ONLINE if they had checked in before, else provisioned
 * again under a new lifecycle generation.
 */
import type { DomainEvent, DomainEventActor, DomainEvents, EventBus, Logger, SubgraphRuntime } from '@mc/kit';
import { type AgentRow, AgentStore } from '../db/agent-store.ts';
import { fleetEvents, type GatewayStatusChange } from '../domain-events.ts';
import { agentStatusChanged } from '../events.ts';
import { agentChange } from '../services/agent-service.ts';
import { type ChangeScope, Changes, SYSTEM_ACTOR } from '../services/changes.ts';

export const AVAILABILITY_CONSUMER = 'fleet-gateway-availability';

/** Records an agent's new status: `fleet.agentUpdated` in the transaction, `agentStatusChanged` after it. */
export async function recordAgentStatus(
  scope: ChangeScope,
  bus: EventBus,
  row: AgentRow,
  actor: DomainEventActor = SYSTEM_ACTOR,
): Promise<void> {
  await scope.record(fleetEvents.agentUpdated, agentChange(row), { organizationId: row.organizationId, actor });
  scope.afterCommit(() =>
    bus.publish(agentStatusChanged(row.organizationId), {
      agentId: row.id,
      organizationId: row.organizationId,
      status: row.status,
      lastError: row.lastError,
    }),
  );
}

export class GatewayAvailability {
  private readonly runtime: SubgraphRuntime;
  private readonly changes: Changes;
  private readonly bus: EventBus;
  private readonly logger: Logger;
  private readonly reprovision: (agent: AgentRow) => Promise<void>;

  constructor(runtime: SubgraphRuntime, reprovision: (agent: AgentRow) => Promise<void>) {
    this.runtime = runtime;
    this.changes = new Changes(runtime.database, runtime.events as DomainEvents);
    this.bus = runtime.bus;
    this.logger = runtime.logger.child({ component: 'gateway-availability' });
    this.reprovision = reprovision;
  }

  /**
   * Follows gateway status changes (heartbeats, sweep, probe) from fleet's own durable events. The work
   * runs after the reaction's transaction (its own changes, each in its own transaction: on PGlite a
   * second transaction inside the first would wait for ever); a failure is logged, the next signal retries.
   */
  async start(): Promise<void> {
    await (this.runtime.events as DomainEvents).consume(
      [fleetEvents.gatewayStatusChanged],
      async (event: DomainEvent<GatewayStatusChange>) => {
        const change = event.payload;
        if (!change?.gatewayId || (change.to !== 'ONLINE' && change.to !== 'OFFLINE')) return;
        return () =>
          (change.to === 'ONLINE'
            ? this.returned(change.gatewayId)
            : this.lost(change.gatewayId, change.reason ?? 'the gateway went offline')
          ).then(
            () => undefined,
            (error) =>
              this.logger.warn({ err: error, gatewayId: change.gatewayId }, 'agents did not follow their gateway'),
          );
      },
      { consumer: AVAILABILITY_CONSUMER },
    );
  }

  /** The gateway cannot be reached: its ONLINE agents go OFFLINE with the reason. Returns how many. */
  async lost(gatewayId: string, reason: string): Promise<number> {
    const lastError = `gateway unreachable: ${reason}`.slice(0, 1000);
    return this.changes.run(async (scope) => {
      const rows = await new AgentStore(scope.tx).markGatewayLost(gatewayId, lastError, this.runtime.clock.now());
      for (const row of rows) await recordAgentStatus(scope, this.bus, row);
      if (rows.length > 0) this.logger.info({ gatewayId, agents: rows.length, reason }, 'gateway lost: agents OFFLINE');
      return rows.length;
    });
  }

  /** The gateway is reachable again: the agents its loss made OFFLINE come back. Returns how many. */
  async returned(gatewayId: string): Promise<number> {
    const lost = await new AgentStore(this.runtime.database.db).lostOnGateway(gatewayId);
    let restored = 0;
    for (const agent of lost) {
      const row = await this.changes.run(async (scope) => {
        const updated = await new AgentStore(scope.tx).restoreFromGatewayLoss(agent.id, this.runtime.clock.now());
        if (updated) await recordAgentStatus(scope, this.bus, updated);
        return updated;
      });
      if (!row) continue;
      restored += 1;
      if (row.status === 'PROVISIONING') await this.reprovision(row);
    }
    if (restored > 0) this.logger.info({ gatewayId, agents: restored }, 'gateway back: agents restored');
    return restored;
  }

  /** Fire-and-forget form for listeners (a failure is logged; the next signal tries again). */
  returnedSoon(gatewayId: string): void {
    this.returned(gatewayId).catch((error) => this.logger.warn({ err: error, gatewayId }, 'agents not restored'));
  }
}
