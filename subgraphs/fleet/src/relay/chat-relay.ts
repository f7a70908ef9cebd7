/**
 * The chat relay: chat's `chat.messageSent` (consumed once per event, kit inbox) is delivered by the
 * fleet process that took it, at once, under a lease (`chat_relay_leases`, taken in the inbox
 * transaction, renewed while the run lasts): it sends the text to the agent's gateway through the
 * GatewayLink (`sendChat`, idempotency key = the message id, the chat session's own OpenClaw session
 * `agent:<remoteId>:h5-<sessionId>`, which the gateway creates with its first message — no separate
 * `openSession` round trip) and follows the run's events: every streamed part becomes a
 * `fleet.agentReply` delta (chat passes them on live), the terminal event a final / error / aborted part
 * (chat stores one reply per run). Everything else goes through the relay queue (`chat-relays`, job id
 * `relay:<messageId>…`): a held message's next attempts, a first attempt that failed unexpectedly, a
 * message taken while the process already runs `CHAT_RELAY_CONCURRENCY` of them, and a lease that lapsed
 * because its process died (every process sweeps lapsed leases into the queue).
 *
 * Nothing is lost: while the agent is not ONLINE or its gateway cannot be reached the message is held
 * (re-checked with backoff up to `CHAT_RELAY_RETRY_MAX_MS`) for `CHAT_RELAY_HOLD_SECONDS`; after that
 * chat is told with an `error` part (`AGENT_UNAVAILABLE` / `GATEWAY_OFFLINE`), which it stores as a
 * FAILED reply. A gateway that restarts mid-reply: once the link is back the relay looks for the run's
 * answer in the session history, and sends again under a new run key if the restart lost the run.
 *
 * A gateway found unreachable (dial-out CONNECT_FAILED, a dial-in gateway nobody follows) takes its
 * agents OFFLINE (`GatewayAvailability`); their held messages keep trying the gateway, and the first that
 * gets through brings those agents back ONLINE.
 */
import { randomUUID } from 'node:crypto';
import { type GatewayEvent, type GatewayLink, sessionKeyFor } from '@mc/gateway-link';
import {
  type Clock,
  type Database,
  type DatabaseHandle,
  type DomainEvent,
  type DomainEvents,
  isUuid,
  type JobQueue,
  type Logger,
  partitionBy,
  type SubgraphRuntime,
} from '@mc/kit';
import { type AgentRow, AgentStore } from '../db/agent-store.ts';
import type { GatewayRow } from '../db/gateway-store.ts';
import { RelayLeaseStore } from '../db/relay-lease-store.ts';
import { fleetEvents } from '../domain-events.ts';
import type { FleetEnv } from '../env.ts';
import type { GatewayAvailability } from '../provisioning/gateway-availability.ts';
import { GatewayLinks, isDialIn } from '../provisioning/gateway-links.ts';
import { gatewayAgentId } from '../provisioning/link-config.ts';
import { type Part, RunStream } from './run-stream.ts';
import { Undeliverable, undeliverable } from './undeliverable.ts';
import { type ChatMessageSent, chatEvents } from './upstream-events.ts';

export const RELAY_QUEUE = 'chat-relays';
export const RELAY_CONSUMER = 'fleet-chat-relay';

/** The relay's settings, from fleet's environment (`env.ts`). */
export type RelaySettings = Pick<
  FleetEnv,
  | 'CHAT_RELAY_HOLD_SECONDS'
  | 'CHAT_RELAY_RETRY_MS'
  | 'CHAT_RELAY_RETRY_MAX_MS'
  | 'CHAT_RELAY_REPLY_TIMEOUT_MS'
  | 'CHAT_RELAY_CONCURRENCY'
  | 'CHAT_RELAY_LEASE_MS'
  | 'GATEWAY_REQUEST_TIMEOUT_MS'
>;

