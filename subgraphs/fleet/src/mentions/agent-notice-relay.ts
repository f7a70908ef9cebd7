/**
 * Agent notices: a work event meant for one agent (an @mention, a webhook payload) consumed once per
 * event (kit inbox) becomes one job (id `<kind>:<eventId>`, queued in the inbox transaction) that sends
 * a short message to the agent's main OpenClaw session through the GatewayLink (`sendChat`, idempotency
 * key = the event id), dial-out or dial-in (the gateway's inbox, which its bridge follows) alike. The
 * agent's answer is its own business: the relay does not wait for the run.
 *
 * Nothing is dropped silently: while the agent is not ONLINE or its gateway cannot be reached the
 * notice is held (attempts again with backoff up to the kind's longest pause) for the kind's hold. A
 * notice that cannot be delivered — the agent was deleted, the gateway refused it, or the hold ran out
 * — is recorded as the kind's undelivered event (governance puts it on the timeline) and logged. Like
 * the chat relay, a gateway found unreachable takes its agents OFFLINE and a notice that gets through
 * brings them back.
 */
import { type GatewayLink, sessionKeyFor } from '@mc/gateway-link';
import type {
  Clock,
  Database,
  DatabaseHandle,
  DomainEvent,
  DomainEventActor,
  DomainEvents,
  DomainEventTopic,
  JobQueue,
  Logger,
  SubgraphRuntime,
} from '@mc/kit';
import { AgentStore } from '../db/agent-store.ts';
import { type GatewayRow, GatewayStore } from '../db/gateway-store.ts';
import type { GatewayAvailability } from '../provisioning/gateway-availability.ts';
import { GatewayLinks } from '../provisioning/gateway-links.ts';
import { gatewayAgentId } from '../provisioning/link-config.ts';
import { Undeliverable, type UndeliveredCode, undeliverable } from '../relay/undeliverable.ts';

export interface NoticeSettings {
  /** How long a notice waits for its agent (ONLINE) and gateway before it is recorded as undelivered. */
  holdSeconds: number;
  /** First and longest pause between delivery attempts of a held notice. */
  retryMs: number;
  retryMaxMs: number;
  /** Deadline of one gateway request. */
  requestTimeoutMs: number;
}

export interface NoticeJob<P> {
  eventId: string;
  organizationId: string;
  actor: DomainEventActor | null;
  payload: P;
  /** When fleet took the notice (ISO): the hold counts from here. */
  receivedAt: string;
  /** Delivery attempts so far (a held notice is queued again under `<kind>:<eventId>:<attempt>`). */
  attempt: number;
}

/** What one kind of notice is: the work event it comes from and what the agent reads. */
export interface NoticeKind<P> {
  /** `mention`, `webhook`: job ids and logs. */
  name: string;
  topic: DomainEventTopic<P>;
  queue: string;
  consumer: string;
  /** The agent the payload is for, or null for a malformed payload (logged and skipped). */
  agentOf(payload: P | null | undefined): string | null;
  /** The text the agent reads; deterministic for one event (a retried send carries the same text). */
  message(payload: P, actor: DomainEventActor | null): string;
  /** The event recorded when the notice cannot be delivered. */
  undelivered(
    job: NoticeJob<P>,
    code: UndeliveredCode,
    reason: string,
  ): { topic: DomainEventTopic<any>; payload: unknown };
}

/** Why a notice could not be delivered now; `hold` ones are tried again until the hold runs out. */
export class AgentNoticeRelay<P> {
  private readonly kind: NoticeKind<P>;
  private readonly database: DatabaseHandle;
  private readonly events: DomainEvents;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly links: GatewayLinks;
  private readonly availability: GatewayAvailability;
  private readonly settings: NoticeSettings;
  private readonly jobs: JobQueue<NoticeJob<P>>;
  /** One link handle per gateway, kept while its connection settings stay the same. */
  private readonly handles = new Map<string, { key: string; link: GatewayLink }>();
  /** Main sessions opened by this process (per gateway boot). */
  private readonly opened = new Set<string>();

  constructor(
    kind: NoticeKind<P>,
    runtime: SubgraphRuntime,
    links: GatewayLinks,
    availability: GatewayAvailability,
    settings: NoticeSettings,
  ) {
    this.kind = kind;
    this.database = runtime.database;
    this.events = runtime.events as DomainEvents;
    this.clock = runtime.clock;
    this.logger = runtime.logger.child({ component: `${kind.name}-relay` });
    this.links = links;
    this.availability = availability;
    this.settings = settings;
    this.jobs = runtime.queue<NoticeJob<P>>(kind.queue);
  }

  async start(): Promise<void> {
    this.jobs.process((job) => this.deliver(job.data), { concurrency: 16 });
    await this.events.consume([this.kind.topic], (event, tx) => this.accept(event, tx), {
      consumer: this.kind.consumer,
    });
  }

