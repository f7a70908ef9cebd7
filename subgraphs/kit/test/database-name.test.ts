/** A subgraph's PostgreSQL sessions carry its name (`pg_stat_activity`, the server's log); the URL's own wins. */
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../src/db.ts';
import { createRuntime } from '../src/runtime.ts';

const applicationName = async (database: Awaited<ReturnType<typeof openDatabase>>) => {
  const result = await database.db.execute(sql`select current_setting('application_name') as name`);
  return (result as unknown as { rows: { name: string }[] }).rows[0].name;
};

describe('application_name of a subgraph’s sessions (postgres)', () => {
  it('is mc-<subgraph>', async () => {
    const runtime = await createRuntime({
      name: 'naming',
      databaseUrl: inject('postgresUrl'),
      dataDir: '.data/test',
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
    });
    try {
      expect(await applicationName(runtime.database)).toBe('mc-naming');
    } finally {
      await runtime.database.close();
    }
  });

  it('is the one the URL names, when it names one', async () => {
    const url = new URL(inject('postgresUrl'));
    url.searchParams.set('application_name', 'ops-console');
    const database = await openDatabase({ url: url.toString(), dataDir: '.data/test', applicationName: 'mc-naming' });
    try {
      expect(await applicationName(database)).toBe('ops-console');
    } finally {
      await database.close();
    }
  });
});
