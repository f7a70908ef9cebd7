/**
 * Mentioned agents are told: work's `work.agentMentioned` (one per mentioned agent, consumed once per
 * event, kit inbox) becomes one job (`mention-deliveries`, id `mention:<eventId>`) that sends a short
 * message — who wrote, on which task and board, the start of the comment — to the agent's main
 * OpenClaw session through the GatewayLink (`sendChat`, idempotency key = the event id), dial-out or
 * dial-in (the gateway's inbox, which its bridge follows) alike. The agent's answer is its own business:
 * the relay does not wait for the run.
 *
 * Nothing is dropped silently: while the agent is not ONLINE or its gateway cannot be reached the
 * mention is held (attempts again with backoff up to `MENTION_RELAY_RETRY_MAX_MS`) for
 * `MENTION_RELAY_HOLD_SECONDS`. A mention that cannot be delivered — the agent was deleted, the gateway
 * refused it, or the hold ran out — is recorded as `fleet.mentionUndelivered` (governance puts it on the
 * timeline) and logged. Like the chat relay, a gateway found unreachable takes its agents OFFLINE and a
 * mention that gets through brings them back.
 */
import { type GatewayLink, isGatewayLinkError, sessionKeyFor } from '@mc/gateway-link';
import {
  type Clock,
  type Database,
  type DatabaseHandle,
  type DomainEvent,
  type DomainEventActor,
  type DomainEvents,
  isUuid,
  type JobQueue,
  type Logger,
  parseEnv,
  type SubgraphRuntime,
} from '@mc/kit';
import { fleetMentionTopics, type MentionUndelivered } from '@mc/kit/topics/fleet';
import { type AgentMentioned, workTopics } from '@mc/kit/topics/work';
import { z } from 'zod';
import { AgentStore } from '../db/agent-store.ts';
import { type GatewayRow, GatewayStore } from '../db/gateway-store.ts';
import type { GatewayAvailability } from '../provisioning/gateway-availability.ts';
import { GatewayLinks } from '../provisioning/gateway-links.ts';
import { gatewayAgentId } from '../provisioning/link-config.ts';
import { mentionMessage } from './mention-message.ts';

export const MENTION_QUEUE = 'mention-deliveries';
export const MENTION_CONSUMER = 'fleet-mention-relay';

export const mentionRelayEnvSchema = z.object({
  /** How long a mention waits for its agent (ONLINE) and gateway before it is recorded as undelivered. */
  MENTION_RELAY_HOLD_SECONDS: z.coerce.number().positive().default(3600),
  /** First and longest pause between delivery attempts of a held mention. */
  MENTION_RELAY_RETRY_MS: z.coerce.number().int().min(10).default(1_000),
  MENTION_RELAY_RETRY_MAX_MS: z.coerce.number().int().min(10).default(60_000),
  /** Deadline of one gateway request. */
  GATEWAY_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(10).default(10_000),
});
export type MentionRelaySettings = z.infer<typeof mentionRelayEnvSchema>;

export interface MentionJob {
  eventId: string;
  organizationId: string;
  actor: DomainEventActor | null;
  mention: AgentMentioned;
  /** When fleet took the mention (ISO): the hold counts from here. */
  receivedAt: string;
  /** Delivery attempts so far (a held mention is queued again under `mention:<eventId>:<attempt>`). */
  attempt: number;
}

/** Why a mention could not be delivered now; `hold` ones are tried again until the hold runs out. */
class Undeliverable extends Error {
  readonly code: MentionUndelivered['code'];
  readonly hold: boolean;
  /** The gateway could not be reached at all (its agents go OFFLINE). */
  readonly unreachable: boolean;
  constructor(code: Undeliverable['code'], message: string, hold: boolean, unreachable = false) {
    super(message);
    this.code = code;
    this.hold = hold;
    this.unreachable = unreachable;
  }
}

export class MentionRelay {
  private readonly database: DatabaseHandle;
  private readonly events: DomainEvents;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly links: GatewayLinks;
  private readonly availability: GatewayAvailability;
  private readonly settings: MentionRelaySettings;
  private readonly jobs: JobQueue<MentionJob>;
  /** One link handle per gateway, kept while its connection settings stay the same. */
  private readonly handles = new Map<string, { key: string; link: GatewayLink }>();
  /** Main sessions opened by this process (per gateway boot). */
  private readonly opened = new Set<string>();

  constructor(
    runtime: SubgraphRuntime,
    links: GatewayLinks,
    availability: GatewayAvailability,
    settings?: Partial<MentionRelaySettings>,
  ) {
    this.database = runtime.database;
    this.events = runtime.events as DomainEvents;
    this.clock = runtime.clock;
    this.logger = runtime.logger.child({ component: 'mention-relay' });
    this.links = links;
    this.availability = availability;
    this.settings = { ...parseEnv(mentionRelayEnvSchema, runtime.envSource), ...settings };
    this.jobs = runtime.queue<MentionJob>(MENTION_QUEUE);
  }

