import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RECONNECT } from './dial-out-link.ts';

describe('reconnect backoff', () => {
  const policy = { ...DEFAULT_RECONNECT, initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.2 };

  it('doubles from the initial delay up to the cap', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(policy, attempt, middle))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('spreads each delay by ±jitter', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(320);
    expect(backoffDelay(policy, 3, () => 1)).toBe(480);
    expect(backoffDelay({ ...policy, jitter: 0 }, 3, Math.random)).toBe(400);
  });
});
