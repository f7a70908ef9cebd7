/** PartitionLanes: per-partition order, the concurrency bound, read-ahead and idle. */
import { describe, expect, it } from 'vitest';
import { PartitionLanes } from '../src/partition-lanes.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PartitionLanes', () => {
  it('keeps each partition in order, runs partitions side by side up to the bound, and goes on after a throw', async () => {
    const done: string[] = [];
    let running = 0;
    let most = 0;
    const lanes = new PartitionLanes<string>({
      partitionOf: (item) => item[0],
      concurrency: 2,
      readAhead: 100,
      handle: async (item) => {
        running += 1;
        most = Math.max(most, running);
        await sleep(item === 'a1' ? 30 : 5);
        running -= 1;
        if (item === 'b1') throw new Error('handler failure');
        done.push(item);
      },
    });
    for (const item of ['a1', 'a2', 'b1', 'b2', 'c1', 'c2']) lanes.add(item);
    await lanes.idle();
    expect(most).toBe(2);
    expect(done.filter((item) => item[0] === 'a')).toEqual(['a1', 'a2']);
    expect(done.filter((item) => item[0] === 'c')).toEqual(['c1', 'c2']);
    expect(done).toContain('b2');
    // a1 is slow: b's and c's items finish before a2 does.
    expect(done.indexOf('c2')).toBeLessThan(done.indexOf('a2'));
  });

  it('holds at most `readAhead` items: room() waits until one is handled', async () => {
    const releases: (() => void)[] = [];
    const lanes = new PartitionLanes<number>({
      partitionOf: String,
      concurrency: 4,
      readAhead: 2,
      handle: () => new Promise<void>((resolve) => releases.push(resolve)),
    });
    lanes.add(1);
    lanes.add(2);
    expect(lanes.free).toBe(0);
    let roomy = false;
    const room = lanes.room().then(() => {
      roomy = true;
    });
    await sleep(10);
    expect(roomy).toBe(false);
    releases.shift()?.();
    await room;
    expect(lanes.free).toBe(1);
    releases.shift()?.();
    await lanes.idle();
    expect(lanes.free).toBe(2);
  });
});
