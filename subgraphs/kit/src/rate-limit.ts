/**
 * Fixed-window rate limiting keyed by caller (ip, email…). Redis in production so every instance
 * shares the count; in-memory for the embedded single process. Both pass one contract suite.
 */
import { Redis } from 'ioredis';
import { DomainError, ErrorCode } from './errors.ts';

export interface RateLimitRule {
  /** Bucket name, e.g. `h5-login`. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(rule: RateLimitRule, key: string): Promise<RateLimitResult>;
  close(): Promise<void>;
}

/** Counts a hit and throws a typed RATE_LIMITED error when the caller is over the limit. */
export async function enforceRateLimit(limiter: RateLimiter, rule: RateLimitRule, key: string): Promise<void> {
  const result = await limiter.hit(rule, key);
  if (!result.allowed) {
    throw new DomainError(ErrorCode.RATE_LIMITED, `Too many attempts; retry in ${result.retryAfterSeconds}s`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}

/**
 * The bucket of a network address: an IPv4 address as is, an IPv6 address by its /64 (one host
 * usually holds a whole /64, so per-address IPv6 buckets would be free to multiply).
 */
export function addressRateLimitKey(address: string): string {
  if (!address.includes(':')) return address;
  const [head, tail] = address.toLowerCase().split('::');
  const front = head ? head.split(':') : [];
  const back = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = [...front, ...Array(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  async hit(rule: RateLimitRule, key: string): Promise<RateLimitResult> {
    const now = this.now();
    const id = `${rule.name}:${key}`;
    let window = this.windows.get(id);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + rule.windowSeconds * 1000 };
      this.windows.set(id, window);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    window.count += 1;
    return toResult(rule, window.count, window.resetAt - now);
  }

  private sweep(now: number) {
    for (const [id, window] of this.windows) if (window.resetAt <= now) this.windows.delete(id);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(url: string, prefix: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.prefix = prefix;
  }

  async hit(rule: RateLimitRule, key: string): Promise<RateLimitResult> {
    const id = `${this.prefix}ratelimit:${rule.name}:${key}`;
    const [[, count], , [, ttl]] = (await this.redis
      .multi()
      .incr(id)
      .pexpire(id, rule.windowSeconds * 1000, 'NX')
      .pttl(id)
      .exec()) as [[null, number], [null, number], [null, number]];
    return toResult(rule, count, ttl > 0 ? ttl : rule.windowSeconds * 1000);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

function toResult(rule: RateLimitRule, count: number, msLeft: number): RateLimitResult {
  return {
    allowed: count <= rule.limit,
    remaining: Math.max(0, rule.limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)),
  };
}

export function createRateLimiter(redisUrl: string | undefined, prefix: string): RateLimiter {
  return redisUrl ? new RedisRateLimiter(redisUrl, prefix) : new MemoryRateLimiter();
}
