/**
 * A session's timeline: stored messages by sequence (history pages, subscription events and send
 * acknowledgements all merge here; a message seen twice is kept once, its newest state wins), the
 * outbox entries the server has not confirmed yet, and the reply being streamed.
 */
import type { OutboxEntry } from './outbox.ts';

export interface TimelineMessage {
  id: string;
  sequence: number;
  author: 'H5_USER' | 'AGENT';
  text: string;
  status: 'PENDING' | 'SENT' | 'FAILED';
  clientMessageId?: string | null;
  runId?: string | null;
  error?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Merges `incoming` into `current` (sorted by sequence): one entry per message id, the later update wins. */
export function mergeMessages(current: readonly TimelineMessage[], incoming: readonly TimelineMessage[]) {
  const byId = new Map(current.map((message) => [message.id, message]));
  let changed = false;
  for (const message of incoming) {
    const known = byId.get(message.id);
    if (known && known.updatedAt >= message.updatedAt && known.status === message.status) continue;
    if (known && known.updatedAt > message.updatedAt) continue;
    byId.set(message.id, message);
    changed = true;
  }
  if (!changed) return current as TimelineMessage[];
  return [...byId.values()].sort((a, b) => a.sequence - b.sequence);
}

/** The highest sequence the client holds without a gap from `from` (what to resume `after`). */
export function contiguousSequence(from: number, sequences: Iterable<number>): number {
  const seen = new Set(sequences);
  let last = from;
  while (seen.has(last + 1)) last++;
  return last;
}

export interface TimelineItem {
  key: string;
  author: 'H5_USER' | 'AGENT';
  text: string;
  at: string;
  /** `QUEUED` for outbox entries not yet confirmed by the server; `STREAMING` for a reply in progress. */
  status: TimelineMessage['status'] | 'QUEUED' | 'STREAMING';
  error?: string | null;
}

/**
 * What the chat window shows: stored messages, then outbox entries whose message the server has not
 * returned yet (matched by client message id: never shown twice), then the streamed reply.
 */
export function timelineItems(
  messages: readonly TimelineMessage[],
  outbox: readonly OutboxEntry[],
  streaming: { runId: string; text: string } | null,
): TimelineItem[] {
  const confirmed = new Set(messages.map((message) => message.clientMessageId).filter(Boolean));
  const items: TimelineItem[] = messages.map((message) => ({
    key: message.id,
    author: message.author,
    text: message.text,
    at: message.createdAt,
    status: message.status,
    error: message.error,
  }));
  for (const entry of outbox) {
    if (confirmed.has(entry.clientMessageId)) continue;
    items.push({
      key: entry.clientMessageId,
      author: 'H5_USER',
      text: entry.text,
      at: entry.createdAt,
      status: entry.error ? 'FAILED' : 'QUEUED',
      error: entry.error,
    });
  }
  const replied = streaming && messages.some((message) => message.runId === streaming.runId);
  if (streaming && !replied) {
    items.push({ key: `run:${streaming.runId}`, author: 'AGENT', text: streaming.text, at: '', status: 'STREAMING' });
  }
  return items;
}

/** Deltas of one run, in part order (a delta may arrive twice after a reconnect). */
export function appendDelta(
  current: { runId: string; parts: Map<number, string>; text: string } | null,
  delta: { runId: string; text: string; sequence?: number | null },
) {
  const run = current && current.runId === delta.runId ? current : { runId: delta.runId, parts: new Map(), text: '' };
  const index = delta.sequence ?? run.parts.size;
  if (run.parts.has(index)) return run;
  const parts = new Map(run.parts).set(index, delta.text);
  const text = [...parts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, part]) => part)
    .join('');
  return { runId: run.runId, parts, text };
}
