/**
 * Gateway health: heartbeats from the gateway itself (metrics kept as a bounded history, status
 * ONLINE), the offline sweep (silent for longer than the limit → OFFLINE), metric windows and the
 * live status stream behind the `gatewayHealth` subscription.
 */
import {
  badInput,
  type Clock,
  type DatabaseHandle,
  type DomainEvents,
  type EventBus,
  type EventIterator,
  type Identity,
  notFound,
  parseId,
} from '@mc/kit';
import { type GatewayRow, GatewayStore } from '../db/gateway-store.ts';
import { type HeartbeatRow, HeartbeatStore } from '../db/heartbeat-store.ts';
import { type GatewayHealthEvent, gatewayStatusChanged, organizationGatewayStatusChanged } from '../events.ts';
import { readerOrg, requireGatewayCaller, requireSameOrg } from './access.ts';
import { actorOf, Changes, SYSTEM_ACTOR } from './changes.ts';
import { parseVersion } from './gateway-input.ts';
import { recordStatusChange } from './gateway-status.ts';

export interface HeartbeatMetrics {
  activeSessions: number;
  memoryBytes: number;
  cpuPercent: number;
  agentCount: number;
  version: string;
}

export interface HealthSettings {
  offlineAfterSeconds: number;
  heartbeatIntervalSeconds: number;
  retentionHours: number;
}

export class HealthService {
  private readonly database: DatabaseHandle;
  private readonly changes: Changes;
  private readonly bus: EventBus;
  private readonly clock: Clock;
  private readonly settings: HealthSettings;

  constructor(deps: {
    database: DatabaseHandle;
    events: DomainEvents;
    bus: EventBus;
    clock: Clock;
    settings: HealthSettings;
  }) {
    this.database = deps.database;
    this.changes = new Changes(deps.database, deps.events);
    this.bus = deps.bus;
    this.clock = deps.clock;
    this.settings = deps.settings;
  }

  /** A heartbeat from the gateway identity for its own id (anything else is FORBIDDEN). */
  async heartbeat(identity: Identity, rawGatewayId: string, metrics: HeartbeatMetrics): Promise<GatewayRow> {
    const caller = requireGatewayCaller(identity, rawGatewayId);
    const gatewayId = parseId(rawGatewayId, 'gatewayId');
    const sample = parseMetrics(metrics);
    const now = this.clock.now();
    return this.changes.run(async (scope) => {
      const gateways = new GatewayStore(scope.tx);
      const current = requireSameOrg(await gateways.lock(gatewayId), caller.orgId, 'Gateway', gatewayId);
      const row = (await gateways.update(gatewayId, {
        status: 'ONLINE',
        lastSeenAt: now,
        version: sample.version,
        lastError: current.status === 'ERROR' ? null : current.lastError,
        statusChangedAt: current.status === 'ONLINE' ? current.statusChangedAt : now,
        updatedAt: now,
      })) as GatewayRow;
      await new HeartbeatStore(scope.tx).append(
        { gatewayId, at: now, ...sample },
        new Date(now.getTime() - this.settings.retentionHours * 3600_000),
      );
      await recordStatusChange(scope, this.bus, {
        gateway: row,
        from: current.status,
        to: 'ONLINE',
        lastSeenAt: now,
        at: now,
        reason: 'heartbeat',
        actor: actorOf(identity),
      });
      return row;
    });
  }

  /** Marks every gateway silent for longer than the limit OFFLINE; returns how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.settings.offlineAfterSeconds * 1000);
    return this.changes.run(async (scope) => {
      const stale = await new GatewayStore(scope.tx).markSilentOffline(cutoff, now);
      for (const gateway of stale) {
        await recordStatusChange(scope, this.bus, {
          gateway,
          from: 'ONLINE',
          to: 'OFFLINE',
          lastSeenAt: gateway.lastSeenAt,
          at: now,
          reason: `no heartbeat for ${this.settings.offlineAfterSeconds} s`,
          actor: SYSTEM_ACTOR,
        });
      }
      return stale.length;
    });
  }

  /** Samples of the last `windowSeconds` per gateway (one query for all). */
  async metrics(gatewayIds: readonly string[], windowSeconds: number | null | undefined): Promise<HeartbeatRow[][]> {
    const maxSeconds = this.settings.retentionHours * 3600;
    const window = windowSeconds ?? 3600;
    if (!Number.isInteger(window) || window < 1 || window > maxSeconds) {
      throw badInput(`windowSeconds must be between 1 and ${maxSeconds}`, 'windowSeconds');
    }
    const since = new Date(this.clock.now().getTime() - window * 1000);
    const samples = await new HeartbeatStore(this.database.db).since(gatewayIds, since);
    return gatewayIds.map((id) => samples.get(id) ?? []);
  }

  /** Status changes of one gateway of the caller's organization, live. */
  async watch(identity: Identity, rawGatewayId: string): Promise<EventIterator<GatewayHealthEvent>> {
    const orgId = readerOrg(identity);
    const gatewayId = parseId(rawGatewayId, 'gatewayId');
    const row = (await new GatewayStore(this.database.db).byIds([gatewayId])).get(gatewayId);
    if (!row || row.organizationId !== orgId) throw notFound('Gateway', gatewayId).toGraphQLError();
    return this.bus.iterate(gatewayStatusChanged(gatewayId));
  }

  /** Status changes of every gateway of the caller's organization, live. */
  watchOrganization(identity: Identity): Promise<EventIterator<GatewayHealthEvent>> {
    return this.bus.iterate(organizationGatewayStatusChanged(readerOrg(identity)));
  }

  get heartbeatIntervalSeconds(): number {
    return this.settings.heartbeatIntervalSeconds;
  }
}

const MAX_INT = 2_147_483_647;

function parseMetrics(metrics: HeartbeatMetrics): Omit<HeartbeatRow, 'seq' | 'gatewayId' | 'at'> {
  const count = (value: number, field: string, max = MAX_INT) => {
    if (!Number.isInteger(value) || value < 0 || value > max)
      throw badInput(`${field} must be a whole number ≥ 0`, field);
    return value;
  };
  if (!Number.isFinite(metrics.cpuPercent) || metrics.cpuPercent < 0 || metrics.cpuPercent > 100 * 1024) {
    throw badInput('metrics.cpuPercent must be between 0 and 102400', 'metrics.cpuPercent');
  }
  return {
    activeSessions: count(metrics.activeSessions, 'metrics.activeSessions'),
    memoryBytes: count(metrics.memoryBytes, 'metrics.memoryBytes', Number.MAX_SAFE_INTEGER),
    cpuPercent: metrics.cpuPercent,
    agentCount: count(metrics.agentCount, 'metrics.agentCount'),
    version: parseVersion(metrics.version, 'metrics.version'),
  };
}
