/**
 * Keeps live sockets' access in step with identity's `principalChanged`. A person's socket is
 * authenticated again with the credential it connected with and closed only when its access in the
 * organization it acts in shrank or is gone (role lowered, membership, a flag or a board grant
 * removed); otherwise it stays open and later operations on it use the fresh principal (running
 * subscriptions keep the access they started with, never more than the socket now has). Identity names
 * H5 users and machine credentials only when they are suspended, logged out, unassigned or revoked
 * (or a credential is created, which no socket holds yet), so their sockets close at once.
 */
import { AccessError, CodedError, type Identity, type Logger, roleAtLeast } from '@mc/kit';
import { invalidationKeys, scopeKey } from '../subscriptions/scope.ts';
import type { Authenticated, CredentialInput } from './authenticator.ts';
import type { PrincipalChange } from './principal-client.ts';

export interface WatchedSocket {
  /** What the socket authenticated with, to authenticate again. */
  credential: CredentialInput;
  auth: Authenticated;
  /** Takes the fresh principal when access did not shrink. */
  update(auth: Authenticated): void;
  /** Closes the socket (access changed or revoked). */
  close(): void;
}

interface Entry {
  socket: WatchedSocket;
  keys: string[];
  /** The access the socket may use now: the latest principal that did not shrink. */
  current: Authenticated;
  checking: boolean;
  /** Another change arrived while checking: check again once done. */
  again: boolean;
  gone: boolean;
}

export interface AccessWatchOptions {
  authenticate(credential: CredentialInput): Promise<Authenticated>;
  logger: Logger;
}

/** Taken before a socket authenticates, so a change that lands meanwhile is not missed. */
export interface WatchTicket {
  readonly since: number;
  /** Call when the socket is not watched after all (authentication refused). */
  end(): void;
}

export class AccessWatch {
  private readonly options: AccessWatchOptions;
  /** Entries by the `principalChanged` keys of their principal (`user:…`, `h5:…`, `credential:…`). */
  private readonly byKey = new Map<string, Set<Entry>>();
  /** Counts changes; `recent` holds the last change per key while any socket is authenticating. */
  private changes = 0;
  private authenticating = 0;
  private readonly recent = new Map<string, number>();

  constructor(options: AccessWatchOptions) {
    this.options = options;
  }

  /** Call before authenticating a socket; pass the ticket to `watch` (or end it). */
  begin(): WatchTicket {
    this.authenticating += 1;
    let ended = false;
    return {
      since: this.changes,
      end: () => {
        if (ended) return;
        ended = true;
        this.authenticating -= 1;
        if (this.authenticating === 0) this.recent.clear();
      },
    };
  }

  /**
   * Watches a socket until the returned function is called (on close). A change to its principal
   * since `ticket` was taken (its authentication may have read the access before it) is applied now.
   */
  watch(socket: WatchedSocket, ticket?: WatchTicket): () => void {
    const entry: Entry = {
      socket,
      keys: invalidationKeys(socket.auth.identity),
      current: socket.auth,
      checking: false,
      again: false,
      gone: false,
    };
    for (const key of entry.keys) {
      let entries = this.byKey.get(key);
      if (!entries) {
        entries = new Set();
        this.byKey.set(key, entries);
      }
      entries.add(entry);
    }
    if (ticket) {
      const missed = entry.keys.filter((key) => (this.recent.get(key) ?? -1) > ticket.since);
      ticket.end();
      for (const key of missed) this.apply(key, entry);
    }
    return () => {
      entry.gone = true;
      for (const key of entry.keys) {
        const entries = this.byKey.get(key);
        entries?.delete(entry);
        if (entries?.size === 0) this.byKey.delete(key);
      }
    };
  }

  changed(change: PrincipalChange): void {
    this.changes += 1;
    const keys = [
      change.userId && `user:${change.userId}`,
      change.h5UserId && `h5:${change.h5UserId}`,
      change.credentialId && `credential:${change.credentialId}`,
    ];
    for (const key of keys) {
      if (!key) continue;
      if (this.authenticating > 0) this.recent.set(key, this.changes);
      for (const entry of this.byKey.get(key) ?? []) this.apply(key, entry);
    }
  }

  private apply(key: string, entry: Entry): void {
    if (key.startsWith('user:')) void this.recheck(entry);
    else this.close(entry);
  }

  /**
   * One check at a time per socket, and one more after the last change that arrived during it: the
   * last answer applied is always read after the last change.
   */
  private async recheck(entry: Entry): Promise<void> {
    if (entry.checking) {
      entry.again = true;
      return;
    }
    entry.checking = true;
    try {
      do {
        entry.again = false;
        let fresh: Authenticated;
        try {
          fresh = await this.options.authenticate(entry.socket.credential);
        } catch (error) {
          // Refused now (membership gone, credential no longer valid) or identity unreachable: close,
          // the client reconnects and is authenticated afresh or refused.
          if (!(error instanceof AccessError || error instanceof CodedError)) {
            this.options.logger.warn({ err: error }, 'socket access check failed; closing the socket');
          }
          this.close(entry);
          return;
        }
        if (entry.gone) return;
        if (accessShrank(entry.current.identity, fresh.identity)) {
          this.close(entry);
          return;
        }
        entry.current = fresh;
        entry.socket.update(fresh);
      } while (entry.again && !entry.gone);
    } finally {
      entry.checking = false;
    }
  }

  private close(entry: Entry): void {
    if (entry.gone) return;
    entry.socket.close();
  }
}

/**
 * Whether `after` may do less than `before` in the organization `before` acts in. For people: the
 * membership is gone or another organization answers, the role is lower, an org-wide flag or a board
 * grant was removed, or a write grant became read. Gains (a new organization elsewhere, a new grant,
 * a higher role) are not. Any other kind of principal counts as shrunk on any change.
 */
export function accessShrank(before: Identity, after: Identity): boolean {
  if (before.kind !== 'user' || after.kind !== 'user') return scopeKey(before) !== scopeKey(after);
  if (before.userId !== after.userId) return true;
  const was = before.org;
  const now = after.org;
  if (!was) return false;
  if (!now || now.id !== was.id) return true;
  if (!roleAtLeast(now.role, was.role)) return true;
  if ((was.allBoardsRead && !now.allBoardsRead) || (was.allBoardsWrite && !now.allBoardsWrite)) return true;
  for (const [boardId, permission] of Object.entries(was.boards)) {
    const kept = now.boards[boardId];
    if (!kept || (permission === 'write' && kept !== 'write')) return true;
  }
  return false;
}
