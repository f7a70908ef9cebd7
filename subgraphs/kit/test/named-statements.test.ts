/** Parameterised statements run as named prepared statements, once parsed per session (postgres). */
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../src/db.ts';
import { MAX_NAMED, NamedStatementClient } from '../src/named-statements.ts';

describe('named statements (postgres)', () => {
  it('prepares a parameterised statement once per session and runs it again by name', async () => {
    const database = await openDatabase({ url: inject('postgresUrl'), dataDir: '.data/test', poolSize: 1 });
    try {
      const lookup = (n: number) => database.db.execute(sql`select ${n}::int + 1 as next`);
      const first = await lookup(1);
      const second = await lookup(41);
      expect((first as unknown as { rows: { next: number }[] }).rows[0].next).toBe(2);
      expect((second as unknown as { rows: { next: number }[] }).rows[0].next).toBe(42);
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select ${'in a transaction'}::text as said`);
      });
      const prepared = await database.db.execute(
        sql.raw('select name, statement from pg_prepared_statements order by statement'),
      );
      const rows = (prepared as unknown as { rows: { name: string; statement: string }[] }).rows;
      // One entry per text (the second lookup reused the first's), none for `begin`/`commit`.
      expect(rows.map((row) => row.statement)).toEqual(['select $1::int + 1 as next', 'select $1::text as said']);
      for (const row of rows) expect(row.name).toBe(NamedStatementClient.nameFor(row.statement));
    } finally {
      await database.close();
    }
  });

  it('names at most MAX_NAMED texts in a process; the rest stay unnamed', () => {
    const names = new Set<string | undefined>();
    for (let i = 0; i < MAX_NAMED + 5; i += 1) names.add(NamedStatementClient.nameFor(`select ${i} where $1`));
    expect(names.has(undefined)).toBe(true);
    expect(names.size).toBeLessThanOrEqual(MAX_NAMED + 1);
    expect(NamedStatementClient.nameFor('select 0 where $1')).toMatch(/^mc_/);
  });
});