export interface RelayJob {
  message: ChatMessageSent;
  /** When fleet took the message (ISO): the hold deadline counts from here. */
  receivedAt: string;
  /** Delivery attempts so far (held messages are queued again under `relay:<messageId>:<attempt>`). */
  attempt: number;
}

/** Sent messages taken from the stream at once (each takes its lease in its own inbox transaction). */
const ACCEPT_CONCURRENCY = 4;

/** Queue attempts of one relay job (unexpected failures; holding for the gateway is not one). */
const RELAY_ATTEMPTS = 3;

/** Lapsed leases one sweep hands to the queue. */
const SWEEP_BATCH = 100;

/** Gateway restarts a run survives (sent again under a new run key) before it counts as failed. */
const MAX_RESENDS = 5;

export class ChatRelay {
  private readonly database: DatabaseHandle;
  private readonly events: DomainEvents;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly links: GatewayLinks;
  private readonly availability: GatewayAvailability;
  private readonly settings: RelaySettings;
  private readonly jobs: JobQueue<RelayJob>;
  /** One link handle per gateway, kept while its connection settings stay the same. */
  private readonly handles = new Map<string, { key: string; link: GatewayLink }>();
  /** This process's lease holder name, and the messages it is delivering under a lease. */
  private readonly holder = randomUUID();
  private readonly leased = new Set<string>();
  private leaseTimer: NodeJS.Timeout | null = null;

  constructor(
    runtime: SubgraphRuntime,
    links: GatewayLinks,
    availability: GatewayAvailability,
    settings: RelaySettings,
  ) {
    this.database = runtime.database;
    this.events = runtime.events as DomainEvents;
    this.clock = runtime.clock;
    this.logger = runtime.logger.child({ component: 'chat-relay' });
    this.links = links;
    this.availability = availability;
    this.settings = settings;
    this.jobs = runtime.queue<RelayJob>(RELAY_QUEUE);
  }

  async start(): Promise<void> {
    this.jobs.process((job) => this.deliver(job.data, job.attempt), {
      concurrency: this.settings.CHAT_RELAY_CONCURRENCY,
    });
    // Messages of different sessions are taken side by side (one session's in order).
    await this.events.consume([chatEvents.messageSent], (event, tx) => this.accept(event, tx), {
      consumer: RELAY_CONSUMER,
      partition: partitionBy('sessionId'),
      concurrency: ACCEPT_CONCURRENCY,
    });
    // Renews this process's leases and hands lapsed ones (any process's) to the queue.
    this.leaseTimer = setInterval(() => void this.tendLeases(), Math.max(50, this.settings.CHAT_RELAY_LEASE_MS / 3));
    this.leaseTimer.unref();
  }

  /** Stops renewing: this process's leases lapse and go to the queue (its runs end with the process). */
  stop(): void {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = null;
  }

  /**
   * A sent chat message: its lease is taken in the inbox transaction, so a message is never claimed
   * without either a delivery under way or, once the lease lapses, a queued job; after the commit this
   * process delivers it.
   */
  private async accept(
    event: DomainEvent<ChatMessageSent>,
    transaction: Database,
  ): Promise<(() => Promise<void>) | undefined> {
    const message = event.payload;
    if (
      !message ||
      !isUuid(String(message.messageId)) ||
      !isUuid(String(message.sessionId)) ||
      !isUuid(String(message.agentId)) ||
      typeof message.text !== 'string'
    ) {
      this.logger.warn({ eventId: event.id }, 'malformed chat message skipped');
      return undefined;
    }
    const job: RelayJob = { message, receivedAt: this.clock.now().toISOString(), attempt: 1 };
    await new RelayLeaseStore(transaction).take(message.messageId, job, this.holder, this.leaseEnd());
    return async () => this.deliverHere(job);
  }

  private leaseEnd(): Date {
    return new Date(this.clock.now().getTime() + this.settings.CHAT_RELAY_LEASE_MS);
  }

