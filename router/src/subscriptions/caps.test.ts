import { describe, expect, it } from 'vitest';
import { SubscriptionCaps } from './caps.ts';

describe('subscription caps', () => {
  it('refuses beyond the per-connection and per-identity limits and frees places on release', () => {
    const caps = new SubscriptionCaps({ perConnection: 2, perIdentity: 3 });
    const one = { subscriptions: 0 };
    const two = { subscriptions: 0 };
    const a = caps.reserve(one, 'user:u');
    const b = caps.reserve(one, 'user:u');
    expect(caps.reserve(one, 'user:u')).toEqual({ ok: false, reason: 'connection' });
    const c = caps.reserve(two, 'user:u');
    expect(caps.reserve(two, 'user:u')).toEqual({ ok: false, reason: 'identity' });
    expect(caps.reserve(two, 'user:other').ok).toBe(true);
    expect(caps.count('user:u')).toBe(3);

    if (!a.ok || !b.ok || !c.ok) throw new Error('expected reservations');
    a.release();
    a.release();
    expect(caps.count('user:u')).toBe(2);
    expect(one.subscriptions).toBe(1);
    expect(caps.reserve(one, 'user:u').ok).toBe(true);
  });

  it('counts anonymous callers per connection only', () => {
    const caps = new SubscriptionCaps({ perConnection: 1, perIdentity: 1 });
    expect(caps.reserve({ subscriptions: 0 }, null).ok).toBe(true);
    expect(caps.reserve({ subscriptions: 0 }, null).ok).toBe(true);
  });
});
