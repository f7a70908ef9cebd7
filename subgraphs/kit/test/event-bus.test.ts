/** One contract suite, run against both event bus implementations. */
import { randomUUID } from 'node:crypto';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defineTopic, type EventBus, MemoryEventBus, RedisEventBus } from '../src/events.ts';

const buses: [string, () => EventBus][] = [
  ['memory', () => new MemoryEventBus()],
  ['redis', () => new RedisEventBus(inject('redisUrl'))],
];

const nextTick = (ms = 50) => new Promise((done) => setTimeout(done, ms));

describe.each(buses)('event bus contract: %s', (_kind, create) => {
  let bus: EventBus;
  beforeAll(() => {
    bus = create();
  });
  afterAll(() => bus.close());

  const topic = () => defineTopic<{ n: number; at?: Date | string }>('test', `event-${randomUUID()}`);

  it('delivers what is published after subscribe resolves, in order, as JSON', async () => {
    const t = topic();
    const seen: unknown[] = [];
    const unsubscribe = await bus.subscribe(t, (payload) => seen.push(payload));
    const at = new Date('2026-01-02T03:04:05.000Z');
    for (let n = 0; n < 5; n++) await bus.publish(t, { n, at });
    await expect.poll(() => seen.length).toBe(5);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((n) => ({ n, at: at.toISOString() })));
    await unsubscribe();
  });

  it('fans out to every subscriber and stops after unsubscribe', async () => {
    const t = topic();
    const a: number[] = [];
    const b: number[] = [];
    const offA = await bus.subscribe(t, (p) => a.push(p.n));
    const offB = await bus.subscribe(t, (p) => b.push(p.n));
    await bus.publish(t, { n: 1 });
    await expect.poll(() => a.length + b.length).toBe(2);
    await offA();
    await bus.publish(t, { n: 2 });
    await expect.poll(() => b.length).toBe(2);
    await nextTick();
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    await offB();
  });

  it('keeps topics apart', async () => {
    const t1 = topic();
    const t2 = topic();
    const seen: number[] = [];
    const off = await bus.subscribe(t1, (p) => seen.push(p.n));
    await bus.publish(t2, { n: 9 });
    await bus.publish(t1, { n: 1 });
    await expect.poll(() => seen.length).toBe(1);
    await nextTick();
    expect(seen).toEqual([1]);
    await off();
  });

  it('iterates a topic and ends the iterator on return()', async () => {
    const t = topic();
    const iterator = await bus.iterate(t);
    await bus.publish(t, { n: 1 });
    await bus.publish(t, { n: 2 });
    expect((await iterator.next()).value).toEqual({ n: 1 });
    expect((await iterator.next()).value).toEqual({ n: 2 });
    const pending = iterator.next();
    await iterator.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it('ends an iterator whose consumer falls behind its buffer and says so', async () => {
    const t = topic();
    const iterator = await bus.iterate(t, { bufferSize: 3 });
    for (let n = 0; n < 5; n++) await bus.publish(t, { n });
    await expect.poll(() => iterator.overflowed).toBe(true);
    const drained: number[] = [];
    for await (const event of iterator) drained.push(event.n);
    expect(drained).toEqual([0, 1, 2]);
  });

  it('prefixes channels with mc:<subgraph>:', () => {
    expect(defineTopic('work', 'taskMoved').channel).toBe('mc:work:taskMoved');
    expect(defineTopic('work', 'taskMoved', 'b1').channel).toBe('mc:work:taskMoved:b1');
  });
});

describe('redis event bus on a slow connection handshake', () => {
  /**
   * A loopback TCP proxy in front of the real Redis that holds back Redis's answers on every new
   * connection for `delayMs`: the client sees the socket open (ioredis status `connect`) long before
   * its handshake ends (status `ready`).
   */
  function slowHandshakeProxy(target: URL, delayMs: number, options: { everyAnswer?: boolean } = {}) {
    const sockets = new Set<Socket>();
    let accepted = 0;
    const server = createServer((client) => {
      accepted += 1;
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      if (options.everyAnswer) {
        upstream.on('data', (chunk: Buffer) => setTimeout(() => client.write(chunk), delayMs));
      } else {
        setTimeout(() => upstream.pipe(client), delayMs);
      }
    });
    return {
      listen: () =>
        new Promise<number>((done) =>
          server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)),
        ),
      accepted: () => accepted,
      close: () => {
        for (const socket of sockets) socket.destroy();
        server.close();
      },
    };
  }

  it('delivers what is published right after a subscribe made while the connection was still in its handshake', async () => {
    const redisUrl = new URL(inject('redisUrl'));
    const proxy = slowHandshakeProxy(redisUrl, 300);
    const port = await proxy.listen();
    const bus = new RedisEventBus(`redis://127.0.0.1:${port}`);
    try {
      // Publisher and subscriber connections are open, their handshakes held back by the proxy.
      await expect.poll(proxy.accepted).toBe(2);
      await nextTick(50);
      const t = defineTopic<{ n: number }>('test', `handshake-${randomUUID()}`);
      const seen: number[] = [];
      const off = await bus.subscribe(t, (payload) => seen.push(payload.n));
      await bus.publish(t, { n: 1 });
      await expect.poll(() => seen, { timeout: 3_000 }).toEqual([1]);
      // The subscription is still the first connection's: nothing was dropped and re-made.
      expect(proxy.accepted()).toBe(2);
      await off();
    } finally {
      await bus.close();
      proxy.close();
    }
  });

  it('hands a publish to this process’s subscribers at once, and drops the copy Redis sends back', async () => {
    const redisUrl = new URL(inject('redisUrl'));
    const proxy = slowHandshakeProxy(redisUrl, 300, { everyAnswer: true });
    const port = await proxy.listen();
    const bus = new RedisEventBus(`redis://127.0.0.1:${port}`);
    try {
      const t = defineTopic<{ n: number }>('test', `local-${randomUUID()}`);
      const seen: number[] = [];
      const off = await bus.subscribe(t, (payload) => seen.push(payload.n));
      let published = false;
      const publishing = bus.publish(t, { n: 1 }).then(() => {
        published = true;
      });
      // Redis answers 300 ms late: the subscriber has it before the publish is even acknowledged.
      await expect.poll(() => seen, { timeout: 200 }).toEqual([1]);
      expect(published).toBe(false);
      await publishing;
      await nextTick(600);
      expect(seen).toEqual([1]);
      await off();
    } finally {
      await bus.close();
      proxy.close();
    }
  });
});

