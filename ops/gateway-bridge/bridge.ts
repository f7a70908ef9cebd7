/**
 * The gateway bridge: runs beside an OpenClaw gateway that Mission Control cannot dial (NAT, no public
 * port). It connects to the local gateway with the dial-out client, and to Mission Control over
 * graphql-ws as the registered gateway (`connectionParams`: `authorization: Bearer mcg_…` through the
 * router). It follows `gatewayInbox` from the last request it handled, runs each request on the local
 * link (`executeDialInRequest`) and answers with `gatewayAnswer`; the local gateway's chat events go up
 * with `gatewayEvent`, in order. When Mission Control's socket drops, graphql-ws reconnects and the
 * bridge resumes after the last sequence it saw.
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

const INBOX = `subscription($after: Int) { gatewayInbox(after: $after) { sequence id operation arguments deadline } }`;
const ANSWER = `mutation($input: GatewayAnswerInput!) { gatewayAnswer(input: $input) }`;
const EVENT = `mutation($event: String!) { gatewayEvent(event: $event) }`;

/** Events worth sending up: the chat runs Mission Control follows. */
const FORWARDED = new Set<GatewayEvent['type']>(['chat.delta', 'chat.final', 'chat.error', 'chat.aborted']);

export interface GatewayBridgeOptions {
  /** Mission Control's GraphQL endpoint (`http(s)://…/graphql` or `ws(s)://…`). */
  url: string;
  /** What the socket sends at connect: `{authorization: 'Bearer mcg_…'}` through the router. */
  connectionParams: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The link to the local OpenClaw gateway (usually a `DialOutLink`). */
  local: GatewayLink;
  /** Resume after this inbox sequence (default: from now on). */
  after?: number;
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
  private eventChain: Promise<void> = Promise.resolve();
  private running = false;

  constructor(options: GatewayBridgeOptions) {
    this.options = options;
    this.lastSequence = options.after;
  }

  /** The last inbox sequence handled (persist it to resume across bridge restarts). */
  get sequence(): number | undefined {
    return this.lastSequence;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.client = createClient({
      url: this.options.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: this.options.connectionParams,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    });
    this.offEvents = this.options.local.onEvent((event) => {
      if (!FORWARDED.has(event.type)) return;
      this.eventChain = this.eventChain
        .then(() => this.call(EVENT, { event: JSON.stringify(event) }))
        .catch((error) => this.options.onError?.(error));
    });
    this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.offEvents?.();
    this.stopInbox?.();
    await this.eventChain;
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
          void this.handle(item);
        },
        error: (error) => this.options.onError?.(error),
        complete: () => {},
      },
    );
  }

  /** Runs one request on the local gateway and answers it (skipped when nobody waits any more). */
  private async handle(item: InboxRequest): Promise<void> {
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

  private call(query: string, variables: Record<string, unknown>): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    return new Promise((resolve, reject) => {
      client.subscribe(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) reject(new Error(JSON.stringify(result.errors)));
          },
          error: reject,
          complete: resolve,
        },
      );
    });
  }
}
