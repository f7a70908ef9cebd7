import { describe, expect, it } from 'vitest';
import { type KeyValueStore, Outbox, type OutboxEntry, type SendOutcome } from './outbox.ts';

class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

/** A server that dedupes by client message id, like chat's sendMessage. */
function fakeServer() {
  const stored = new Map<string, string>();
  const calls: string[] = [];
  return {
    stored,
    calls,
    send: async (entry: OutboxEntry): Promise<SendOutcome> => {
      calls.push(entry.clientMessageId);
      if (!stored.has(entry.clientMessageId)) stored.set(entry.clientMessageId, entry.text);
      return { kind: 'sent' };
    },
  };
}

describe('outbox', () => {
  it('keeps messages typed offline, with their ids, across a reload, and sends each once when back', async () => {
    const store = new MemoryStore();
    const offline = new Outbox(store);
    const first = offline.add('s1', 'one');
    const second = offline.add('s1', 'two');
    const down = await offline.flush(async () => ({ kind: 'network' }));
    expect(down).toMatchObject({ sent: 0, waiting: 2 });

    // "Reload": a new outbox over the same storage sees the same entries and ids.
    const reloaded = new Outbox(store);
    expect(reloaded.entries().map((e) => [e.clientMessageId, e.text])).toEqual([
      [first.clientMessageId, 'one'],
      [second.clientMessageId, 'two'],
    ]);
    const server = fakeServer();
    expect(await reloaded.flush(server.send)).toMatchObject({ sent: 2, waiting: 0 });
    expect([...server.stored.values()]).toEqual(['one', 'two']);
    expect(reloaded.entries()).toEqual([]);
    expect(await reloaded.flush(server.send)).toMatchObject({ sent: 0 });
    expect(server.calls).toHaveLength(2);
  });

  it('retries a send whose answer was lost with the same id (the server keeps one message)', async () => {
    const outbox = new Outbox(new MemoryStore());
    const entry = outbox.add('s1', 'hello');
    const server = fakeServer();
    // The request reached the server, the answer never came back.
    await outbox.flush(async (e) => {
      await server.send(e);
      throw new TypeError('Failed to fetch');
    });
    expect(outbox.entries()).toHaveLength(1);
    await outbox.flush(server.send);
    expect(server.calls).toEqual([entry.clientMessageId, entry.clientMessageId]);
    expect(server.stored.size).toBe(1);
    expect(outbox.entries()).toEqual([]);
  });

  it('keeps order: stops at the first failure, later messages wait behind it', async () => {
    const outbox = new Outbox(new MemoryStore());
    outbox.add('s1', 'a');
    outbox.add('s1', 'b');
    const sent: string[] = [];
    let fail = true;
    const send = async (e: OutboxEntry): Promise<SendOutcome> => {
      if (fail) return { kind: 'network' };
      sent.push(e.text);
      return { kind: 'sent' };
    };
    await outbox.flush(send);
    expect(sent).toEqual([]);
    fail = false;
    await outbox.flush(send);
    expect(sent).toEqual(['a', 'b']);
  });

  it('keeps a refused message visible with its error and does not retry it; waits out a rate limit', async () => {
    const outbox = new Outbox(new MemoryStore());
    outbox.add('s1', 'x'.repeat(5000));
    outbox.add('s1', 'ok');
    const result = await outbox.flush(async (e) =>
      e.text === 'ok' ? { kind: 'retry-later', afterMs: 3000 } : { kind: 'refused', code: 'MESSAGE_TOO_LONG' },
    );
    expect(result).toEqual({ sent: 0, refused: 1, waiting: 1, retryAfterMs: 3000 });
    expect(outbox.entries().map((e) => e.error ?? null)).toEqual(['MESSAGE_TOO_LONG', null]);
    const again: string[] = [];
    await outbox.flush(async (e) => {
      again.push(e.text);
      return { kind: 'sent' };
    });
    expect(again).toEqual(['ok']);
  });

  it('runs one flush at a time: concurrent triggers (reconnect + send) do not send twice', async () => {
    const outbox = new Outbox(new MemoryStore());
    outbox.add('s1', 'once');
    let calls = 0;
    const send = async (): Promise<SendOutcome> => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { kind: 'sent' };
    };
    await Promise.all([outbox.flush(send), outbox.flush(send), outbox.flush(send)]);
    expect(calls).toBe(1);
  });

  it('skips an entry removed while flushing (its message arrived over the subscription)', async () => {
    const outbox = new Outbox(new MemoryStore());
    outbox.add('s1', 'a');
    const b = outbox.add('s1', 'b');
    const sent: string[] = [];
    await outbox.flush(async (e) => {
      sent.push(e.text);
      outbox.remove(b.clientMessageId);
      return { kind: 'sent' };
    });
    expect(sent).toEqual(['a']);
  });

  it('survives corrupt storage and lists entries per session', () => {
    const store = new MemoryStore();
    store.setItem('mc.h5.outbox', '{not json');
    const outbox = new Outbox(store);
    expect(outbox.entries()).toEqual([]);
    outbox.add('s1', 'a');
    outbox.add('s2', 'b');
    expect(outbox.entries('s2').map((e) => e.text)).toEqual(['b']);
  });
});

describe('outbox sign-out', () => {
  it('clears every entry', () => {
    const outbox = new Outbox(new MemoryStore());
    outbox.add('s1', 'a');
    outbox.clear();
    expect(outbox.entries()).toEqual([]);
  });
});
