import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from './outbox.ts';
import { appendDelta, contiguousSequence, mergeMessages, type TimelineMessage, timelineItems } from './timeline.ts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const message = (sequence: number, over: Partial<TimelineMessage> = {}): TimelineMessage => ({
  id: `m${sequence}`,
  sequence,
  author: 'H5_USER',
  text: `text ${sequence}`,
  status: 'SENT',
  createdAt: at(sequence),
  updatedAt: at(sequence),
  ...over,
});

describe('sequence merge', () => {
  it('orders by sequence and keeps each message once (history page + replay + live overlap)', () => {
    const history = [message(3), message(1), message(2)];
    const replay = [message(2), message(3), message(4)];
    const merged = mergeMessages(mergeMessages([], history), replay);
    expect(merged.map((m) => m.sequence)).toEqual([1, 2, 3, 4]);
  });

  it('applies a later status change and ignores an older copy arriving after it', () => {
    const pending = message(1, { status: 'PENDING' });
    const sent = message(1, { status: 'SENT', updatedAt: at(9) });
    const merged = mergeMessages([pending], [sent]);
    expect(merged[0].status).toBe('SENT');
    expect(mergeMessages(merged, [pending])[0].status).toBe('SENT');
  });

  it('returns the same array when nothing changed (no re-render)', () => {
    const current = [message(1)];
    expect(mergeMessages(current, [message(1)])).toBe(current);
  });

  it('finds the resume point: the last sequence without a gap', () => {
    expect(contiguousSequence(0, [1, 2, 3, 5])).toBe(3);
    expect(contiguousSequence(4, [1, 2])).toBe(4);
  });
});

describe('timeline items', () => {
  const entry = (id: string, text: string): OutboxEntry => ({
    clientMessageId: id,
    sessionId: 's',
    text,
    createdAt: at(50),
    attempts: 1,
  });

  it('shows an outbox entry until the server’s copy with the same client id arrives, never both', () => {
    const queued = [entry('c1', 'offline hello')];
    expect(timelineItems([message(1)], queued, null).map((i) => [i.text, i.status])).toEqual([
      ['text 1', 'SENT'],
      ['offline hello', 'QUEUED'],
    ]);
    const stored = message(2, { clientMessageId: 'c1', text: 'offline hello' });
    expect(timelineItems([message(1), stored], queued, null).map((i) => i.text)).toEqual(['text 1', 'offline hello']);
  });

  it('shows the streamed reply until the stored reply of that run arrives', () => {
    const run = appendDelta(appendDelta(null, { runId: 'r1', text: 'Hel', sequence: 0 }), {
      runId: 'r1',
      text: 'lo',
      sequence: 1,
    });
    expect(timelineItems([], [], run).at(-1)).toMatchObject({ text: 'Hello', status: 'STREAMING' });
    const reply = message(2, { author: 'AGENT', runId: 'r1', text: 'Hello' });
    expect(timelineItems([reply], [], run).map((i) => i.status)).toEqual(['SENT']);
  });

  it('assembles deltas in part order, once each, and starts over for a new run', () => {
    let run = appendDelta(null, { runId: 'r1', text: 'b', sequence: 1 });
    run = appendDelta(run, { runId: 'r1', text: 'a', sequence: 0 });
    run = appendDelta(run, { runId: 'r1', text: 'a', sequence: 0 });
    expect(run.text).toBe('ab');
    expect(appendDelta(run, { runId: 'r2', text: 'new' }).text).toBe('new');
  });
});
