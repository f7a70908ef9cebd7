/**
 * Dial-in on fleet's side: a registered gateway's inbox. Requests for the gateway (the `DialInLink`'s
 * calls: chat sends, provisioning steps) are appended to the lossless stream `gateway-inbox:<gatewayId>`
 * (kit stream log: durable rows with a gap-free sequence) and published; the gateway (or its bridge,
 * `ops/gateway-bridge`) follows them with `Subscription.gatewayInbox(after)` over graphql-ws and answers
 * with `gatewayAnswer`; its chat events come back with `gatewayEvents` (batches, in order) or
 * `gatewayEvent`. Answers and events reach the waiting fleet instance over the live bus
 * (`mc:fleet:gatewayAnswer:<gatewayId>`, one subscription per gateway and process while requests wait,
 * and `mc:fleet:gatewayEvent:<gatewayId>`): a request nobody answers in time fails with TIMEOUT, which the
 * relay and the orchestrator retry. A gateway only ever reads and answers its own inbox.
 *
 * Presence: while a bridge follows the inbox, `gateways.inbox_followed_at` is refreshed (a third of the
 * grace period), and once more when it stops. A request to a gateway nobody followed within the grace
 * period (`DIAL_IN_FOLLOWER_GRACE_MS`) fails at once with a retryable CONNECT_FAILED ("not connected")
 * instead of waiting out its deadline; a short bridge restart stays within the grace, and the restarted
 * bridge picks the request up from its saved inbox position. The follow is also the gateway's live
 * connection (`Gateway.connection`, transport DIAL_IN, `gatewayHealth`): CONNECTED with the bridge's
 * address when it starts, DISCONNECTED when its subscription ends (the bridge's socket closed).
 */
import {
  type DialInAnswer,
  type DialInError,
  type DialInRequest,
  type DialInTransport,
  type GatewayEvent,
  GatewayLinkError,
} from '@mc/gateway-link';
import {
  badInput,
  type Clock,
  type DatabaseHandle,
  defineTopic,
  type EventBus,
  forbidden,
  type Identity,
  type Logger,
  type StreamLog,
  type SubgraphRuntime,
  type Unsubscribe,
} from '@mc/kit';
import { eq } from 'drizzle-orm';
import type { GatewayRow } from '../db/gateway-store.ts';
import { gateways } from '../db/tables.ts';
import { type ConnectionView, connectionOf, LinkStatusRecorder } from '../provisioning/link-status.ts';

export const inboxStream = (gatewayId: string) => `gateway-inbox:${gatewayId}`;
const answerTopic = (gatewayId: string) => defineTopic<DialInAnswer>('fleet', 'gatewayAnswer', gatewayId);
const eventTopic = (gatewayId: string) => defineTopic<GatewayEvent>('fleet', 'gatewayEvent', gatewayId);

/** One item of a gateway's inbox, as the gateway reads it. */
export interface InboxItem {
  sequence: number;
  request: DialInRequest;
}

const MAX_JSON = 1_000_000;
/** Events in one `gatewayEvents` call. */
export const MAX_EVENTS = 200;

export class DialInService {
  private readonly database: DatabaseHandle;
  private readonly streams: StreamLog;
  private readonly bus: EventBus;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly graceMs: number;
  private readonly links: LinkStatusRecorder;
  private readonly followListeners = new Set<(gatewayId: string) => void>();
  private readonly answers: AnswerWaiters;
  /**
   * Gateways found followed, until when that answer is reused (a tenth of the grace: a chat send does not
   * read the gateway row each time; a bridge that left is noticed at most that much later).
   */
  private readonly seenFollowed = new Map<string, number>();

  /** `graceMs`: fleet's `DIAL_IN_FOLLOWER_GRACE_MS`. */
  constructor(runtime: Pick<SubgraphRuntime, 'database' | 'streams' | 'bus' | 'clock' | 'logger'>, graceMs: number) {
    this.database = runtime.database;
    this.streams = runtime.streams;
    this.bus = runtime.bus;
    this.clock = runtime.clock;
    this.logger = runtime.logger.child({ component: 'dial-in' });
    this.graceMs = graceMs;
    this.links = new LinkStatusRecorder(runtime);
    this.answers = new AnswerWaiters(runtime.bus);
  }

  /** The gateway's connection as `Gateway.connection` shows it (dial-in presence checked against the grace). */
  connection(gateway: GatewayRow, isDialIn: boolean): ConnectionView | null {
    return connectionOf(gateway, { isDialIn, now: this.clock.now(), graceMs: this.graceMs });
  }

  /** Called when a gateway starts following its inbox (it is reachable again). */
  onFollow(listener: (gatewayId: string) => void): () => void {
    this.followListeners.add(listener);
    return () => this.followListeners.delete(listener);
  }

