/**
 * The gateway bridge: runs beside an OpenClaw gateway that Mission Control cannot dial (NAT, no public
 * port). It connects to the local gateway with the dial-out client, and to Mission Control over
 * graphql-ws as the registered gateway (`connectionParams`: `authorization: Bearer mcg_…` through the
 * router). It follows `gatewayInbox` from the last request it handled, runs each request on the local
 * link (`executeDialInRequest`) and answers with `gatewayAnswer`; the local gateway's chat events go up
 * with `gatewayEvents`, in order, batched while the previous call is in flight. When Mission Control's socket drops, graphql-ws reconnects and the
 * bridge resumes after the last sequence it saw; with a state file it also resumes there after a restart
 * (`state-file.ts`: the handled position and the latest handled request ids — nothing is lost, nothing
 * runs twice). With the gateway's id it heartbeats (`gatewayHeartbeat`) with the local gateway's metrics
 * (`heartbeat.ts`), so Mission Control's sweep sees it ONLINE or OFFLINE; the next heartbeat goes when the
 * answer's `nextHeartbeatSeconds` says (the configured interval until an answer names one, and after a
 * failed heartbeat).
 */
import {
  type DialInRequest,
  executeDialInRequest,
  type GatewayEvent,
  type GatewayLink,
  type Unsubscribe,
} from '@mc/gateway-link';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { HostSampler, sampleMetrics } from './heartbeat.ts';
import type { BridgeStateFile } from './state-file.ts';

const INBOX = `subscription($after: Int) { gatewayInbox(after: $after) { sequence id operation arguments deadline } }`;
const ANSWER = `mutation($input: GatewayAnswerInput!) { gatewayAnswer(input: $input) }`;
const EVENTS = `mutation($events: [String!]!) { gatewayEvents(events: $events) }`;
const HEARTBEAT = `mutation($gatewayId: ID!, $metrics: GatewayMetricsInput!) {
  gatewayHeartbeat(gatewayId: $gatewayId, metrics: $metrics) {
    __typename ... on GatewayHeartbeatAck { nextHeartbeatSeconds } ... on DomainError { code message } } }`;

/** A longer period asked for is capped: a misconfigured answer must not silence the bridge for days. */
const MAX_HEARTBEAT_SECONDS = 3_600;

/** What one `gatewayEvents` call carries at most (Mission Control's limits: 200 events, 1,000,000 characters). */
const BATCH_EVENTS = 200;
const BATCH_CHARACTERS = 1_000_000;

/** Events worth sending up: the chat runs Mission Control follows. */
const FORWARDED = new Set<GatewayEvent['type']>(['chat.delta', 'chat.final', 'chat.error', 'chat.aborted']);

export interface GatewayBridgeOptions {
  /** Mission Control's GraphQL endpoint (`http(s)://…/graphql` or `ws(s)://…`). */
  url: string;
  /** What the socket sends at connect: `{authorization: 'Bearer mcg_…'}` through the router. */
  connectionParams: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The link to the local OpenClaw gateway (usually a `DialOutLink`). */
  local: GatewayLink;
  /** Resume after this inbox sequence (default: the state file's, else from now on). */
  after?: number;
  /** Where the inbox position is kept across restarts. */
  stateFile?: BridgeStateFile;
  /** The registered gateway's id: heartbeats are sent only with it. */
  gatewayId?: string;
  /** Between heartbeats until Mission Control names its period (`nextHeartbeatSeconds`), and after a failure (default 30 s). */
  heartbeatIntervalMs?: number;
  onError?: (error: unknown) => void;
}

interface InboxRequest {
  sequence: number;
  id: string;
  operation: string;
  arguments: string;
  deadline: string;
}

export class GatewayBridge {
  private readonly options: GatewayBridgeOptions;
  private client: Client | null = null;
  private stopInbox: (() => void) | null = null;
  private offEvents: Unsubscribe | null = null;
  private lastSequence: number | undefined;
  /** Received but not yet answered (the saved position stays below the lowest of them). */
  private readonly inFlight = new Set<number>();
  private handled: string[] = [];
  private readonly handledSet = new Set<string>();
  /** Events not sent yet, in the order the local gateway emitted them. */
  private readonly pendingEvents: string[] = [];
  /** The running send loop (one at a time, so events go up in order). */
  private sendingEvents: Promise<void> | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private readonly host = new HostSampler();
  private running = false;

  constructor(options: GatewayBridgeOptions) {
    this.options = options;
    this.lastSequence = options.after;
  }

  /** The last inbox sequence received. */
  get sequence(): number | undefined {
    return this.lastSequence;
  }