  /**
   * The first attempt, in this process and without waiting for it (the consumer goes on with the next
   * message); past `CHAT_RELAY_CONCURRENCY` runs at once, the message goes to the queue instead. The
   * lease goes once the attempt is over: the reply recorded, the message held (its next attempt queued)
   * or failed; an unexpected failure hands the message to the queue, which retries it.
   */
  private async deliverHere(job: RelayJob): Promise<void> {
    const { messageId } = job.message;
    if (this.leased.size >= this.settings.CHAT_RELAY_CONCURRENCY) {
      await this.handOn([job]).catch((error) =>
        this.logger.warn({ messageId, err: error }, 'could not queue a chat message; its lease will lapse'),
      );
      return;
    }
    this.leased.add(messageId);
    void (async () => {
      try {
        await this.attempt(job);
      } catch (error) {
        this.logger.warn({ messageId, err: error }, 'chat relay attempt failed; queued for a retry');
        await this.handOn([job], this.settings.CHAT_RELAY_RETRY_MS);
        return;
      }
      await new RelayLeaseStore(this.database.db).release([messageId]);
    })()
      .catch((error) => this.logger.warn({ messageId, err: error }, 'chat relay lease not released; it will lapse'))
      .finally(() => this.leased.delete(messageId));
  }

  /** Queues messages as their first queued attempt (job `relay:<messageId>`), then drops their leases. */
  private async handOn(jobs: RelayJob[], delayMs?: number, transaction?: Database): Promise<void> {
    for (const job of jobs) {
      await this.jobs.add(job, {
        id: `relay:${job.message.messageId}`,
        attempts: RELAY_ATTEMPTS,
        backoffMs: this.settings.CHAT_RELAY_RETRY_MS,
        delayMs,
        transaction,
      });
    }
    await new RelayLeaseStore(transaction ?? this.database.db).release(jobs.map((job) => job.message.messageId));
    if (!transaction) this.jobs.poke();
  }

  /** Renews the leases of this process's runs, and queues the messages whose lease lapsed (dead processes). */
  private async tendLeases(): Promise<void> {
    try {
      await new RelayLeaseStore(this.database.db).renew([...this.leased], this.holder, this.leaseEnd());
      const handed = await this.database.db.transaction(async (tx) => {
        const lapsed = await new RelayLeaseStore(tx as unknown as Database).lapsed(this.clock.now(), SWEEP_BATCH);
        if (lapsed.length > 0)
          await this.handOn(
            lapsed.map((row) => row.job as RelayJob),
            undefined,
            tx as unknown as Database,
          );
        return lapsed.length;
      });
      if (handed > 0) {
        this.jobs.poke();
        this.logger.warn({ messages: handed }, 'chat relay leases lapsed: messages handed to the relay queue');
      }
    } catch (error) {
      this.logger.error({ err: error }, 'chat relay leases could not be tended; will retry');
    }
  }

  /**
   * One delivery attempt: the run's parts are recorded, or the message is held, or chat is told. An
   * unexpected failure (the database, a bug) is retried by the queue; on the job's last attempt chat is
   * told too (`RELAY_FAILED`), so the user sees the message failed instead of waiting for ever.
   */
  async deliver(job: RelayJob, attempt = 1): Promise<void> {
    try {
      await this.attempt(job);
    } catch (error) {
      if (attempt < RELAY_ATTEMPTS) throw error;
      this.logger.error({ messageId: job.message.messageId, err: error }, 'chat message could not be relayed');
      await this.record(job.message, [
        {
          part: 'error',
          text: 'Mission Control could not relay this message; send it again',
          code: 'RELAY_FAILED',
          sequence: 1,
        },
      ]);
    }
  }

