/**
 * Live connections: what fleet's pooled GatewayLinks report about each gateway (connected, connecting,
 * disconnected; since when; the last error; the server version), recorded on the gateway row only when
 * it changes — so every fleet instance answers `Gateway.connection` alike — and pushed on the gateway's
 * `gatewayHealth` and `gatewayStatusChanged` channels. A link closed on purpose (a job releasing its handle) is not a disconnection.
 */
import type { GatewayLink, GatewayLinkConfig, GatewayLinkFactory, GatewayStatusChange } from '@mc/gateway-link';
import type { Clock, Database, EventBus, Logger, SubgraphRuntime } from '@mc/kit';
import { and, eq, or, sql } from 'drizzle-orm';
import type { GatewayRow } from '../db/gateway-store.ts';
import { gateways } from '../db/tables.ts';
import { publishGatewayHealth } from '../services/gateway-status.ts';

export type LinkState = 'CONNECTED' | 'CONNECTING' | 'DISCONNECTED';

export interface LinkObservation {
  state: LinkState;
  error: string | null;
  serverVersion: string | null;
}

/** A link config that names the gateway it reaches (`linkConfigFor` sets it). */
export type TrackedLinkConfig = GatewayLinkConfig & { gatewayId?: string };

/** The observation a status change means, or null when it says nothing about the gateway. */
export function observe(change: GatewayStatusChange): LinkObservation | null {
  const error = change.error ? `${change.error.code}: ${change.error.message}`.slice(0, 1000) : null;
  switch (change.status) {
    case 'ready':
      return { state: 'CONNECTED', error: null, serverVersion: change.hello?.serverVersion ?? null };
    case 'reconnecting':
      return { state: 'CONNECTING', error, serverVersion: null };
    case 'connecting':
      return { state: 'CONNECTING', error: null, serverVersion: null };
    case 'closed':
      return error ? { state: 'DISCONNECTED', error, serverVersion: null } : null;
    default:
      return null;
  }
}

export class LinkStatusRecorder {
  private readonly db: Database;
  private readonly bus: EventBus;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(runtime: SubgraphRuntime) {
    this.db = runtime.database.db;
    this.bus = runtime.bus;
    this.clock = runtime.clock;
    this.logger = runtime.logger.child({ component: 'link-status' });
  }

  /**
   * Records an observation when it changes what the row says; true when it did. A first attempt
   * (`connecting` without an error) does not overwrite a known state: jobs open links all the time.
   */
  async record(gatewayId: string, seen: LinkObservation): Promise<boolean> {
    const now = this.clock.now();
    const version = seen.serverVersion;
    const changed = or(
      sql`${gateways.linkState} is distinct from ${seen.state}`,
      sql`${gateways.linkError} is distinct from ${seen.error}`,
      version === null ? undefined : sql`${gateways.linkServerVersion} is distinct from ${version}`,
    );
    const quietAttempt = seen.state === 'CONNECTING' && seen.error === null;
    const [row] = await this.db
      .update(gateways)
      .set({
        linkState: seen.state,
        linkError: seen.error,
        linkSince: sql`case when ${gateways.linkState} is distinct from ${seen.state} then ${now.toISOString()}::timestamptz else ${gateways.linkSince} end`,
        ...(version === null ? {} : { linkServerVersion: version }),
      })
      .where(and(eq(gateways.id, gatewayId), changed, quietAttempt ? sql`${gateways.linkState} is null` : undefined))
      .returning();
    if (!row) return false;
    this.publish(row, now);
    return true;
  }

  private publish(row: GatewayRow, at: Date): void {
    publishGatewayHealth(this.bus, {
      gatewayId: row.id,
      organizationId: row.organizationId,
      status: row.status,
      previousStatus: row.status,
      lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
      changedAt: at.toISOString(),
      reason: `link ${row.linkState}${row.linkError ? `: ${row.linkError}` : ''}`.slice(0, 200),
    }).catch((error) => this.logger.warn({ err: error, gatewayId: row.id }, 'link status publish failed'));
  }
}

/** Hands out the inner factory's links and records the status changes of those that name their gateway. */
export class TrackedLinks implements GatewayLinkFactory {
  private readonly inner: GatewayLinkFactory;
  private readonly recorder: LinkStatusRecorder;
  private readonly logger: Logger;

  constructor(inner: GatewayLinkFactory, recorder: LinkStatusRecorder, logger: Logger) {
    this.inner = inner;
    this.recorder = recorder;
    this.logger = logger;
  }

  link(config: TrackedLinkConfig): GatewayLink {
    const link = this.inner.link(config);
    const gatewayId = config.gatewayId;
    if (gatewayId) {
      // The handle owns this listener: it goes when the handle is closed.
      link.onStatus((change) => {
        const seen = observe(change);
        if (!seen) return;
        this.recorder
          .record(gatewayId, seen)
          .catch((error) => this.logger.warn({ err: error, gatewayId }, 'could not record the link status'));
      });
    }
    return link;
  }

  closeAll(): Promise<void> {
    return this.inner.closeAll();
  }
}
