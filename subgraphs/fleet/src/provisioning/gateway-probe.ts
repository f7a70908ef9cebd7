/**
 * Health of gateways fleet only dials out to (they never heartbeat): a repeatable job connects to each
 * through the GatewayLink and asks for its health. Reachable and healthy → ONLINE with the runtime
 * version; refused credentials or a version below the minimum → ERROR with the reason; unreachable →
 * OFFLINE with the reason. Changes go through the same status path as heartbeats and the sweep. The
 * gateway's agents follow: unreachable → OFFLINE, reachable → the ones its loss made OFFLINE come back.
 */
import { type GatewayLink, isGatewayLinkError } from '@mc/gateway-link';
import type { Clock, DatabaseHandle, DomainEvents, EventBus, Logger, SubgraphRuntime } from '@mc/kit';
import { type GatewayRow, type GatewayStatusValue, GatewayStore } from '../db/gateway-store.ts';
import { Changes, SYSTEM_ACTOR } from '../services/changes.ts';
import { recordStatusChange } from '../services/gateway-status.ts';
import type { GatewayAvailability } from './gateway-availability.ts';
import type { GatewayLinks } from './gateway-links.ts';

export const PROBE_QUEUE = 'gateway-probes';
const BATCH = 200;
const PARALLEL = 8;

export class GatewayProbe {
  private readonly runtime: SubgraphRuntime;
  private readonly database: DatabaseHandle;
  private readonly changes: Changes;
  private readonly bus: EventBus;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly links: GatewayLinks;
  private readonly availability: GatewayAvailability;
  private readonly requestTimeoutMs: number;

  constructor(
    runtime: SubgraphRuntime,
    links: GatewayLinks,
    availability: GatewayAvailability,
    options: { requestTimeoutMs: number },
  ) {
    this.runtime = runtime;
    this.database = runtime.database;
    this.changes = new Changes(runtime.database, runtime.events as DomainEvents);
    this.bus = runtime.bus;
    this.clock = runtime.clock;
    this.logger = runtime.logger.child({ component: 'gateway-probe' });
    this.links = links;
    this.availability = availability;
    this.requestTimeoutMs = options.requestTimeoutMs;
  }

  async start(everyMs: number): Promise<void> {
    const queue = this.runtime.queue<Record<string, never>>(PROBE_QUEUE);
    queue.process(async () => {
      await this.probeAll();
    });
    await queue.schedule('gateway-probe', everyMs, {});
  }

  /** Probes every dial-out-only gateway, a few at a time; returns how many were probed. */
  async probeAll(): Promise<number> {
    const gateways = await new GatewayStore(this.database.db).dialOutOnly(BATCH);
    for (let i = 0; i < gateways.length; i += PARALLEL) {
      await Promise.all(gateways.slice(i, i + PARALLEL).map((gateway) => this.probe(gateway)));
    }
    return gateways.length;
  }

  async probe(gateway: GatewayRow): Promise<GatewayStatusValue> {
    let link: GatewayLink | null = null;
    try {
      link = await this.links.open(gateway, { requestTimeoutMs: this.requestTimeoutMs, reconnect: false });
      const hello = await link.connect();
      const health = await link.health();
      if (!health.ok) return await this.apply(gateway, 'ERROR', 'the gateway reports it is not healthy', null);
      const status = await this.apply(gateway, 'ONLINE', null, hello.serverVersion);
      await this.availability.returned(gateway.id);
      return status;
    } catch (error) {
      const operator = isGatewayLinkError(error, 'AUTH_FAILED') || isGatewayLinkError(error, 'VERSION_UNSUPPORTED');
      const reason = isGatewayLinkError(error) ? `${error.code}: ${error.message}` : 'probe failed';
      if (!isGatewayLinkError(error)) this.logger.warn({ gatewayId: gateway.id, err: error }, 'gateway probe failed');
      const status = await this.apply(gateway, operator ? 'ERROR' : 'OFFLINE', reason, null);
      if (status === 'OFFLINE') await this.availability.lost(gateway.id, reason);
      return status;
    } finally {
      await link?.close();
    }
  }

  private async apply(
    gateway: GatewayRow,
    to: GatewayStatusValue,
    lastError: string | null,
    version: string | null,
  ): Promise<GatewayStatusValue> {
    const now = this.clock.now();
    await this.changes.run(async (scope) => {
      const gateways = new GatewayStore(scope.tx);
      const current = await gateways.lock(gateway.id);
      // Registered meanwhile: its heartbeats speak for it now.
      if (!current || current.credentialId || current.registeredAt) return;
      const row = (await gateways.update(gateway.id, {
        status: to,
        lastError: lastError?.slice(0, 1000) ?? null,
        ...(to === 'ONLINE' ? { lastSeenAt: now } : {}),
        ...(version ? { version } : {}),
        statusChangedAt: current.status === to ? current.statusChangedAt : now,
        updatedAt: now,
      })) as GatewayRow;
      await recordStatusChange(scope, this.bus, {
        gateway: row,
        from: current.status,
        to,
        lastSeenAt: row.lastSeenAt,
        at: now,
        reason: lastError ? lastError.slice(0, 200) : 'probe',
        actor: SYSTEM_ACTOR,
      });
    });
    return to;
  }
}