  private async attempt(job: RelayJob): Promise<void> {
    const { message } = job;
    let gatewayId: string | null = null;
    try {
      const found = await new AgentStore(this.database.db).withGateway(message.agentId.toLowerCase());
      const agent = found?.agent;
      if (!agent || agent.organizationId !== message.organizationId.toLowerCase()) {
        throw new Undeliverable('AGENT_UNAVAILABLE', 'the agent no longer exists', false);
      }
      // An agent its gateway's loss made OFFLINE: the gateway is tried again (getting through brings it back).
      const lostWithGateway = agent.status === 'OFFLINE' && agent.gatewayLostAt !== null;
      if (agent.status !== 'ONLINE' && !lostWithGateway) {
        throw new Undeliverable('AGENT_UNAVAILABLE', `the agent is ${agent.status}`, agent.status !== 'DELETING');
      }
      const gateway = found.gateway;
      if (!gateway) throw new Undeliverable('AGENT_UNAVAILABLE', 'the agent has no gateway', false);
      gatewayId = gateway.id;
      await this.run(message, agent, gateway, () =>
        lostWithGateway ? this.availability.returned(gateway.id).then(() => undefined) : Promise.resolve(),
      );
    } catch (error) {
      if (!(error instanceof Undeliverable)) throw error;
      if (error.unreachable && gatewayId) await this.availability.lost(gatewayId, error.message);
      const heldFor = this.clock.now().getTime() - Date.parse(job.receivedAt);
      if (error.hold && heldFor < this.settings.CHAT_RELAY_HOLD_SECONDS * 1000) {
        this.logger.info({ messageId: message.messageId, reason: error.message }, 'chat message held');
        const delayMs = Math.min(
          this.settings.CHAT_RELAY_RETRY_MS * 2 ** (job.attempt - 1),
          this.settings.CHAT_RELAY_RETRY_MAX_MS,
        );
        await this.jobs.add(
          { ...job, attempt: job.attempt + 1 },
          { id: `relay:${message.messageId}:${job.attempt + 1}`, delayMs, attempts: RELAY_ATTEMPTS },
        );
        return;
      }
      this.logger.warn(
        { messageId: message.messageId, code: error.code, reason: error.message },
        'chat message failed',
      );
      await this.record(message, [{ part: 'error', text: error.message, code: error.code, sequence: 1 }]);
    }
  }

  /** Sends the message and follows its run to the end, across gateway restarts. */
  private async run(
    message: ChatMessageSent,
    agent: AgentRow,
    gateway: GatewayRow,
    reached: () => Promise<void>,
  ): Promise<void> {
    const link = await this.linkFor(gateway);
    const remoteId = gatewayAgentId(agent);
    const sessionKey = sessionKeyFor(remoteId, `h5-${message.sessionId.toLowerCase()}`);
    const stream = new RunStream((parts) => this.record(message, parts));
    let runKey = message.messageId;
    try {
      for (let resend = 0; ; resend++) {
        const outcome = this.follow(link, runKey, stream);
        let sent: { status: 'started' | 'deduplicated' };
        try {
          sent = await link.sendChat({ agentId: remoteId, sessionKey, message: message.text, idempotencyKey: runKey });
        } catch (error) {
          outcome.cancel();
          throw undeliverable(error);
        }
        if (resend === 0) await reached();
        // Deduplicated: an earlier attempt sent this run key (a held or retried job); its run is over or lost.
        if (sent.status === 'deduplicated') outcome.cancel();
        const result = sent.status === 'deduplicated' ? { kind: 'interrupted' as const } : await outcome.done;
        if (result.kind === 'terminal') return;
        // The connection dropped during the run: the gateway may have finished it, or lost it in a restart.
        const answer = await this.answerInHistory(link, sessionKey, runKey);
        if (answer !== null) {
          await stream.final(answer);
          return;
        }
        if (result.kind === 'timeout' || resend >= MAX_RESENDS) {
          throw new Undeliverable('GATEWAY_OFFLINE', `no answer from the gateway (${result.kind})`, false);
        }
        runKey = `${message.messageId}:${resend + 1}`;
        this.logger.info({ messageId: message.messageId, runKey }, 'run lost in a gateway restart: sending again');
      }
    } finally {
      await stream.flushed();
    }
  }

