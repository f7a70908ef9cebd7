import { type ExecutionResult, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { UpstreamEvent } from '../plan-executor.ts';
import { FANOUT_BATCH, SharedStream, type StreamListener } from './shared-stream.ts';
import { UpstreamFailure, type UpstreamSink } from './upstream.ts';

function recorder() {
  const seen: (ExecutionResult | string)[] = [];
  const listener: StreamListener = {
    next: (result) => seen.push(result),
    fail: (errors) => seen.push(`fail:${errors[0].message}`),
    end: () => seen.push('end'),
  };
  return { seen, listener };
}

function harness(complete: (event: UpstreamEvent) => Promise<ExecutionResult>, options: { replays?: boolean } = {}) {
  const state = { opens: 0, closes: 0, closed: 0, sink: null as UpstreamSink | null, completions: 0 };
  const stream = new SharedStream({
    open: (sink) => {
      state.opens += 1;
      state.sink = sink;
      return () => {
        state.closes += 1;
      };
    },
    complete: (event) => {
      state.completions += 1;
      return complete(event);
    },
    onClosed: () => {
      state.closed += 1;
    },
    ...options,
  });
  return { stream, state };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('shared stream', () => {
  it('opens one upstream, completes each event once for all listeners, closes with the last', async () => {
    const { stream, state } = harness(async (event) => ({ data: event.data }));
    const a = recorder();
    const b = recorder();
    const leaveA = stream.add(a.listener);
    const leaveB = stream.add(b.listener);
    expect(state.opens).toBe(1);
    state.sink?.next({ data: { n: 1 } });
    await tick();
    expect(state.completions).toBe(1);
    expect(a.seen).toEqual([{ data: { n: 1 } }]);
    expect(b.seen).toEqual(a.seen);
    leaveA();
    expect(state.closes).toBe(0);
    leaveB();
    expect(state.closes).toBe(1);
    expect(state.closed).toBe(1);
  });

  it('delivers in upstream order even when completions finish out of order', async () => {
    const { stream, state } = harness(
      (event) =>
        new Promise((resolve) => setTimeout(() => resolve({ data: event.data }), (event.data?.delay as number) ?? 0)),
    );
    const a = recorder();
    stream.add(a.listener);
    state.sink?.next({ data: { n: 1, delay: 30 } });
    state.sink?.next({ data: { n: 2, delay: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(a.seen.map((result) => (result as ExecutionResult).data?.n)).toEqual([1, 2]);
  });

  it('ends every listener after pending events when the upstream fails', async () => {
    const { stream, state } = harness(async (event) => ({ data: event.data }));
    const a = recorder();
    stream.add(a.listener);
    state.sink?.next({ data: { n: 1 } });
    state.sink?.error(new UpstreamFailure([new GraphQLError('closed')]));
    await tick();
    expect(a.seen).toEqual([{ data: { n: 1 } }, 'fail:closed']);
    expect(state.closed).toBe(1);
    expect(() => stream.add(recorder().listener)).toThrow();
  });

  it('turns a failed completion into an error result and goes on', async () => {
    let calls = 0;
    const { stream, state } = harness(async (event) => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return { data: event.data };
    });
    const a = recorder();
    stream.add(a.listener);
    state.sink?.next({ data: { n: 1 } });
    state.sink?.next({ data: { n: 2 } });
    await tick();
    expect(a.seen).toEqual([
      { data: null, errors: [expect.objectContaining({ message: 'Internal server error' })] },
      { data: { n: 2 } },
    ]);
  });

  it('lets the event loop run between batches of a large fan-out, and keeps events in order', async () => {
    const { stream, state } = harness(async (event) => ({ data: event.data }));
    const listeners = Array.from({ length: FANOUT_BATCH * 2 + 1 }, () => {
      const listener = recorder();
      stream.add(listener.listener);
      return listener;
    });
    state.sink?.next({ data: { n: 1 } });
    state.sink?.next({ data: { n: 2 } });
    // Turns of the event loop while event 1 is going out: it is never written to everyone at once.
    const seenAtTurns: number[] = [];
    while (!listeners.every((listener) => listener.seen.length === 2)) {
      await new Promise((resolve) => setImmediate(resolve));
      seenAtTurns.push(listeners.filter((listener) => listener.seen.length > 0).length);
    }
    expect(seenAtTurns).toContain(FANOUT_BATCH);
    expect(seenAtTurns).toContain(FANOUT_BATCH * 2);
    for (const listener of listeners) {
      expect(listener.seen.map((result) => (result as ExecutionResult).data?.n)).toEqual([1, 2]);
    }
  });

  it('can be joined after its first event only when it does not replay (a resume cursor)', async () => {
    for (const replays of [false, true]) {
      const { stream, state } = harness(async (event) => ({ data: event.data }), { replays });
      stream.add(recorder().listener);
      expect(stream.joinable).toBe(true);
      state.sink?.next({ data: { n: 1 } });
      expect(stream.joinable).toBe(!replays);
    }
  });
});
