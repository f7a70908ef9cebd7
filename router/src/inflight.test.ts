import { describe, expect, it } from 'vitest';
import { InFlight } from './inflight.ts';

describe('InFlight', () => {
  it('runs identical concurrent calls once and gives each caller its own copy', async () => {
    const inFlight = new InFlight<{ data: { n: number } }>();
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const call = async () => {
      calls += 1;
      await gate;
      return { data: { n: 1 } };
    };
    const results = [inFlight.run('a', call), inFlight.run('a', call), inFlight.run('b', call)];
    expect(inFlight.size).toBe(2);
    release();
    const [first, second, other] = await Promise.all(results);
    expect(calls).toBe(2);
    expect(first).toEqual({ data: { n: 1 } });
    expect(first).not.toBe(second);
    first.data.n = 2;
    expect(second.data.n).toBe(1);
    expect(other.data.n).toBe(1);
    expect(inFlight.size).toBe(0);
  });

  it('copies only for callers who joined: a call nobody joined keeps its original answer', async () => {
    let copies = 0;
    const inFlight = new InFlight<{ n: number }>((value) => {
      copies += 1;
      return { ...value };
    });
    const original = { n: 1 };
    expect(await inFlight.run('alone', async () => original)).toBe(original);
    expect(copies).toBe(0);
    const shared = { n: 2 };
    const [first, second, third] = await Promise.all([
      inFlight.run('burst', async () => shared),
      inFlight.run('burst', async () => shared),
      inFlight.run('burst', async () => shared),
    ]);
    expect(copies).toBe(2);
    expect(new Set([first, second, third]).size).toBe(3);
    expect([first, second, third]).toContain(shared);
  });

  it('does not keep failures: the next call tries again', async () => {
    const inFlight = new InFlight<number>();
    await expect(inFlight.run('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await inFlight.run('k', async () => 42)).toBe(42);
  });
});
