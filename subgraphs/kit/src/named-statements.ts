/**
 * A `pg` client that runs each frequent parameterised statement as a named prepared statement, named
 * after its text: PostgreSQL parses it (and, once it settles on a generic plan, plans it) once per session
 * instead of on every execution. drizzle sends its statements unnamed; the texts a service runs often are
 * a small set. A text is named from its `NAME_AFTER`th execution in the process, and at most `MAX_NAMED`
 * texts are: one-off texts (lists of ids of every length, say) stay unnamed, so no session keeps an
 * unbounded set of prepared statements. Statements without parameters (`begin`, `commit`, DDL) stay
 * simple queries.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

/** Texts named in a process at most. */
export const MAX_NAMED = 300;
/** Executions of a text before it is named. */
export const NAME_AFTER = 3;
/** Texts counted at most before the counts start over (counting stays bounded too). */
const MAX_COUNTED = 10_000;

/** Text → statement name, shared by every client of the process (the names are the texts' digests). */
const names = new Map<string, string>();
/** Text → executions so far, for texts not named yet. */
const counts = new Map<string, number>();

export class NamedStatementClient extends pg.Client {
  /** The name `text` runs under now, if it has one (counting this execution). */
  static nameFor(text: string): string | undefined {
    const known = names.get(text);
    if (known !== undefined || names.size >= MAX_NAMED) return known;
    const count = (counts.get(text) ?? 0) + 1;
    if (count < NAME_AFTER) {
      if (counts.size >= MAX_COUNTED) counts.clear();
      counts.set(text, count);
      return undefined;
    }
    counts.delete(text);
    const name = `mc_${createHash('sha1').update(text).digest('base64url').slice(0, 27)}`;
    names.set(text, name);
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