describe('redis event bus across processes', () => {
  it('delivers every publish once to every instance, also publishes with the same text', async () => {
    const [a, b] = [new RedisEventBus(inject('redisUrl')), new RedisEventBus(inject('redisUrl'))];
    try {
      const t = defineTopic<{ n: number }>('test', `instances-${randomUUID()}`);
      const seen = { a: [] as number[], b: [] as number[], a2: [] as number[] };
      const offs = [
        await a.subscribe(t, (payload) => seen.a.push(payload.n)),
        await a.subscribe(t, (payload) => seen.a2.push(payload.n)),
        await b.subscribe(t, (payload) => seen.b.push(payload.n)),
      ];
      await Promise.all([
        a.publish(t, { n: 1 }),
        b.publish(t, { n: 2 }),
        a.publish(t, { n: 3 }),
        a.publish(t, { n: 3 }),
        b.publish(t, { n: 3 }),
      ]);
      const expected = [1, 2, 3, 3, 3];
      const sorted = (list: number[]) => [...list].sort();
      await expect.poll(() => [seen.a, seen.a2, seen.b].map(sorted)).toEqual([expected, expected, expected]);
      // One instance's publishes reach it in the order they were made.
      expect(seen.a.filter((n) => n !== 2).slice(0, 2)).toEqual([1, 3]);
      await nextTick(200);
      expect([seen.a, seen.a2, seen.b].map(sorted)).toEqual([expected, expected, expected]);
      // After the last local subscriber left, the instance's publishes still reach the others, once.
      await offs[0]();
      await offs[1]();
      await a.publish(t, { n: 4 });
      await expect.poll(() => seen.b.length).toBe(6);
      await nextTick(200);
      expect(seen.b.at(-1)).toBe(4);
      expect(seen.a).toHaveLength(5);
      await offs[2]();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
