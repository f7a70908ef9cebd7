/**
 * The live side of `chatEvents` in one process, shared by all its subscriptions: one bus channel per
 * followed session and per agent's presence (however many devices follow them), and one statement
 * per poll for the heads of every followed session. The bus drives delivery; the poll is the safety
 * net for a publish that was lost (Redis restart, crash between commit and publish) when nothing
 * follows it, and it also notices an unassignment whose signal was lost.
 */
import type { Database, EventBus, SubgraphRuntime, Topic, Unsubscribe } from '@mc/kit';
import { SessionStore } from '../db/session-store.ts';
import { type ChatEvent, type Presence, presenceTopic, sessionTopic } from '../events.ts';

/** One subscription as the feeds see it. */
export interface FeedFollower {
  readonly sessionId: string;
  readonly agentId: string;
  /** Its last delivered sequence: the poll wakes only followers behind their session's head. */
  readonly position: number;
  onEvent(event: ChatEvent): void;
  onPresence(presence: Presence): void;
  /** The session's head moved to `head` (found by the poll). */
  onHead(head: number): void;
  /** The session's H5 user is no longer assigned to its agent. */
  onRevoked(): void;
}

/** How long joining waits for the bus: while it is away (Redis down) the poll serves the follower. */
const JOIN_TIMEOUT_MS = 2_000;
/** Bind parameters stay far below PostgreSQL's limit however many sessions a process follows. */
const HEADS_PER_STATEMENT = 1_000;

type Logger = SubgraphRuntime['logger'];

interface Channel {
  followers: Set<FeedFollower>;
  ready: Promise<Unsubscribe>;
}

export class SessionFeeds {
  private readonly db: Database;
  private readonly bus: EventBus;
  private readonly logger: Logger;
  private readonly pollMs: number;
  private readonly sessions = new Map<string, Channel>();
  private readonly presences = new Map<string, Channel>();
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(options: { db: Database; bus: EventBus; logger: Logger; pollMs: number }) {
    this.db = options.db;
    this.bus = options.bus;
    this.logger = options.logger;
    this.pollMs = options.pollMs;
  }

  /** Starts delivering to `follower`; resolves once its channels are live (or the join timed out). */
  async join(follower: FeedFollower): Promise<void> {
    const session = this.channel(this.sessions, follower.sessionId, sessionTopic(follower.sessionId), (each, signal) =>
      signal.type === 'ACCESS_REVOKED' ? each.onRevoked() : each.onEvent(signal),
    );
    const presence = this.channel(this.presences, follower.agentId, presenceTopic(follower.agentId), (each, p) =>
      each.onPresence(p),
    );
    session.followers.add(follower);
    presence.followers.add(follower);
    this.pollTimer ??= setInterval(() => void this.poll(), this.pollMs);
    this.pollTimer.unref();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([session.ready, presence.ready]).catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, JOIN_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  leave(follower: FeedFollower): void {
    this.release(this.sessions, follower.sessionId, follower);
    this.release(this.presences, follower.agentId, follower);
    if (this.sessions.size === 0 && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  /** Followed sessions (metrics, tests). */
  get followedSessions(): number {
    return this.sessions.size;
  }

  private channel<T>(
    channels: Map<string, Channel>,
    key: string,
    topic: Topic<T>,
    deliver: (follower: FeedFollower, payload: T) => void,
  ): Channel {
    let channel = channels.get(key);
    if (channel) return channel;
    const followers = new Set<FeedFollower>();
    const ready = this.bus.subscribe(topic, (payload) => {
      for (const follower of followers) deliver(follower, payload);
    });
    // Without its channel a session's followers still get every durable event, from the poll.
    ready.catch((error) => this.logger.warn({ err: error, channel: topic.channel }, 'chat channel failed'));
    channel = { followers, ready };
    channels.set(key, channel);
    return channel;
  }

  private release(channels: Map<string, Channel>, key: string, follower: FeedFollower): void {
    const channel = channels.get(key);
    if (!channel?.followers.delete(follower) || channel.followers.size > 0) return;
    channels.delete(key);
    // Not awaited: a channel still waiting for the bus must not hold up the follower that leaves.
    channel.ready.then(
      (unsubscribe) =>
        unsubscribe().catch((error) => this.logger.warn({ err: error, key }, 'leaving a chat channel failed')),
      () => undefined,
    );
  }

  /** One statement per 1,000 followed sessions; only followers behind their head or revoked are woken. */
  private async poll(): Promise<void> {
    if (this.polling || this.sessions.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.sessions.keys()];
      const store = new SessionStore(this.db);
      for (let start = 0; start < ids.length; start += HEADS_PER_STATEMENT) {
        const heads = await store.heads(ids.slice(start, start + HEADS_PER_STATEMENT));
        for (const [id, head] of heads) {
          for (const follower of this.sessions.get(id)?.followers ?? []) {
            if (!head.assigned) follower.onRevoked();
            if (head.lastSequence > follower.position) follower.onHead(head.lastSequence);
          }
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'polling chat session heads failed');
    } finally {
      this.polling = false;
    }
  }
}