  /** Whether a bridge follows the gateway's inbox now (or did within the grace period). */
  async followed(gatewayId: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    if ((this.seenFollowed.get(gatewayId) ?? 0) > now) return true;
    const [row] = await this.database.db
      .select({ at: gateways.inboxFollowedAt })
      .from(gateways)
      .where(eq(gateways.id, gatewayId));
    const followed = !!row?.at && now - row.at.getTime() <= this.graceMs;
    if (followed) this.seenFollowed.set(gatewayId, now + this.graceMs / 10);
    else this.seenFollowed.delete(gatewayId);
    return followed;
  }

  private async touch(gatewayId: string): Promise<void> {
    await this.database.db
      .update(gateways)
      .set({ inboxFollowedAt: this.clock.now() })
      .where(eq(gateways.id, gatewayId));
  }

  /** The transport a `DialInLink` to this gateway uses. */
  transport(gatewayId: string): DialInTransport {
    return {
      connected: true,
      send: (request) => this.send(gatewayId, request),
      onEvent: (listener) => {
        let off: (() => Promise<void>) | null = null;
        let stopped = false;
        void this.bus
          .subscribe(eventTopic(gatewayId), (event) => listener(event))
          .then((unsubscribe) => {
            off = unsubscribe;
            if (stopped) void unsubscribe();
          });
        return () => {
          stopped = true;
          void off?.();
        };
      },
      onConnected: () => () => {},
    };
  }

