/**
 * Keeps the H5 access token fresh: refreshes a minute before it expires (or at 80 % of its life for
 * short tokens), retries network failures with backoff while the token is still usable, and gives up
 * — the app returns to login — when the server refuses the refresh token or the access token expired.
 */
import { backoffDelay } from './backoff.ts';

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

export type RefreshOutcome = { kind: 'ok'; tokens: Tokens } | { kind: 'refused'; code: string } | { kind: 'network' };

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const REFRESH_MARGIN_MS = 60_000;

/** When to refresh tokens issued at `now` that expire at `expiresAt` (ms since epoch). */
export function refreshAt(now: number, expiresAt: number): number {
  const life = expiresAt - now;
  if (life <= 0) return now;
  return now + Math.max(life - REFRESH_MARGIN_MS, life * 0.8);
}

export interface RefreshScheduler {
  /** (Re)starts the schedule for these tokens. */
  start(tokens: Tokens): void;
  /** Refreshes now (e.g. the server said the token expired); resolves with the new tokens or null. */
  refreshNow(): Promise<Tokens | null>;
  stop(): void;
}

export function createRefreshScheduler(options: {
  refresh: (refreshToken: string) => Promise<RefreshOutcome>;
  onTokens: (tokens: Tokens) => void;
  onFailure: (reason: string) => void;
  clock?: Clock;
}): RefreshScheduler {
  const clock = options.clock ?? systemClock;
  let tokens: Tokens | null = null;
  let timer: unknown = null;
  let running: Promise<Tokens | null> | null = null;
  let failures = 0;

  function schedule(at: number) {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(
      () => {
        timer = null;
        void refreshNow();
      },
      Math.max(0, at - clock.now()),
    );
  }

  async function attempt(): Promise<Tokens | null> {
    if (!tokens) return null;
    const outcome = await options.refresh(tokens.refreshToken).catch((): RefreshOutcome => ({ kind: 'network' }));
    if (!tokens) return null;
    if (outcome.kind === 'ok') {
      failures = 0;
      tokens = outcome.tokens;
      options.onTokens(outcome.tokens);
      schedule(refreshAt(clock.now(), Date.parse(outcome.tokens.accessTokenExpiresAt)));
      return outcome.tokens;
    }
    if (outcome.kind === 'refused' || Date.parse(tokens.accessTokenExpiresAt) <= clock.now()) {
      const reason = outcome.kind === 'refused' ? outcome.code : 'EXPIRED';
      tokens = null;
      options.onFailure(reason);
      return null;
    }
    // Offline or the server unreachable: try again soon, while the access token still works.
    schedule(clock.now() + backoffDelay(failures++, { baseMs: 2_000, maxMs: 30_000, jitter: 0 }));
    return null;
  }

  function refreshNow(): Promise<Tokens | null> {
    running ??= attempt().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    start(next) {
      tokens = next;
      failures = 0;
      schedule(refreshAt(clock.now(), Date.parse(next.accessTokenExpiresAt)));
    },
    refreshNow,
    stop() {
      tokens = null;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
