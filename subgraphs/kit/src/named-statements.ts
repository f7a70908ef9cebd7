/**
 * A `pg` client that runs each parameterised statement as a named prepared statement, named after its
 * text: PostgreSQL parses (and, once it settles on a generic plan, plans) a statement once per session
 * instead of on every execution. drizzle sends its statements unnamed; the texts it builds are a small,
 * fixed set per process, so each pooled session prepares each of them once. Statements without
 * parameters (`begin`, `commit`, DDL) stay simple queries. Past `MAX_NAMED` distinct texts in a process
 * (lists of ids of every length, say), further texts stay unnamed, so no session keeps an unbounded set.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export const MAX_NAMED = 1000;

export class NamedStatementClient extends pg.Client {
  /** Text → statement name, shared by every client of the process (the names are the texts' digests). */
  private static readonly names = new Map<string, string>();

  static nameFor(text: string): string | undefined {
    const known = NamedStatementClient.names.get(text);
    if (known !== undefined || NamedStatementClient.names.size >= MAX_NAMED) return known;
    const name = `mc_${createHash('sha1').update(text).digest('base64url').slice(0, 27)}`;
    NamedStatementClient.names.set(text, name);
    return name;
  }

  /** pg's overloads: only a `{ text }` config with parameters gets a name. */
  override query(config: any, values?: any, callback?: any): any {
    const parameters = Array.isArray(values) ? values : config?.values;
    if (
      config !== null &&
      typeof config === 'object' &&
      typeof config.text === 'string' &&
      config.name === undefined &&
      Array.isArray(parameters) &&
      parameters.length > 0
    ) {
      const name = NamedStatementClient.nameFor(config.text);
      if (name) return super.query({ ...config, name }, values, callback);
    }
    return super.query(config, values, callback);
  }
}
