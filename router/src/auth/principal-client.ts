/**
 * Asks the identity subgraph who a credential belongs to (its internal, inaccessible fields), with
 * a short cache. Identity's `principalChanged` events drop cached entries at once, then reach the
 * `onChanged` listeners (so a listener that resolves again sees fresh access); the TTL bounds
 * staleness when no bus connects the processes.
 */
import { createHash } from 'node:crypto';
import { principalChanged } from '@mc/identity/events';
import type { BoardPermission, EventBus, OrgAccess, OrgRole, Unsubscribe } from '@mc/kit';
import { SystemCaller } from '../system-caller.ts';

export interface UserPrincipal {
  userId: string;
  email: string | null;
  displayName: string | null;
  org: OrgAccess | null;
}

/** What identity's `principalChanged` names: a person, an H5 user or a machine credential. */
export type PrincipalChange = { userId?: string; h5UserId?: string; credentialId?: string };

export interface CredentialPrincipal {
  kind: 'agent' | 'gateway';
  subjectId: string;
  organizationId: string;
  credentialId: string;
  expiresAt: string | null;
}

export class IdentityUnavailableError extends Error {
  override name = 'IdentityUnavailableError';
}

const USER_PRINCIPAL = `mutation ResolveUser($input: _ResolveUserPrincipalInput!) {
  _resolveUserPrincipal(input: $input) {
    userId email displayName
    org { id role allBoardsRead allBoardsWrite boards { boardId permission } }
  }
}`;

const CREDENTIAL_PRINCIPAL = `query ResolveCredential($token: String!) {
  _resolveCredential(token: $token) { kind subjectId organizationId credentialId expiresAt }
}`;

interface CacheEntry<T> {
  value: T;
  expiresAt: number;
  tag: string | null;
}

class TtlCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(ttlMs: number, max = 10_000) {
    this.ttlMs = ttlMs;
    this.max = max;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, tag: string | null): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs, tag });
  }

  dropTag(tag: string): void {
    for (const [key, entry] of this.entries) if (entry.tag === tag) this.entries.delete(key);
  }
}

export interface PrincipalClientOptions {
  identityUrl: string;
  secret: string;
  cacheSeconds: number;
  bus?: EventBus;
  timeoutMs?: number;
}

export class PrincipalClient {
  private readonly options: PrincipalClientOptions;
  private readonly users: TtlCache<UserPrincipal>;
  private readonly credentials: TtlCache<CredentialPrincipal | null>;
  private readonly caller: SystemCaller;
  /** Look-ups in flight, so a burst of requests for one principal asks identity once. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bumped on every invalidation: an answer that started before one is not cached. */
  private generation = 0;
  private unsubscribe: Unsubscribe | null = null;
  private readonly listeners = new Set<(change: PrincipalChange) => void>();

  constructor(options: PrincipalClientOptions) {
    this.options = options;
    this.caller = new SystemCaller(options.secret);
    this.users = new TtlCache(options.cacheSeconds * 1000);
    this.credentials = new TtlCache(options.cacheSeconds * 1000);
  }

  async start(): Promise<void> {
    if (!this.options.bus) return;
    this.unsubscribe = await this.options.bus.subscribe(principalChanged, (event) => {
      this.generation += 1;
      this.inFlight.clear();
      if (event.userId) this.users.dropTag(event.userId);
      if (event.credentialId) this.credentials.dropTag(event.credentialId);
      for (const listener of this.listeners) listener(event);
    });
  }

  /**
   * Calls `listener` on every `principalChanged`, after the cached entries it names were dropped and
   * the look-ups in flight forgotten: a resolution the listener starts reads identity afresh.
   */
  onChanged(listener: (change: PrincipalChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  async user(input: {
    externalId: string;
    email: string | null;
    displayName: string | null;
    organizationId: string | null;
  }): Promise<UserPrincipal> {
    const key = `${input.externalId}|${input.organizationId ?? ''}`;
    const cached = this.users.get(key);
    if (cached) return cached;
    return this.once(`user:${key}`, () => this.fetchUser(key, input));
  }

  private async fetchUser(key: string, input: Record<string, unknown>): Promise<UserPrincipal> {
    const generation = this.generation;
    const data = await this.call<{ _resolveUserPrincipal: RawUserPrincipal }>(USER_PRINCIPAL, { input });
    const raw = data._resolveUserPrincipal;
    const principal: UserPrincipal = {
      userId: raw.userId,
      email: raw.email,
      displayName: raw.displayName ?? null,
      org: raw.org
        ? {
            id: raw.org.id,
            role: raw.org.role,
            allBoardsRead: raw.org.allBoardsRead,
            allBoardsWrite: raw.org.allBoardsWrite,
            boards: Object.fromEntries(
              raw.org.boards.map((grant) => [grant.boardId, grant.permission.toLowerCase() as BoardPermission]),
            ),
          }
        : null,
    };
    if (generation === this.generation) this.users.set(key, principal, principal.userId);
    return principal;
  }

  async credential(token: string): Promise<CredentialPrincipal | null> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.credentials.get(key);
    if (cached !== undefined) return cached;
    return this.once(`credential:${key}`, () => this.fetchCredential(key, token));
  }

  private async fetchCredential(key: string, token: string): Promise<CredentialPrincipal | null> {
    const generation = this.generation;
    const data = await this.call<{ _resolveCredential: CredentialPrincipal | null }>(CREDENTIAL_PRINCIPAL, { token });
    const principal = data._resolveCredential;
    if (generation === this.generation) this.credentials.set(key, principal, principal?.credentialId ?? null);
    return principal;
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const promise: Promise<T> = load().finally(() => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return promise;
  }

  private async call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.caller.call<T>(this.options.identityUrl, query, variables, this.options.timeoutMs);
    } catch (error) {
      throw new IdentityUnavailableError(
        `identity subgraph refused or missed principal resolution: ${(error as Error).message}`,
      );
    }
  }
}

interface RawUserPrincipal {
  userId: string;
  email: string | null;
  displayName: string | null;
  org: {
    id: string;
    role: OrgRole;
    allBoardsRead: boolean;
    allBoardsWrite: boolean;
    boards: { boardId: string; permission: string }[];
  } | null;
}
