/** Exponential backoff with jitter for reconnects and retries. */
export function backoffDelay(
  attempt: number,
  { baseMs = 500, maxMs = 15_000, jitter = 0.3 }: { baseMs?: number; maxMs?: number; jitter?: number } = {},
  random: () => number = Math.random,
): number {
  const exact = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exact * (1 - jitter + 2 * jitter * random()));
}