  /**
   * One job per event (a redelivered event adds the same job id), queued in the inbox transaction, so
   * an event is never claimed without its job (see `JobOptions.transaction`).
   */
  private async accept(event: DomainEvent<P>, transaction: Database): Promise<(() => Promise<void>) | undefined> {
    if (!event.organizationId || !this.kind.agentOf(event.payload)) {
      this.logger.warn({ eventId: event.id }, `malformed ${this.kind.name} skipped`);
      return undefined;
    }
    const job: NoticeJob<P> = {
      eventId: event.id,
      organizationId: event.organizationId,
      actor: event.actor,
      payload: event.payload,
      receivedAt: this.clock.now().toISOString(),
      attempt: 1,
    };
    await this.jobs.add(job, {
      id: `${this.kind.name}:${event.id}`,
      attempts: 3,
      backoffMs: this.settings.retryMs,
      transaction,
    });
    return async () => this.jobs.poke();
  }

  /** One delivery attempt: sent, or held for a later attempt, or recorded as undelivered. */
  async deliver(queued: NoticeJob<P>): Promise<void> {
    // Mention jobs queued before notices were generalized carry their payload as `mention`.
    const job = {
      ...queued,
      payload: queued.payload ?? (queued as unknown as { mention?: P }).mention,
    } as NoticeJob<P>;
    const agentId = (this.kind.agentOf(job.payload) ?? '').toLowerCase();
    const log = { eventId: job.eventId, agentId };
    let gatewayId: string | null = null;
    try {
      const agent = (await new AgentStore(this.database.db).byIds([agentId])).get(agentId);
      if (!agent || agent.organizationId !== job.organizationId.toLowerCase() || agent.status === 'DELETING') {
        throw new Undeliverable('AGENT_UNAVAILABLE', 'the agent no longer exists', false);
      }
      // An agent its gateway's loss made OFFLINE: the gateway is tried again (getting through brings it back).
      const lostWithGateway = agent.status === 'OFFLINE' && agent.gatewayLostAt !== null;
      if (agent.status !== 'ONLINE' && !lostWithGateway) {
        throw new Undeliverable('AGENT_UNAVAILABLE', `the agent is ${agent.status}`, true);
      }
      const gateway = (await new GatewayStore(this.database.db).byIds([agent.gatewayId])).get(agent.gatewayId);
      if (!gateway) throw new Undeliverable('AGENT_UNAVAILABLE', 'the agent has no gateway', false);
      gatewayId = gateway.id;
      const remoteId = gatewayAgentId(agent);
      const sessionKey = sessionKeyFor(remoteId);
      try {
        const link = await this.linkFor(gateway);
        const opened = `${gateway.id}|${link.hello?.bootId ?? ''}|${sessionKey}`;
        if (!this.opened.has(opened)) {
          await link.openSession({ agentId: remoteId, sessionKey });
          this.opened.add(opened);
        }
        await link.sendChat({
          agentId: remoteId,
          sessionKey,
          message: this.kind.message(job.payload, job.actor),
          idempotencyKey: job.eventId,
        });
      } catch (error) {
        throw undeliverable(error);
      }
      this.logger.info(log, `${this.kind.name} delivered`);
      if (lostWithGateway) await this.availability.returned(gateway.id);
    } catch (error) {
      if (!(error instanceof Undeliverable)) throw error;
      if (error.unreachable && gatewayId) await this.availability.lost(gatewayId, error.message);
      const heldFor = this.clock.now().getTime() - Date.parse(job.receivedAt);
      if (error.hold && heldFor < this.settings.holdSeconds * 1000) {
        this.logger.info({ ...log, reason: error.message }, `${this.kind.name} held`);
        const delayMs = Math.min(this.settings.retryMs * 2 ** (job.attempt - 1), this.settings.retryMaxMs);
        await this.jobs.add(
          { ...job, attempt: job.attempt + 1 },
          { id: `${this.kind.name}:${job.eventId}:${job.attempt + 1}`, delayMs, attempts: 3 },
        );
        return;
      }
      this.logger.warn({ ...log, code: error.code, reason: error.message }, `${this.kind.name} undelivered`);
      const record = this.kind.undelivered(job, error.code, error.message);
      await this.database.db.transaction(async (transaction) => {
        await this.events.record(transaction as unknown as Database, record.topic, record.payload, {
          organizationId: job.organizationId,
          actor: { kind: 'system', id: 'fleet' },
        });
      });
      await this.events.publish();
    }
  }

  private async linkFor(gateway: GatewayRow): Promise<GatewayLink> {
    const key = GatewayLinks.keyOf(gateway);
    const held = this.handles.get(gateway.id);
    if (held?.key === key) return held.link;
    const link = await this.links.open(gateway, { requestTimeoutMs: this.settings.requestTimeoutMs });
    if (held) void held.link.close();
    this.handles.set(gateway.id, { key, link });
    return link;
  }
}
