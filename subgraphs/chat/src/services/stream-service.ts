/**
 * `chatEvents`: one session's events for its H5 user, its agent or an admin, resumable by sequence.
 * The subscription joins the process's shared feeds first (`session-feeds.ts`: the bus, plus one
 * head poll for all subscriptions), then replays from the database after the client's `after`; a
 * live durable event is passed on only when it is the next number, otherwise the gap is read from
 * the database — so nothing is lost (even if pub/sub dropped it) and nothing is sent twice. Deltas,
 * typing and presence are live-only and pass straight through. A subscriber that falls more than
 * the buffer behind gets RESYNC_REQUIRED and ends; an H5 user who is unassigned gets
 * ASSIGNMENT_NOT_FOUND and ends.
 */
import { badInput, type Database, type Identity } from '@mc/kit';
import { MessageStore } from '../db/message-store.ts';
import { ProjectionStore } from '../db/projection-store.ts';
import { SessionStore } from '../db/session-store.ts';
import { type ChatEvent, isOnline, type Presence } from '../events.ts';
import { sessionRole } from './access.ts';
import { liveEvent, streamEvent } from './message-service.ts';
import type { FeedFollower, SessionFeeds } from './session-feeds.ts';
import type { SessionService } from './session-service.ts';

/** Replay page size. */
const REPLAY_PAGE = 200;
/** Live events a subscriber may have waiting before it must resync (CHAT_STREAM_BUFFER_SIZE). */
export const BUFFER_LIMIT = 5_000;

/** How a subscription ends when it cannot go on; the resolver turns it into the coded error. */
export interface ChatStreamEnd {
  type: 'RESYNC_REQUIRED' | 'ACCESS_REVOKED';
  sessionId: string;
  /** The last sequence delivered. */
  after: number;
}

export type ChatStreamItem = ChatEvent | ChatStreamEnd;

export const isStreamEnd = (item: ChatStreamItem): item is ChatStreamEnd =>
  item.type === 'RESYNC_REQUIRED' || item.type === 'ACCESS_REVOKED';

export class StreamService {
  private readonly db: Database;
  private readonly feeds: SessionFeeds;
  private readonly sessions: SessionService;
  private readonly bufferSize: number;

  constructor(db: Database, feeds: SessionFeeds, sessions: SessionService, bufferSize = BUFFER_LIMIT) {
    this.db = db;
    this.feeds = feeds;
    this.sessions = sessions;
    this.bufferSize = bufferSize;
  }

