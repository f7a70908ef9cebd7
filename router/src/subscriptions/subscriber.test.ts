import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Subscriber } from './subscriber.ts';

describe('subscriber', () => {
  it('yields pushed results in order, then ends', async () => {
    const subscriber = new Subscriber(10);
    let cleaned = 0;
    subscriber.onEnd(() => cleaned++);
    const pending = subscriber.next();
    subscriber.listener.next({ data: { n: 1 } });
    subscriber.listener.next({ data: { n: 2 } });
    subscriber.listener.end();
    expect(await pending).toEqual({ value: { data: { n: 1 } }, done: false });
    expect(await subscriber.next()).toEqual({ value: { data: { n: 2 } }, done: false });
    expect(await subscriber.next()).toEqual({ value: undefined, done: true });
    expect(cleaned).toBe(1);
  });

  it('throws the stream failure to the consumer', async () => {
    const subscriber = new Subscriber(10);
    subscriber.listener.fail([new GraphQLError('gone', { extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    await expect(subscriber.next()).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('tells a consumer that fell behind instead of dropping events silently', async () => {
    const subscriber = new Subscriber(2);
    let detached = false;
    subscriber.onEnd(() => {
      detached = true;
    });
    for (let n = 0; n < 3; n++) subscriber.listener.next({ data: { n } });
    expect(detached).toBe(true);
    await expect(subscriber.next()).rejects.toMatchObject({ extensions: { code: 'SLOW_CONSUMER' } });
    expect(await subscriber.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a waiting consumer on return and cleans up once', async () => {
    const subscriber = new Subscriber(2);
    let cleaned = 0;
    subscriber.onEnd(() => cleaned++);
    const pending = subscriber.next();
    await subscriber.return();
    await subscriber.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(cleaned).toBe(1);
    subscriber.listener.next({ data: {} });
    expect(await subscriber.next()).toEqual({ value: undefined, done: true });
  });
});
