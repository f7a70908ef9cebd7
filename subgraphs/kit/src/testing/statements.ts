/** Counts the SQL statements a piece of test code issues itself, for the N+1 tests of list resolvers. */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Marks the async context of the request whose statements are being counted. */
const measured = new AsyncLocalStorage<symbol>();

/**
 * The SQL statements `fn` itself issues: only those logged inside its async context count, so the
 * kit's background loops on the same pool (outbox relay, inbox consumers, stream publishers, a
 * subgraph's live-feed polls) never do, whatever they happen to run meanwhile.
 */
export async function statementsOf(
  database: { onQuery(listener: (sql: string, params: unknown[]) => void): () => void },
  fn: () => Promise<unknown>,
): Promise<string[]> {
  const seen: string[] = [];
  const token = Symbol('measured');
  const stop = database.onQuery((sql) => {
    if (measured.getStore() === token) seen.push(sql);
  });
  try {
    await measured.run(token, fn);
  } finally {
    stop();
  }
  return seen;
}