  /** Checks access before anything is subscribed; SESSION_NOT_FOUND for sessions not the caller's. */
  async open(
    identity: Identity,
    sessionId: string,
    after: number | null | undefined,
  ): Promise<AsyncIterableIterator<ChatStreamItem>> {
    const session = await this.sessions.get(identity, sessionId, 'sessionId');
    if (after != null && (!Number.isInteger(after) || after < 0)) {
      throw badInput('after must be a sequence number (0 or more)', 'after');
    }
    const follower = new SessionFollower(session.id, session.agentId, sessionRole(identity, session), this.bufferSize);
    await this.feeds.join(follower);
    const cleanup = () => {
      follower.close();
      this.feeds.leave(follower);
    };
    const generator = this.run(follower, after ?? null, cleanup);
    // A client may leave before the first event: return() must release the feeds even then.
    const iterator: AsyncIterableIterator<ChatStreamItem> = {
      next: () => generator.next(),
      return: async (value?: unknown) => {
        cleanup();
        return generator.return(value as undefined);
      },
      throw: async (error?: unknown) => {
        cleanup();
        return generator.throw(error);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private async *run(
    follower: SessionFollower,
    after: number | null,
    cleanup: () => void,
  ): AsyncGenerator<ChatStreamItem> {
    const messages = new MessageStore(this.db);
    const { sessionId, agentId } = follower;
    try {
      // Joined already: anything committed from here on arrives live, or is found by the replay.
      const head = (await new SessionStore(this.db).heads([sessionId])).get(sessionId)?.lastSequence ?? 0;
      follower.position = after ?? head;
      follower.onHead(head);
      /** Reads what is known to exist beyond the position from the database. */
      const replay = async function* () {
        while (follower.behind) {
          const entries = await messages.stream(sessionId, follower.position, REPLAY_PAGE);
          // A head whose entry is not visible yet: the next poll or publish says so again.
          if (entries.length === 0) return follower.caughtUp();
          for (const entry of entries) {
            follower.position = entry.sequence;
            yield streamEvent(entry.kind, entry.sequence, entry.message);
          }
        }
      };
      yield* replay();
      const agent = (await new ProjectionStore(this.db).agents([agentId])).get(agentId);
      yield liveEvent('PRESENCE', sessionId, {
        presence: {
          agentId,
          online: agent !== undefined && agent.deletedAt === null && isOnline(agent.status),
          status: agent?.deletedAt ? 'DELETED' : (agent?.status ?? 'UNKNOWN'),
        },
      });
      for (;;) {
        const item = await follower.take();
        if (item === undefined) return;
        if (item === 'behind') {
          yield* replay();
        } else if (typeof item === 'string') {
          yield { type: item, sessionId, after: follower.position };
          return;
        } else if (item.sequence === null) {
          yield item;
        } else if (item.sequence === follower.position + 1) {
          follower.position = item.sequence;
          yield item;
        } else {
          // Something between was missed live: the database has it.
          follower.onHead(item.sequence);
          yield* replay();
        }
      }
    } finally {
      cleanup();
    }
  }
}

/** One subscription's bounded buffer between the shared feeds and its generator. */
class SessionFollower implements FeedFollower {
  readonly sessionId: string;
  readonly agentId: string;
  position = 0;
  private readonly role: ReturnType<typeof sessionRole>;
  private readonly limit: number;
  /** The highest sequence known to exist (from the bus or a poll). */
  private known = 0;
  private readonly queue: ChatEvent[] = [];
  private ending: ChatStreamEnd['type'] | null = null;
  private closed = false;
  private wake: (() => void) | null = null;

  constructor(sessionId: string, agentId: string, role: ReturnType<typeof sessionRole>, limit: number) {
    this.sessionId = sessionId;
    this.agentId = agentId;
    this.role = role;
    this.limit = Math.max(1, limit);
  }

  get behind(): boolean {
    return this.known > this.position;
  }

  caughtUp(): void {
    this.known = this.position;
  }

  onEvent(event: ChatEvent): void {
    if (this.closed || this.ending) return;
    if (event.sequence !== null && event.sequence <= this.position) return;
    if (this.queue.length >= this.limit) {
      // Too slow: free the buffer and tell it to resync at its next pull.
      this.ending = 'RESYNC_REQUIRED';
      this.queue.length = 0;
    } else {
      this.queue.push(event);
    }
    this.notify();
  }

  onPresence(presence: Presence): void {
    this.onEvent(liveEvent('PRESENCE', this.sessionId, { presence }));
  }

  onHead(head: number): void {
    if (head <= this.known) return;
    this.known = head;
    this.notify();
  }

  onRevoked(): void {
    // Admins (support view) and the agent keep reading; only the H5 user loses the session.
    if (this.role !== 'H5_USER' || this.closed) return;
    this.ending = 'ACCESS_REVOKED';
    this.queue.length = 0;
    this.notify();
  }

  /** The next live event, `behind` when the database has more, an ending, or undefined once closed. */
  async take(): Promise<ChatEvent | 'behind' | ChatStreamEnd['type'] | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      if (this.ending) return this.ending;
      const event = this.queue.shift();
      if (event) {
        if (event.sequence !== null && event.sequence <= this.position) continue;
        return event;
      }
      if (this.behind) return 'behind';
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
