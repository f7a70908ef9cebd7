/**
 * The chat bench's check of what was stored: every session's history read back through the router, page by
 * page, must hold each message the bench sent exactly once and one reply to each (its run, named after the
 * message); FAILED replies are counted by code.
 */
import { bearer, gql } from '../../../router/test/support/processes.ts';

/** Runs `work` over `items`, `size` at a time, results in order. */
export async function inBatches<T, R>(
  items: T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  }
  return out;
}

export interface StoredCheck {
  storedMissing: number;
  storedDuplicates: number;
  storedRepliesMissing: number;
  storedRepliesDuplicated: number;
  failedReplies: number;
  /** FAILED replies by their code. */
  failures: Map<string, number>;
}

/**
 * Reads every session's history (`token`: its user's) and checks it against the client message ids the
 * bench sent (`<session index>-…`).
 */
export async function checkHistories(
  url: string,
  sessions: { index: number; sessionId: string; token: string }[],
  sentIds: string[],
): Promise<StoredCheck> {
  const check: StoredCheck = {
    storedMissing: 0,
    storedDuplicates: 0,
    storedRepliesMissing: 0,
    storedRepliesDuplicated: 0,
    failedReplies: 0,
    failures: new Map(),
  };
  await inBatches(sessions, 25, async (session) => {
    const texts = new Map<string, number>();
    const messageIds = new Map<string, string>();
    const replies = new Map<string, number>();
    let after: string | null = null;
    for (;;) {
      const page: { body: any } = await gql(
        url,
        `query($id: ID!, $after: String) { chatSession(id: $id) { messages(first: 100, after: $after) {
          nodes { id author clientMessageId runId status error } pageInfo { hasNextPage endCursor } } } }`,
        { id: session.sessionId, after },
        bearer(session.token),
      );
      const messages = page.body.data.chatSession.messages;
      for (const node of messages.nodes) {
        if (node.author === 'H5_USER') {
          texts.set(node.clientMessageId, (texts.get(node.clientMessageId) ?? 0) + 1);
          messageIds.set(node.clientMessageId, node.id);
        } else if (node.author === 'AGENT' && node.runId) {
          replies.set(node.runId, (replies.get(node.runId) ?? 0) + 1);
          if (node.status === 'FAILED') {
            check.failedReplies++;
            const code = String(node.error ?? 'unknown');
            check.failures.set(code, (check.failures.get(code) ?? 0) + 1);
          }
        }
      }
      if (!messages.pageInfo.hasNextPage) break;
      after = messages.pageInfo.endCursor;
    }
    for (const id of sentIds) {
      if (!id.startsWith(`${session.index}-`)) continue;
      const count = texts.get(id) ?? 0;
      if (count === 0) check.storedMissing++;
      if (count > 1) check.storedDuplicates += count - 1;
      const messageId = messageIds.get(id);
      const answers = messageId ? (replies.get(messageId) ?? 0) : 0;
      if (answers === 0) check.storedRepliesMissing++;
      if (answers > 1) check.storedRepliesDuplicated += answers - 1;
    }
  });
  return check;
}
