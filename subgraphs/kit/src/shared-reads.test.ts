import { describe, expect, it } from 'vitest';
import { shareReads } from './shared-reads.ts';

describe('shareReads', () => {
  it('answers the calls of one key in one turn with one load, in call order', async () => {
    const loads: [string, number[]][] = [];
    const read = shareReads(async (key: string, args: readonly number[]) => {
      loads.push([key, [...args]]);
      return args.map((arg) => `${key}:${arg}`);
    });
    const answers = await Promise.all([read('a', 1), read('b', 2), read('a', 3)]);
    expect(answers).toEqual(['a:1', 'b:2', 'a:3']);
    expect(loads).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);

    // A call after that turn gets a load of its own: nothing is kept.
    expect(await read('a', 4)).toBe('a:4');
    expect(loads).toHaveLength(3);
  });

  it('shares calls made after different numbers of promise steps within one turn', async () => {
    let loads = 0;
    const read = shareReads(async (_key: string, args: readonly number[]) => {
      loads += 1;
      return args;
    });
    const late = async () => {
      for (let step = 0; step < 20; step += 1) await Promise.resolve();
      return read('k', 2);
    };
    expect(await Promise.all([read('k', 1), late()])).toEqual([1, 2]);
    expect(loads).toBe(1);
  });

  it('fails every call that shared a load that failed, and only those', async () => {
    const read = shareReads(async (key: string, args: readonly number[]) => {
      if (key === 'bad') throw new Error('database went away');
      return args;
    });
    const results = await Promise.allSettled([read('bad', 1), read('good', 2), read('bad', 3)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('database went away');
    expect((results[1] as PromiseFulfilledResult<number>).value).toBe(2);
  });

  it('fails the calls of a load that throws before returning a promise, and keeps serving', async () => {
    let broken = true;
    const read = shareReads((_key: string, args: readonly number[]) => {
      if (broken) throw new Error('no connection');
      return Promise.resolve(args);
    });
    await expect(read('k', 1)).rejects.toThrow('no connection');
    broken = false;
    expect(await read('k', 2)).toBe(2);
  });

  it('fails the calls of a load that answers the wrong number of values instead of answering some wrongly', async () => {
    const read = shareReads(async (_key: string, args: readonly number[]) => args.slice(1));
    const results = await Promise.allSettled([read('k', 1), read('k', 2)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/answered 1 values for 2 calls/);
  });
});
