import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { NextOutput } from './next-frames.ts';
import { Subscriber } from './subscriber.ts';

/** A socket stand-in that records what was written and keeps it buffered until flushed. */
function socket() {
  const written: string[] = [];
  let buffered = 0;
  const output: NextOutput = {
    next: (payload) => {
      written.push(payload.toString());
      buffered += payload.length;
    },
    get buffered() {
      return buffered;
    },
  };
  return {
    written,
    output,
    flush: () => {
      buffered = 0;
    },
  };
}

describe('subscriber', () => {
  it('writes each result serialized, then ends the iterator when the stream ends', async () => {
    const sink = socket();
    const subscriber = new Subscriber(10, sink.output);
    let cleaned = 0;
    subscriber.onEnd(() => cleaned++);
    const ended = subscriber.next();
    subscriber.listener.next({ data: { n: 1 } });
    subscriber.listener.next({ data: { n: 2 }, errors: [new GraphQLError('x', { extensions: { code: 'C' } })] });
    subscriber.listener.end();
    expect(await ended).toEqual({ value: undefined, done: true });
    expect(sink.written.map((json) => JSON.parse(json))).toEqual([
      { data: { n: 1 } },
      { data: { n: 2 }, errors: [{ message: 'x', extensions: { code: 'C' } }] },
    ]);
    expect(cleaned).toBe(1);
  });

  it('throws the stream failure to graphql-ws once', async () => {
    const subscriber = new Subscriber(10, socket().output);
    subscriber.listener.fail([new GraphQLError('gone', { extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    await expect(subscriber.next()).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(await subscriber.next()).toEqual({ value: undefined, done: true });
  });

  it('tells a client that fell behind instead of dropping events silently', async () => {
    const sink = socket();
    const subscriber = new Subscriber(2, sink.output);
    let detached = false;
    subscriber.onEnd(() => {
      detached = true;
    });
    subscriber.listener.next({ data: { n: 1 } });
    subscriber.listener.next({ data: { n: 2 } });
    sink.flush();
    subscriber.listener.next({ data: { n: 3 } });
    subscriber.listener.next({ data: { n: 4 } });
    expect(detached).toBe(false);
    subscriber.listener.next({ data: { n: 5 } });
    expect(detached).toBe(true);
    expect(sink.written).toHaveLength(4);
    await expect(subscriber.next()).rejects.toMatchObject({ extensions: { code: 'SLOW_CONSUMER' } });
  });

  it('ends on return (the client completed), cleans up once and writes nothing more', async () => {
    const sink = socket();
    const subscriber = new Subscriber(2, sink.output);
    let cleaned = 0;
    subscriber.onEnd(() => cleaned++);
    const pending = subscriber.next();
    await subscriber.return();
    await subscriber.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(cleaned).toBe(1);
    subscriber.listener.next({ data: {} });
    expect(sink.written).toEqual([]);
  });
});
