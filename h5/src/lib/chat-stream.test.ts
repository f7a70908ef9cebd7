import { describe, expect, it } from 'vitest';
import { once, streamStep } from './chat-stream.ts';
import { mergeMessages, type TimelineMessage } from './timeline.ts';

const message = (sequence: number): TimelineMessage => ({
  id: `m${sequence}`,
  sequence,
  author: 'AGENT',
  text: `text ${sequence}`,
  status: 'SENT',
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
});

describe('chatEvents results', () => {
  it('shows events, resyncs on RESYNC_REQUIRED and stops on other codes', () => {
    const event = { type: 'MESSAGE_CREATED', sequence: 4 };
    expect(streamStep({ data: { chatEvents: event } })).toEqual({ kind: 'event', event });
    const error = (code: string) => ({ data: null, errors: [{ extensions: { code } }] });
    expect(streamStep(error('RESYNC_REQUIRED'))).toEqual({ kind: 'resync' });
    expect(streamStep(error('ASSIGNMENT_NOT_FOUND'))).toEqual({ kind: 'stop', code: 'ASSIGNMENT_NOT_FOUND' });
    expect(streamStep({ errors: [{}] })).toEqual({ kind: 'stop', code: 'UNKNOWN' });
  });

  it('a reloaded page merged into what is shown keeps every message once', () => {
    const shown = mergeMessages([], [message(1), message(2), message(3)]);
    const reloaded = [message(5), message(4), message(3), message(2)];
    expect(mergeMessages(shown, reloaded).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('runs one resync at a time', async () => {
    let runs = 0;
    let finish: () => void = () => {};
    const resync = once(async () => {
      runs++;
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    const first = resync();
    const second = resync();
    expect(runs).toBe(1);
    finish();
    await Promise.all([first, second]);
    const third = resync();
    expect(runs).toBe(2);
    finish();
    await third;
  });
});
