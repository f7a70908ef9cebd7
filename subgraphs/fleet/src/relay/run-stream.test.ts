import { describe, expect, it } from 'vitest';
import { type Part, RunStream } from './run-stream.ts';

/** A writer that records each batch and can be held, to play a slow transaction. */
function recorder() {
  const batches: Part[][] = [];
  let release: () => void = () => {};
  let held: Promise<void> | null = null;
  return {
    batches,
    hold() {
      held = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
    write: async (parts: Part[]) => {
      batches.push(parts);
      if (held) {
        const wait = held;
        held = null;
        await wait;
      }
    },
  };
}

const brief = (parts: Part[]) => parts.map((part) => `${part.part}#${part.sequence}:${part.text}`);

describe('RunStream', () => {
  it('writes the parts that arrive together (a delta and the final) in one batch, in order', async () => {
    const writer = recorder();
    const stream = new RunStream(writer.write);
    stream.delta('Hel', 'Hel');
    stream.delta('Hello', 'lo');
    await stream.final('Hello');
    expect(writer.batches.map(brief)).toEqual([['delta#1:Hel', 'delta#2:lo', 'final#3:Hello']]);
  });

  it('parts that arrive while a write is in flight go, in order, in the next one', async () => {
    const writer = recorder();
    const stream = new RunStream(writer.write);
    writer.hold();
    stream.delta('a', 'a');
    await expect.poll(() => writer.batches.length).toBe(1);
    stream.delta('ab', 'b');
    stream.delta('abc', 'c');
    stream.end({ part: 'error', text: 'the agent failed', code: 'AGENT_ERROR' });
    stream.delta('abcd', 'd');
    // Nothing more is written until the first write is done: the order on the stream is the order of parts.
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.batches).toHaveLength(1);
    writer.release();
    await stream.flushed();
    expect(writer.batches.map(brief)).toEqual([['delta#1:a'], ['delta#2:b', 'delta#3:c', 'error#4:the agent failed']]);
  });

  it('passes on only new text after a run is sent again, and nothing more once a retry diverges', async () => {
    const writer = recorder();
    const stream = new RunStream(writer.write);
    stream.delta('Once upon', 'Once upon');
    await new Promise((resolve) => setImmediate(resolve));
    // The resent run's text so far starts with what was passed on: only the rest is passed on.
    stream.delta('Once upon a time', 'Once upon a time');
    stream.delta('Once upon a time', '');
    // A retry whose text diverges from what the reader has streams nothing more.
    stream.delta('Twice', 'Twice');
    stream.delta('Twice upon', ' upon');
    await stream.final('Twice upon a time');
    expect(writer.batches.flat().map((part) => `${part.part}#${part.sequence}:${part.text}`)).toEqual([
      'delta#1:Once upon',
      'delta#2: a time',
      'final#3:Twice upon a time',
    ]);
  });

  it('a failed write fails the stream (the job is retried) and writes nothing after it', async () => {
    const batches: Part[][] = [];
    const stream = new RunStream(async (parts) => {
      batches.push(parts);
      throw new Error('database down');
    });
    stream.delta('a', 'a');
    await expect(stream.flushed()).rejects.toThrow('database down');
    stream.delta('ab', 'b');
    await expect(stream.final('ab')).rejects.toThrow('database down');
    expect(batches.map(brief)).toEqual([['delta#1:a']]);
  });
});
