/**
 * The outbox: every message the user sends is first written here (with its client message id), then
 * sent; it leaves the outbox only when the server acknowledged it (or refused it for good). The ids
 * survive reloads, so a send retried after a crash or an offline spell is the same send, and the
 * server's dedupe by `(session, clientMessageId)` makes it land exactly once.
 */

/** The part of `Storage` the outbox needs (localStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface OutboxEntry {
  clientMessageId: string;
  sessionId: string;
  text: string;
  /** When the user sent it (ISO), shown until the server's copy arrives. */
  createdAt: string;
  attempts: number;
  /** A refusal that will not go away by retrying (e.g. MESSAGE_TOO_LONG); the entry stays visible. */
  error?: string;
}

/** What one send attempt came to. */
export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'refused'; code: string }
  | { kind: 'retry-later'; afterMs?: number }
  | { kind: 'network' };

export type Sender = (entry: OutboxEntry) => Promise<SendOutcome>;

export interface FlushResult {
  sent: number;
  refused: number;
  /** Left in the outbox for the next flush (network down, rate-limited). */
  waiting: number;
  retryAfterMs?: number;
}

export class Outbox {
  readonly #store: KeyValueStore;
  readonly #key: string;
  #flushing: Promise<FlushResult> | null = null;

  constructor(store: KeyValueStore, key = 'mc.h5.outbox') {
    this.#store = store;
    this.#key = key;
  }

  entries(sessionId?: string): OutboxEntry[] {
    let all: OutboxEntry[] = [];
    try {
      const parsed = JSON.parse(this.#store.getItem(this.#key) ?? '[]');
      if (Array.isArray(parsed)) all = parsed;
    } catch {
      all = [];
    }
    return sessionId ? all.filter((entry) => entry.sessionId === sessionId) : all;
  }

  #save(entries: OutboxEntry[]): void {
    this.#store.setItem(this.#key, JSON.stringify(entries));
  }

  /** Stores a new message before any attempt to send it; returns the entry with its new id. */
  add(sessionId: string, text: string, now = new Date(), id: string = crypto.randomUUID()): OutboxEntry {
    const entry: OutboxEntry = { clientMessageId: id, sessionId, text, createdAt: now.toISOString(), attempts: 0 };
    this.#save([...this.entries(), entry]);
    return entry;
  }

  /** Forgets everything (explicit sign-out: the next user of the phone must not send these). */
  clear(): void {
    this.#save([]);
  }

  remove(clientMessageId: string): void {
    this.#save(this.entries().filter((entry) => entry.clientMessageId !== clientMessageId));
  }

  #update(clientMessageId: string, change: Partial<OutboxEntry>): void {
    this.#save(
      this.entries().map((entry) => (entry.clientMessageId === clientMessageId ? { ...entry, ...change } : entry)),
    );
  }

  /**
   * Sends waiting entries oldest first, one at a time (a session's messages keep their order). Stops
   * at the first network failure or rate limit; refused entries stay listed with their error. Only
   * one flush runs at a time: a second call joins the running one.
   */
  flush(send: Sender): Promise<FlushResult> {
    this.#flushing ??= this.#flush(send).finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #flush(send: Sender): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, refused: 0, waiting: 0 };
    for (const entry of this.entries()) {
      if (entry.error) continue;
      // Re-read: the entry may have been removed (the server's copy arrived over the subscription).
      if (!this.entries().some((e) => e.clientMessageId === entry.clientMessageId)) continue;
      this.#update(entry.clientMessageId, { attempts: entry.attempts + 1 });
      let outcome: SendOutcome;
      try {
        outcome = await send(entry);
      } catch {
        outcome = { kind: 'network' };
      }
      if (outcome.kind === 'sent') {
        this.remove(entry.clientMessageId);
        result.sent++;
      } else if (outcome.kind === 'refused') {
        this.#update(entry.clientMessageId, { error: outcome.code });
        result.refused++;
      } else {
        result.retryAfterMs = outcome.kind === 'retry-later' ? outcome.afterMs : undefined;
        break;
      }
    }
    result.waiting = this.entries().filter((entry) => !entry.error).length;
    return result;
  }
}