  async start(): Promise<void> {
    this.jobs.process((job) => this.deliver(job.data), { concurrency: 16 });
    await this.events.consume([workTopics.agentMentioned], (event, tx) => this.accept(event, tx), {
      consumer: MENTION_CONSUMER,
    });
  }

  /**
   * One job per mention event (a redelivered event adds the same job id), queued in the inbox
   * transaction, so a mention is never claimed without its job (see `JobOptions.transaction`).
   */
  private async accept(
    event: DomainEvent<AgentMentioned>,
    transaction: Database,
  ): Promise<(() => Promise<void>) | undefined> {
    const mention = event.payload;
    if (
      !mention ||
      !event.organizationId ||
      !isUuid(String(mention.agentId)) ||
      !isUuid(String(mention.taskId)) ||
      !isUuid(String(mention.boardId)) ||
      typeof mention.excerpt !== 'string'
    ) {
      this.logger.warn({ eventId: event.id }, 'malformed mention skipped');
      return undefined;
    }
    const job = {
      eventId: event.id,
      organizationId: event.organizationId,
      actor: event.actor,
      mention,
      receivedAt: this.clock.now().toISOString(),
      attempt: 1,
    };
    await this.jobs.add(job, {
      id: `mention:${event.id}`,
      attempts: 3,
      backoffMs: this.settings.MENTION_RELAY_RETRY_MS,
      transaction,
    });
    return async () => this.jobs.poke();
  }

  /** One delivery attempt: sent, or held for a later attempt, or recorded as undelivered. */
  async deliver(job: MentionJob): Promise<void> {
    const agentId = job.mention.agentId.toLowerCase();
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
          message: mentionMessage(job.mention, job.actor),
          idempotencyKey: job.eventId,
        });
      } catch (error) {
        throw undeliverable(error);
      }
      this.logger.info({ eventId: job.eventId, agentId }, 'mention delivered');
      if (lostWithGateway) await this.availability.returned(gateway.id);
    } catch (error) {
      if (!(error instanceof Undeliverable)) throw error;
      if (error.unreachable && gatewayId) await this.availability.lost(gatewayId, error.message);
      const heldFor = this.clock.now().getTime() - Date.parse(job.receivedAt);
      if (error.hold && heldFor < this.settings.MENTION_RELAY_HOLD_SECONDS * 1000) {
        this.logger.info({ eventId: job.eventId, agentId, reason: error.message }, 'mention held');
        const delayMs = Math.min(
          this.settings.MENTION_RELAY_RETRY_MS * 2 ** (job.attempt - 1),
          this.settings.MENTION_RELAY_RETRY_MAX_MS,
        );
        await this.jobs.add(
          { ...job, attempt: job.attempt + 1 },
          { id: `mention:${job.eventId}:${job.attempt + 1}`, delayMs, attempts: 3 },
        );
        return;
      }
      this.logger.warn(
        { eventId: job.eventId, agentId, code: error.code, reason: error.message },
        'mention undelivered',
      );
      await this.recordUndelivered(job, error);
    }
  }

  private async recordUndelivered(job: MentionJob, error: Undeliverable): Promise<void> {
    const { mention } = job;
    await this.database.db.transaction(async (transaction) => {
      await this.events.record(
        transaction as unknown as Database,
        fleetMentionTopics.mentionUndelivered,
        {
          mentionEventId: job.eventId,
          agentId: mention.agentId,
          boardId: mention.boardId,
          taskId: mention.taskId,
          commentId: mention.commentId,
          code: error.code,
          reason: error.message,
        },
        { organizationId: job.organizationId, actor: { kind: 'system', id: 'fleet' } },
      );
    });
    await this.events.publish();
  }

  private async linkFor(gateway: GatewayRow): Promise<GatewayLink> {
    const key = GatewayLinks.keyOf(gateway);
    const held = this.handles.get(gateway.id);
    if (held?.key === key) return held.link;
    const link = await this.links.open(gateway, { requestTimeoutMs: this.settings.GATEWAY_REQUEST_TIMEOUT_MS });
    if (held) void held.link.close();
    this.handles.set(gateway.id, { key, link });
    return link;
  }
}

function undeliverable(error: unknown): Undeliverable {
  if (error instanceof Undeliverable) return error;
  if (isGatewayLinkError(error, 'NOT_FOUND')) {
    return new Undeliverable('AGENT_UNAVAILABLE', 'the agent does not exist on its gateway', false);
  }
  if (isGatewayLinkError(error, 'GATEWAY_ERROR')) return new Undeliverable('AGENT_ERROR', error.message, false);
  if (isGatewayLinkError(error, 'CONNECT_FAILED'))
    return new Undeliverable('GATEWAY_OFFLINE', error.message, true, true);
  const message = error instanceof Error ? error.message : String(error);
  return new Undeliverable('GATEWAY_OFFLINE', message, true);
}
