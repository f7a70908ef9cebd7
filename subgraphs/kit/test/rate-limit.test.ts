/** One contract suite for both rate limiters. */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '../src/errors.ts';
import { MemoryEventStream } from '../src/event-stream.ts';
import { MemoryEventBus } from '../src/events.ts';
import {
  addressRateLimitKey,
  enforceRateLimit,
  MemoryRateLimiter,
  type RateLimiter,
  RedisRateLimiter,
} from '../src/rate-limit.ts';
import { createRuntime, stopRuntime } from '../src/runtime.ts';
import { TEST_SECRETS_KEY } from '../src/testing/harness.ts';

const limiters: [string, () => RateLimiter][] = [
  ['memory', () => new MemoryRateLimiter()],
  ['redis', () => new RedisRateLimiter(inject('redisUrl'), `mc:test-${randomUUID()}:`)],
];

describe.each(limiters)('rate limiter contract: %s', (_kind, create) => {
  const limiter = create();
  afterAll(() => limiter.close());

  it('allows up to the limit per key, then refuses with a retry delay', async () => {
    const rule = { name: 'login', limit: 3, windowSeconds: 60 };
    const key = randomUUID();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit(rule, key));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3].retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limiter.hit(rule, randomUUID())).allowed).toBe(true);
  });

  it('opens a new window after the old one ends', async () => {
    const rule = { name: 'short', limit: 1, windowSeconds: 1 };
    const key = randomUUID();
    expect((await limiter.hit(rule, key)).allowed).toBe(true);
    expect((await limiter.hit(rule, key)).allowed).toBe(false);
    await new Promise((done) => setTimeout(done, 1_100));
    expect((await limiter.hit(rule, key)).allowed).toBe(true);
  });

  it('enforceRateLimit throws a typed RATE_LIMITED error', async () => {
    const rule = { name: 'enforce', limit: 1, windowSeconds: 30 };
    const key = randomUUID();
    await enforceRateLimit(limiter, rule, key);
    const error = await enforceRateLimit(limiter, rule, key).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('address buckets', () => {
  it('keys IPv4 by the address and IPv6 by its /64', () => {
    expect(addressRateLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressRateLimitKey('2001:db8:0:1::7')).toBe('2001:db8:0:1::/64');
    expect(addressRateLimitKey('2001:DB8:0:1:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
    expect(addressRateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressRateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(addressRateLimitKey('2001:db8:0:2::7')).not.toBe(addressRateLimitKey('2001:db8:0:1::7'));
  });
});

describe('rate limits per deployment', () => {
  const runtimeWith = (streamPrefix: string) =>
    createRuntime({
      name: 'limits',
      databaseUrl: inject('postgresUrl'),
      dataDir: '.data/test',
      redisUrl: inject('redisUrl'),
      streamPrefix,
      logLevel: 'silent',
      metricsDefaults: false,
      secretsKey: TEST_SECRETS_KEY,
      shared: { bus: new MemoryEventBus(), stream: new MemoryEventStream() },
    });

  it('instances of one stack share a budget; stacks with their own EVENT_STREAM_PREFIX on one Redis do not', async () => {
    const stackA = `mc:stream:${randomUUID()}:`;
    const runtimes = [
      await runtimeWith(stackA),
      await runtimeWith(stackA),
      await runtimeWith(`mc:stream:${randomUUID()}:`),
    ];
    const [a1, a2, b] = runtimes;
    try {
      const rule = { name: 'per-stack', limit: 1, windowSeconds: 60 };
      expect((await a1.rateLimiter.hit(rule, 'same-key')).allowed).toBe(true);
      expect((await a2.rateLimiter.hit(rule, 'same-key')).allowed).toBe(false);
      expect((await b.rateLimiter.hit(rule, 'same-key')).allowed).toBe(true);
    } finally {
      for (const runtime of runtimes) await stopRuntime(runtime);
    }
  });
});