  /** Queues the request in the gateway's inbox and waits for its answer (listening first). */
  async send(gatewayId: string, request: DialInRequest): Promise<DialInAnswer> {
    if (!(await this.followed(gatewayId))) {
      throw new GatewayLinkError(
        'CONNECT_FAILED',
        `the gateway is not connected: no bridge follows its inbox (${request.operation} not sent)`,
      );
    }
    const { answered, release } = await this.answers.wait(gatewayId, request.id);
    let timer: NodeJS.Timeout | undefined;
    try {
      // One statement (the head's lock is held until it commits): no transaction around it.
      const entry = await this.streams.append(this.database.db, inboxStream(gatewayId), request);
      void this.streams.publish([entry]);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new GatewayLinkError('TIMEOUT', `the gateway did not answer ${request.operation} in time`)),
          Math.max(0, request.deadline - Date.now()),
        );
      });
      return await Promise.race([answered, timeout]);
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /**
   * The gateway's inbox after `after` (default: from now on), then live; gateways only, their own.
   * `clientAddress`: where the bridge's socket came from (the router's signed claim), shown on the connection.
   */
  async follow(
    identity: Identity,
    after: number | null | undefined,
    clientAddress?: string,
  ): Promise<AsyncIterable<InboxItem>> {
    const gatewayId = requireGateway(identity);
    const subscription = await this.streams.subscribe<DialInRequest>(inboxStream(gatewayId), { after });
    const touch = () =>
      this.touch(gatewayId).catch((error) => this.logger.warn({ err: error, gatewayId }, 'inbox presence not saved'));
    await touch();
    // This follower's connection; `since` names it, so an older follower ending leaves it alone.
    let since = this.clock.now();
    const connected = async (takeOver: boolean) => {
      const at = this.clock.now();
      try {
        if (await this.links.dialInFollowed(gatewayId, at, clientAddress, takeOver)) since = at;
      } catch (error) {
        this.logger.warn({ err: error, gatewayId }, 'dial-in connection not recorded');
      }
    };
    await connected(true);
    const refresh = setInterval(
      () => void touch().then(() => connected(false)),
      Math.max(50, Math.floor(this.graceMs / 3)),
    );
    for (const listener of [...this.followListeners]) listener(gatewayId);
    let ended = false;
    const end = async (): Promise<IteratorResult<InboxItem>> => {
      if (!ended) {
        ended = true;
        clearInterval(refresh);
        await touch();
        await this.links
          .dialInEnded(gatewayId, since, 'the bridge stopped following its inbox')
          .catch((error) => this.logger.warn({ err: error, gatewayId }, 'dial-in disconnection not recorded'));
      }
      await subscription.close();
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<InboxItem> = {
      next: async () => {
        if (ended) return { value: undefined, done: true };
        const item = await subscription.next();
        if (item.done) return end();
        if (item.value.kind === 'resync') {
          // Requests that old have long missed their deadline: the gateway goes on from the head.
          await end();
          return { value: undefined, done: true };
        }
        return { value: { sequence: item.value.seq, request: item.value.data }, done: false };
      },
      return: () => end(),
      throw: async (error) => {
        await end();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** The gateway's answer to one of its requests, passed to the fleet instance waiting for it. */
  async answer(
    identity: Identity,
    input: { requestId: string; result?: string | null; error?: DialInError | null },
  ): Promise<boolean> {
    const gatewayId = requireGateway(identity);
    const requestId = String(input.requestId);
    if (requestId.length === 0 || requestId.length > 100) throw badInput('requestId is invalid', 'input.requestId');
    const answer: DialInAnswer = input.error
      ? { requestId, ok: false, error: input.error }
      : { requestId, ok: true, result: parseJson(input.result ?? 'null', 'input.result') };
    await this.bus.publish(answerTopic(gatewayId), answer);
    return true;
  }

  /** One of the gateway's events (`chat.*`, …), to the links that follow it. */
  async event(identity: Identity, json: string): Promise<boolean> {
    return this.events(identity, [json], 'event');
  }

  /**
   * The gateway's events in the order it saw them: a bridge sends what queued up while its previous
   * call was in flight, so one gateway's event rate is not capped at one round trip per event. All or
   * nothing: one malformed event refuses the batch (its index in the error's field).
   */
  async events(identity: Identity, jsons: string[], field = 'events'): Promise<boolean> {
    const gatewayId = requireGateway(identity);
    if (jsons.length > MAX_EVENTS) throw badInput(`at most ${MAX_EVENTS} events at once`, field);
    if (jsons.length > 1 && jsons.reduce((total, json) => total + json.length, 0) > MAX_JSON) {
      throw badInput(`the events are too large together (at most ${MAX_JSON} characters)`, field);
    }
    const events = jsons.map((json, index) => {
      const at = field === 'event' ? field : `${field}.${index}`;
      const event = parseJson(json, at) as GatewayEvent;
      if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
        throw badInput('an event must be a gateway event object', at);
      }
      return event;
    });
    // Issued together on one connection: the bus keeps their order.
    await Promise.all(events.map((event) => this.bus.publish(eventTopic(gatewayId), event)));
    return true;
  }
}

/** How long a gateway's answer subscription stays after its last waiting request (saves re-subscribing per request). */
const ANSWERS_LINGER_MS = 30_000;

/**
 * The requests of this process waiting for their gateway's answers: one bus subscription per gateway
 * (`mc:fleet:gatewayAnswer:<gatewayId>`, every instance waiting on that gateway gets its answers and
 * keeps those it asked for), live before the request is queued, kept a while after the last one.
 */
interface GatewayAnswers {
  waiters: Map<string, (answer: DialInAnswer) => void>;
  /** Resolves when the subscription is live, with the function that ends it. */
  subscribed: Promise<Unsubscribe>;
  idle: NodeJS.Timeout | null;
}

class AnswerWaiters {
  private readonly bus: EventBus;
  private readonly gateways = new Map<string, GatewayAnswers>();

  constructor(bus: EventBus) {
    this.bus = bus;
  }

  /** Listens for the request's answer; resolves once listening is live (before the request is queued). */
  async wait(gatewayId: string, requestId: string): Promise<{ answered: Promise<DialInAnswer>; release: () => void }> {
    const entry = this.gateways.get(gatewayId) ?? this.listen(gatewayId);
    if (entry.idle) clearTimeout(entry.idle);
    entry.idle = null;
    let settle: (answer: DialInAnswer) => void = () => {};
    const answered = new Promise<DialInAnswer>((resolve) => {
      settle = resolve;
    });
    entry.waiters.set(requestId, settle);
    const release = () => {
      if (entry.waiters.get(requestId) !== settle) return;
      entry.waiters.delete(requestId);
      if (entry.waiters.size === 0 && this.gateways.get(gatewayId) === entry) {
        entry.idle = setTimeout(() => this.drop(gatewayId, entry), ANSWERS_LINGER_MS);
        entry.idle.unref();
      }
    };
    try {
      await entry.subscribed;
    } catch (error) {
      release();
      throw error;
    }
    return { answered, release };
  }

  private listen(gatewayId: string): GatewayAnswers {
    const waiters = new Map<string, (answer: DialInAnswer) => void>();
    const subscribed = this.bus.subscribe(answerTopic(gatewayId), (answer) => {
      waiters.get(String(answer?.requestId))?.(answer);
    });
    const entry: GatewayAnswers = { waiters, subscribed, idle: null };
    this.gateways.set(gatewayId, entry);
    // A failed subscribe is not kept: the next request tries again.
    subscribed.catch(() => {
      if (this.gateways.get(gatewayId) === entry) this.gateways.delete(gatewayId);
    });
    return entry;
  }

  private drop(gatewayId: string, entry: GatewayAnswers): void {
    if (entry.waiters.size > 0 || this.gateways.get(gatewayId) !== entry) return;
    this.gateways.delete(gatewayId);
    void entry.subscribed.then((off) => off()).catch(() => {});
  }
}

function requireGateway(identity: Identity): string {
  if (identity.kind !== 'gateway') throw forbidden('Only a gateway has an inbox');
  return identity.gatewayId;
}

function parseJson(text: string, field: string): unknown {
  if (text.length > MAX_JSON) throw badInput(`${field} is too large`, field);
  try {
    return JSON.parse(text);
  } catch {
    throw badInput(`${field} must be JSON`, field);
  }
}