  /**
   * Follows one run: parts are passed to the stream in order; resolves on its terminal event, when the
   * link drops and comes back (`interrupted`), or when the reply timeout passes.
   */
  private follow(link: GatewayLink, runKey: string, stream: RunStream) {
    let cancel: () => void = () => {};
    const done = new Promise<{ kind: 'terminal' | 'interrupted' | 'timeout' }>((resolve) => {
      let dropped = false;
      const finish = (kind: 'terminal' | 'interrupted' | 'timeout') => {
        clearTimeout(timer);
        offEvent();
        offStatus();
        resolve({ kind });
      };
      cancel = () => finish('terminal');
      const timer = setTimeout(() => finish('timeout'), this.settings.CHAT_RELAY_REPLY_TIMEOUT_MS);
      const offEvent = link.onEvent((event: GatewayEvent) => {
        if (!('runId' in event) || event.runId !== runKey) return;
        if (event.type === 'chat.delta') stream.delta(event.text, event.deltaText);
        else if (event.type === 'chat.final') {
          void stream.final(event.text);
          finish('terminal');
        } else if (event.type === 'chat.error') {
          stream.end({ part: 'error', text: event.text, code: event.errorKind ?? 'AGENT_ERROR' });
          finish('terminal');
        } else if (event.type === 'chat.aborted') {
          // A restart aborts the gateway's runs: that is a lost run, not the agent's answer.
          if (dropped) return finish('interrupted');
          stream.end({ part: 'aborted', text: event.text, code: null });
          finish('terminal');
        }
      });
      const offStatus = link.onStatus((change) => {
        if (change.status === 'reconnecting' || change.status === 'closed') dropped = true;
        if (change.status === 'ready' && dropped) finish('interrupted');
        if (change.status === 'closed') finish('interrupted');
      });
    });
    return { done, cancel: () => cancel() };
  }

  private async answerInHistory(link: GatewayLink, sessionKey: string, runKey: string): Promise<string | null> {
    try {
      const history = await link.chatHistory(sessionKey, { limit: 50 });
      const answer = history.find((entry) => entry.role === 'assistant' && entry.runId === runKey);
      return answer ? answer.text : null;
    } catch (error) {
      throw undeliverable(error);
    }
  }

  private async linkFor(gateway: GatewayRow): Promise<GatewayLink> {
    const key = GatewayLinks.keyOf(gateway);
    const held = this.handles.get(gateway.id);
    if (held?.key === key) return held.link;
    let link: GatewayLink;
    try {
      link = await this.links.open(gateway, {
        requestTimeoutMs: this.settings.GATEWAY_REQUEST_TIMEOUT_MS,
        // A dial-in gateway's link is its inbox; a dial-out one keeps re-dialing while runs wait on it.
        reconnect: isDialIn(gateway) ? undefined : { ...DEFAULT_RELAY_RECONNECT },
      });
    } catch (error) {
      throw new Undeliverable('GATEWAY_OFFLINE', describe(error), true);
    }
    if (held) void held.link.close();
    this.handles.set(gateway.id, { key, link });
    return link;
  }

  /** Records parts of the reply, in order, as `fleet.agentReply` events of one statement, and publishes them. */
  private async record(message: ChatMessageSent, parts: Part[]) {
    const meta = { organizationId: message.organizationId, actor: { kind: 'agent' as const, id: message.agentId } };
    await this.events.recordNow(
      fleetEvents.agentReply,
      parts.map((part) => ({
        payload: { sessionId: message.sessionId, agentId: message.agentId, runId: message.messageId, ...part },
        meta,
      })),
    );
  }
}

/** A relay keeps retrying a dropped gateway (bounded pauses) while runs wait on it. */
const DEFAULT_RELAY_RECONNECT = { initialDelayMs: 250, maxDelayMs: 5_000, jitter: 0.2, maxAttempts: null };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
