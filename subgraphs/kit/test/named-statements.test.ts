/** Frequent parameterised statements run as named prepared statements, parsed once per session (postgres). */
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../src/db.ts';
import { MAX_NAMED, NAME_AFTER, StatementNames } from '../src/named-statements.ts';

describe('named statements (postgres)', () => {
  it('prepares a frequent parameterised statement once per session and runs it by name; not a rare one', async () => {
    const database = await openDatabase({ url: inject('postgresUrl'), dataDir: '.data/test', poolSize: 1 });
    try {
      const lookup = async (n: number) => {
        const result = await database.db.execute(sql`select ${n}::int + 1 as next`);
        return (result as unknown as { rows: { next: number }[] }).rows[0].next;
      };
      const answers: number[] = [];
      for (let n = 0; n < NAME_AFTER + 2; n += 1) answers.push(await lookup(n * 10));
      expect(answers).toEqual([1, 11, 21, 31, 41]);
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select ${'once, in a transaction'}::text as said`);
      });
      const prepared = await database.db.execute(sql.raw('select name, statement from pg_prepared_statements'));
      const rows = (prepared as unknown as { rows: { name: string; statement: string }[] }).rows;
      // One entry for the frequent text (its later runs reused it), none for the rare one or `begin`/`commit`.
      expect(rows.map((row) => row.statement)).toEqual(['select $1::int + 1 as next']);
      expect(rows[0].name).toMatch(/^mc_[\w-]{27}$/);
    } finally {
      await database.close();
    }
  });

  it('names at most MAX_NAMED texts per pool; the rest stay unnamed', () => {
    const namer = new StatementNames();
    const names = new Set<string | undefined>();
    for (let i = 0; i < MAX_NAMED + 5; i += 1) {
      for (let run = 0; run < NAME_AFTER; run += 1) names.add(namer.nameFor(`select ${i} where $1`));
    }
    expect(names.has(undefined)).toBe(true);
    expect(names.size).toBeLessThanOrEqual(MAX_NAMED + 1);
    expect(namer.nameFor('select 0 where $1')).toMatch(/^mc_/);
    expect(namer.nameFor(`select ${MAX_NAMED + 4} where $1`)).toBeUndefined();
  });
});
