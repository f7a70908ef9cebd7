import { describe, expect, it } from 'vitest';
import {
  type Clock,
  createRefreshScheduler,
  REFRESH_MARGIN_MS,
  type RefreshOutcome,
  refreshAt,
  type Tokens,
} from './token-refresh.ts';

/** A clock whose timers run only when the test advances time. */
function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
  };
  return {
    clock,
    pending: () => timers.length,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.run();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      now = until;
    },
  };
}

const tokens = (clock: Clock, n: number, lifeMs = 15 * 60_000): Tokens => ({
  accessToken: `access-${n}`,
  accessTokenExpiresAt: new Date(clock.now() + lifeMs).toISOString(),
  refreshToken: `refresh-${n}`,
});

describe('token refresh scheduler', () => {
  it('refreshes a minute before expiry (80 % of a short life), at once when already expired', () => {
    expect(refreshAt(0, 15 * 60_000)).toBe(15 * 60_000 - REFRESH_MARGIN_MS);
    expect(refreshAt(0, 100_000)).toBe(80_000);
    expect(refreshAt(1000, 500)).toBe(1000);
  });

  it('refreshes before expiry with the latest refresh token, again and again', async () => {
    const time = manualClock();
    const used: string[] = [];
    let n = 1;
    const issued: string[] = [];
    const scheduler = createRefreshScheduler({
      clock: time.clock,
      refresh: async (refreshToken): Promise<RefreshOutcome> => {
        used.push(refreshToken);
        return { kind: 'ok', tokens: tokens(time.clock, ++n) };
      },
      onTokens: (t) => issued.push(t.accessToken),
      onFailure: () => {
        throw new Error('must not fail');
      },
    });
    scheduler.start(tokens(time.clock, 1));
    await time.advance(13 * 60_000);
    expect(used).toEqual([]);
    await time.advance(60_000);
    expect(used).toEqual(['refresh-1']);
    await time.advance(14 * 60_000);
    expect(used).toEqual(['refresh-1', 'refresh-2']);
    expect(issued).toEqual(['access-2', 'access-3']);
    scheduler.stop();
    await time.advance(60 * 60_000);
    expect(used).toHaveLength(2);
  });

  it('a refused refresh gives up at once (back to login)', async () => {
    const time = manualClock();
    const failures: string[] = [];
    const scheduler = createRefreshScheduler({
      clock: time.clock,
      refresh: async () => ({ kind: 'refused', code: 'INVALID_TOKEN' }),
      onTokens: () => {},
      onFailure: (reason) => failures.push(reason),
    });
    scheduler.start(tokens(time.clock, 1));
    await time.advance(14 * 60_000);
    expect(failures).toEqual(['INVALID_TOKEN']);
    expect(time.pending()).toBe(0);
  });

  it('retries network failures while the access token lives, then gives up when it expired', async () => {
    const time = manualClock();
    const failures: string[] = [];
    let attempts = 0;
    let online = false;
    const scheduler = createRefreshScheduler({
      clock: time.clock,
      refresh: async () => {
        attempts++;
        return online ? { kind: 'ok', tokens: tokens(time.clock, 2) } : { kind: 'network' };
      },
      onTokens: () => {},
      onFailure: (reason) => failures.push(reason),
    });
    scheduler.start(tokens(time.clock, 1));
    await time.advance(14 * 60_000 + 10_000);
    expect(attempts).toBeGreaterThan(1);
    expect(failures).toEqual([]);
    online = true;
    await time.advance(30_000);
    expect(failures).toEqual([]);

    // Offline past expiry: the session is over.
    online = false;
    attempts = 0;
    await time.advance(20 * 60_000);
    expect(attempts).toBeGreaterThan(1);
    expect(failures).toEqual(['EXPIRED']);
  });

  it('refreshNow joins a running refresh (one request for concurrent 401s)', async () => {
    const time = manualClock();
    let calls = 0;
    const scheduler = createRefreshScheduler({
      clock: time.clock,
      refresh: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { kind: 'ok', tokens: tokens(time.clock, 2) };
      },
      onTokens: () => {},
      onFailure: () => {},
    });
    scheduler.start(tokens(time.clock, 1));
    const [a, b] = await Promise.all([scheduler.refreshNow(), scheduler.refreshNow()]);
    expect(calls).toBe(1);
    expect(a?.accessToken).toBe('access-2');
    expect(b).toEqual(a);
  });
});
