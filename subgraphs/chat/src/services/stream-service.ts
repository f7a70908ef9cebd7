/**
 * `chatEvents`: one session's events for its H5 user, its agent or an admin, resumable by sequence.
 * The live subscription is opened first, then the stream is replayed from the database after the
 * client's `after`; a live durable event is passed on only when it is the next number, otherwise
 * the gap is read from the database — so nothing is lost (even if pub/sub dropped it) and nothing is
 * sent twice. Deltas, typing and presence are live-only and pass straight through.
 */
import { badInput, type Database, type EventBus, type Identity, type Unsubscribe } from '@mc/kit';
import { MessageStore } from '../db/message-store.ts';
import { ProjectionStore } from '../db/projection-store.ts';
import { SessionStore } from '../db/session-store.ts';
import { type ChatEvent, isOnline, presenceTopic, sessionTopic } from '../events.ts';
import { liveEvent, streamEvent } from './message-service.ts';
import type { SessionService } from './session-service.ts';

/** Replay page size; a subscriber that falls further behind than the buffer is closed (it resumes). */
const REPLAY_PAGE = 200;
const BUFFER_LIMIT = 5_000;
/** How often a subscriber compares its position with the session's head (a lost last publish). */
export const HEAD_POLL_MS = 2_000;

const POLL = 'poll' as const;

export class StreamService {
  private readonly db: Database;
  private readonly bus: EventBus;
  private readonly sessions: SessionService;

  private readonly pollMs: number;

  constructor(db: Database, bus: EventBus, sessions: SessionService, pollMs = HEAD_POLL_MS) {
    this.db = db;
    this.bus = bus;
    this.sessions = sessions;
    this.pollMs = pollMs;
  }

  /** Checks access before anything is subscribed; SESSION_NOT_FOUND for sessions not the caller's. */
  async open(
    identity: Identity,
    sessionId: string,
    after: number | null | undefined,
  ): Promise<AsyncIterable<ChatEvent>> {
    const session = await this.sessions.get(identity, sessionId, 'sessionId');
    if (after != null && (!Number.isInteger(after) || after < 0)) {
      throw badInput('after must be a sequence number (0 or more)', 'after');
    }
    const inbox = new Inbox<ChatEvent | typeof POLL>(BUFFER_LIMIT);
    const unsubscribes: Unsubscribe[] = [
      await this.bus.subscribe(sessionTopic(session.id), (event) => inbox.push(event)),
      await this.bus.subscribe(presenceTopic(session.agentId), (presence) =>
        inbox.push(liveEvent('PRESENCE', session.id, { presence })),
      ),
    ];
    // Catches a publish that was lost when no later event follows to reveal the gap.
    const poll = setInterval(() => inbox.push(POLL), this.pollMs);
    poll.unref();
    let cleaned: Promise<void> | null = null;
    const cleanup = () => {
      clearInterval(poll);
      inbox.close();
      cleaned ??= Promise.all(unsubscribes.map((unsubscribe) => unsubscribe())).then(() => undefined);
      return cleaned;
    };
    const generator = this.run(session.id, session.agentId, after ?? null, inbox, cleanup);
    // A client may leave before the first event: return() must release the subscriptions even then.
    const iterator: AsyncIterableIterator<ChatEvent> = {
      next: () => generator.next(),
      return: async (value?: unknown) => {
        await cleanup();
        return generator.return(value as undefined);
      },
      throw: async (error?: unknown) => {
        await cleanup();
        return generator.throw(error);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private async *run(
    sessionId: string,
    agentId: string,
    after: number | null,
    inbox: Inbox<ChatEvent | typeof POLL>,
    cleanup: () => Promise<void>,
  ): AsyncGenerator<ChatEvent> {
    const messages = new MessageStore(this.db);
    const sessions = new SessionStore(this.db);
    try {
      // Subscribed already: anything committed from here on arrives live or is found by the replay.
      const current = (await sessions.byIds([sessionId])).get(sessionId);
      let last = after ?? current?.lastSequence ?? 0;
      const replay = async function* (upTo: number | null) {
        for (;;) {
          const entries = await messages.stream(sessionId, last, REPLAY_PAGE);
          for (const entry of entries) {
            last = entry.sequence;
            yield streamEvent(entry.kind, entry.sequence, entry.message);
            if (upTo !== null && last >= upTo) return;
          }
          if (entries.length < REPLAY_PAGE) return;
        }
      };
      yield* replay(null);
      const agent = (await new ProjectionStore(this.db).agents([agentId])).get(agentId);
      yield liveEvent('PRESENCE', sessionId, {
        presence: {
          agentId,
          online: agent !== undefined && agent.deletedAt === null && isOnline(agent.status),
          status: agent?.deletedAt ? 'DELETED' : (agent?.status ?? 'UNKNOWN'),
        },
      });
      for (;;) {
        const event = await inbox.next();
        if (event === undefined) return;
        if (event === POLL) {
          const head = (await sessions.byIds([sessionId])).get(sessionId)?.lastSequence ?? last;
          if (head > last) yield* replay(head);
        } else if (event.sequence === null) {
          yield event;
        } else if (event.sequence === last + 1) {
          last = event.sequence;
          yield event;
        } else if (event.sequence > last) {
          // Something between was missed live: the database has it.
          yield* replay(event.sequence);
        }
      }
    } finally {
      await cleanup();
    }
  }
}

/** A bounded buffer between bus callbacks and the generator; overflowing ends it (the client resumes). */
class Inbox<T> {
  private readonly limit: number;
  private readonly items: T[] = [];
  private waiting: ((value: T | undefined) => void) | null = null;
  private closed = false;

  constructor(limit: number) {
    this.limit = limit;
  }

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(item);
      return;
    }
    if (this.items.length >= this.limit) {
      this.close();
      return;
    }
    this.items.push(item);
  }

  next(): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  close(): void {
    this.closed = true;
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.(undefined);
  }
}