  /** Reads the state file (if any), then follows the inbox and heartbeats. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.options.stateFile) {
      const saved = await this.options.stateFile.load();
      if (this.lastSequence === undefined && saved.sequence !== null) this.lastSequence = saved.sequence;
      for (const id of saved.handled) this.remember(id);
    }
    this.client = createClient({
      url: this.options.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: this.options.connectionParams,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    });
    this.offEvents = this.options.local.onEvent((event) => {
      if (!FORWARDED.has(event.type)) return;
      this.pendingEvents.push(JSON.stringify(event));
      this.sendEvents();
    });
    this.follow();
    if (this.options.gatewayId) void this.beat();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.offEvents?.();
    this.stopInbox?.();
    await this.sendingEvents;
    await this.client?.dispose();
    this.client = null;
  }

  private follow(): void {
    if (!this.client || !this.running) return;
    this.stopInbox?.();
    this.stopInbox = this.client.subscribe<{ gatewayInbox: InboxRequest }>(
      { query: INBOX, variables: { after: this.lastSequence ?? null } },
      {
        next: (result) => {
          const item = result.data?.gatewayInbox;
          if (!item) {
            if (result.errors) this.options.onError?.(new Error(JSON.stringify(result.errors)));
            return;
          }
          this.lastSequence = item.sequence;
          this.inFlight.add(item.sequence);
          void this.handle(item).finally(() => this.handledUpTo(item));
        },
        error: (error) => this.options.onError?.(error),
        complete: () => {},
      },
    );
  }

  /**
   * Sends the local gateway's events up in order: one `gatewayEvents` call at a time, carrying all that
   * queued up while the previous one was in flight — so a busy gateway's events are not held to one
   * round trip each. A batch Mission Control refuses is reported and dropped (as a single event was).
   */
  private sendEvents(): void {
    if (this.sendingEvents) return;
    this.sendingEvents = (async () => {
      // Events the gateway sent together (a reply's last delta and its final, read from one packet)
      // arrive in one turn of the event loop: let them queue up before the first call goes.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.pendingEvents.length > 0) {
        const batch = takeBatch(this.pendingEvents);
        try {
          await this.call(EVENTS, { events: batch });
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    })().finally(() => {
      this.sendingEvents = null;
    });
  }

  /** Heartbeats now, then again after the period Mission Control asked for (or the configured one). */
  private async beat(): Promise<void> {
    const next = await this.heartbeat();
    if (!this.running) return;
    const delayMs = next ?? this.options.heartbeatIntervalMs ?? 30_000;
    this.heartbeatTimer = setTimeout(() => void this.beat(), delayMs);
  }

  /**
   * One heartbeat with the local gateway's metrics; none while the local gateway does not answer.
   * Resolves with the delay to the next one the answer asked for (ms), or null.
   */
  private async heartbeat(): Promise<number | null> {
    try {
      const metrics = await sampleMetrics(this.options.local, this.host);
      const data = await this.call(HEARTBEAT, { gatewayId: this.options.gatewayId, metrics });
      const ack = data?.gatewayHeartbeat as
        | { __typename: string; nextHeartbeatSeconds?: number; code?: string; message?: string }
        | undefined;
      if (ack && ack.__typename !== 'GatewayHeartbeatAck') {
        throw new Error(`heartbeat refused: ${ack.code ?? ack.__typename}: ${ack.message ?? ''}`);
      }
      const seconds = ack?.nextHeartbeatSeconds;
      return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 1
        ? Math.min(seconds, MAX_HEARTBEAT_SECONDS) * 1000
        : null;
    } catch (error) {
      this.options.onError?.(error);
      return null;
    }
  }

  private remember(id: string): void {
    if (this.handledSet.has(id)) return;
    this.handled.push(id);
    this.handledSet.add(id);
    if (this.handled.length > 1_000) {
      for (const old of this.handled.splice(0, 500)) this.handledSet.delete(old);
    }
  }

  /** Saves the position below which every received request is answered. */
  private handledUpTo(item: InboxRequest): void {
    this.inFlight.delete(item.sequence);
    this.remember(item.id);
    const lowest = Math.min(...this.inFlight);
    const sequence = this.inFlight.size === 0 ? (this.lastSequence ?? item.sequence) : lowest - 1;
    this.options.stateFile?.save({ sequence, handled: this.handled }).catch((error) => this.options.onError?.(error));
  }

  /** Runs one request on the local gateway and answers it (skipped when nobody waits any more, or done already). */
  private async handle(item: InboxRequest): Promise<void> {
    if (this.handledSet.has(item.id)) return;
    const deadline = Date.parse(item.deadline);
    if (Number.isFinite(deadline) && deadline < Date.now()) return;
    let args: unknown[];
    try {
      args = JSON.parse(item.arguments) as unknown[];
    } catch {
      args = [];
    }
    const request = { id: item.id, operation: item.operation, args, deadline } as DialInRequest;
    const answer = await executeDialInRequest(this.options.local, request);
    const input = answer.ok
      ? { requestId: answer.requestId, result: JSON.stringify(answer.result ?? null) }
      : { requestId: answer.requestId, error: answer.error };
    try {
      await this.call(ANSWER, { input });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** One mutation over the socket; resolves with its data, rejects on GraphQL errors. */
  private call(query: string, variables: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    const client = this.client;
    if (!client) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      let data: Record<string, unknown> | null = null;
      client.subscribe<Record<string, unknown>>(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) reject(new Error(JSON.stringify(result.errors)));
            else data = result.data ?? null;
          },
          error: reject,
          complete: () => resolve(data),
        },
      );
    });
  }
}

/** Takes the next batch off the queue: at least one event, then as many as fit the limits. */
function takeBatch(queue: string[]): string[] {
  let characters = queue[0]?.length ?? 0;
  let count = 1;
  while (count < queue.length && count < BATCH_EVENTS && characters + queue[count].length <= BATCH_CHARACTERS) {
    characters += queue[count].length;
    count += 1;
  }
  return queue.splice(0, count);
}
