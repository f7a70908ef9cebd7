/**
 * A `pg` client that runs each frequent parameterised statement as a named prepared statement, named
 * after its text: PostgreSQL parses it (and, once it settles on a generic plan, plans it) once per session
 * instead of on every execution. drizzle sends its statements unnamed; the texts a service runs often are
 * a small set. A text is named from its `NAME_AFTER`th execution through its pool, and at most `MAX_NAMED`
 * texts per pool are: one-off texts (lists of ids of every length, say) stay unnamed, so no session keeps
 * an unbounded set of prepared statements. Statements without parameters (`begin`, `commit`, DDL) stay
 * simple queries.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

/** Texts named per pool at most. */
export const MAX_NAMED = 300;
/** Executions of a text before it is named. */
export const NAME_AFTER = 3;
/** Texts counted at most before the counts start over (counting stays bounded too). */
const MAX_COUNTED = 10_000;

/** Which texts run under which name: one per pool, shared by its clients (a name is its text's digest). */
export class StatementNames {
  private readonly names = new Map<string, string>();
  /** Executions so far of texts not named yet. */
  private readonly counts = new Map<string, number>();

  /** The name `text` runs under now, if it has one (counting this execution). */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_NAMED) return known;
    const count = (this.counts.get(text) ?? 0) + 1;
    if (count < NAME_AFTER) {
      if (this.counts.size >= MAX_COUNTED) this.counts.clear();
      this.counts.set(text, count);
      return undefined;
    }
    this.counts.delete(text);
    const name = `mc_${createHash('sha1').update(text).digest('base64url').slice(0, 27)}`;
    this.names.set(text, name);
    return name;
  }
}

/** A `pg.Client` class (the pool's `Client` option) naming statements by `names`. */
export function namedStatementClient(names = new StatementNames()): typeof pg.Client {
  return class NamedStatementClient extends pg.Client {
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
        const name = names.nameFor(config.text);
        if (name) return super.query({ ...config, name }, values, callback);
      }
      return super.query(config, values, callback);
    }
  };
}
