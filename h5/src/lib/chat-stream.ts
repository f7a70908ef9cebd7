/**
 * What one `chatEvents` result asks the app to do: show an event; reload the session and subscribe
 * again from its new head (`RESYNC_REQUIRED`: it fell too far behind); or stop following it with a
 * code (`ASSIGNMENT_NOT_FOUND`: unassigned, `SESSION_NOT_FOUND`…) instead of retrying forever.
 */
export type StreamStep<E> = { kind: 'event'; event: E } | { kind: 'resync' } | { kind: 'stop'; code: string };

export interface StreamResult<E> {
  data?: { chatEvents: E } | null;
  errors?: readonly { extensions?: Record<string, unknown> }[];
}

export function streamStep<E>(result: StreamResult<E>): StreamStep<E> {
  if (result.data?.chatEvents) return { kind: 'event', event: result.data.chatEvents };
  const code = String(result.errors?.[0]?.extensions?.code ?? 'UNKNOWN');
  return code === 'RESYNC_REQUIRED' ? { kind: 'resync' } : { kind: 'stop', code };
}

/** Runs `task` once at a time: a resync asked for while one is running is not started twice. */
export function once<A extends unknown[]>(task: (...args: A) => Promise<void>) {
  let running: Promise<void> | null = null;
  return (...args: A): Promise<void> => {
    running ??= task(...args).finally(() => {
      running = null;
    });
    return running;
  };
}
