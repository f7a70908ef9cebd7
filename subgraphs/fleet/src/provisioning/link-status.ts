/**
 * Live connections: what fleet's pooled GatewayLinks report about each gateway (connected, connecting,
 * disconnected; since when; the last error; the server version), recorded on the gateway row only when
 * it changes — so every fleet instance answers `Gateway.connection` alike — and pushed on the gateway's
 * `gatewayHealth` and `gatewayStatusChanged` channels. A link closed on purpose (a job releasing its handle) is not a disconnection.
 * Dial-in gateways are recorded the same way by their inbox: CONNECTED when a bridge starts following
 * it (with the address its socket came from), DISCONNECTED when that subscription ends.
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

  constructor(runtime: Pick<SubgraphRuntime, 'database' | 'bus' | 'clock' | 'logger'>) {
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

  /**
   * Dial-in: a bridge follows the inbox (`since` names this follower for `dialInEnded`). A new follower
   * takes over; a follower refreshing its presence (`takeOver` false) only restores CONNECTED after
   * another follower's end marked the gateway DISCONNECTED. True when the row changed.
   */
  async dialInFollowed(
    gatewayId: string,
    since: Date,
    clientAddress: string | undefined,
    takeOver: boolean,
  ): Promise<boolean> {
    const [row] = await this.db
      .update(gateways)
      .set({ linkState: 'CONNECTED', linkSince: since, linkError: null, linkClientAddress: clientAddress ?? null })
      .where(
        and(eq(gateways.id, gatewayId), takeOver ? undefined : sql`${gateways.linkState} is distinct from 'CONNECTED'`),
      )
      .returning();
    if (row) this.publish(row, since);
    return !!row;
  }

  /** Dial-in: the follower that started at `since` stopped; a newer follower's state is left alone. */
  async dialInEnded(gatewayId: string, since: Date, reason: string): Promise<void> {
    const now = this.clock.now();
    const [row] = await this.db
      .update(gateways)
      .set({ linkState: 'DISCONNECTED', linkSince: now, linkError: reason })
      .where(and(eq(gateways.id, gatewayId), eq(gateways.linkState, 'CONNECTED'), eq(gateways.linkSince, since)))
      .returning();
    if (row) this.publish(row, now);
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

/** A gateway's connection as `Gateway.connection` shows it. */
export interface ConnectionView {
  state: LinkState;
  since: Date;
  lastError: string | null;
  serverVersion: string | null;
  transport: 'DIAL_OUT' | 'DIAL_IN';
  clientAddress: string | null;
}

/**
 * What the row says about the gateway's connection. A dial-in gateway recorded CONNECTED whose inbox
 * nobody refreshed within the grace period (the fleet instance serving the bridge died) is shown
 * DISCONNECTED since its last refresh.
 */
export function connectionOf(
  gateway: GatewayRow,
  dialIn: { isDialIn: boolean; now: Date; graceMs: number },
): ConnectionView | null {
  if (!gateway.linkState || !gateway.linkSince) return null;
  const view: ConnectionView = {
    state: gateway.linkState,
    since: gateway.linkSince,
    lastError: gateway.linkError,
    serverVersion: gateway.linkServerVersion,
    transport: dialIn.isDialIn ? 'DIAL_IN' : 'DIAL_OUT',
    clientAddress: dialIn.isDialIn ? gateway.linkClientAddress : null,
  };
  if (!dialIn.isDialIn || view.state !== 'CONNECTED') return view;
  const refreshed = gateway.inboxFollowedAt;
  if (refreshed && dialIn.now.getTime() - refreshed.getTime() <= dialIn.graceMs) return view;
  return { ...view, state: 'DISCONNECTED', since: refreshed ?? view.since, lastError: 'no bridge follows its inbox' };
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
