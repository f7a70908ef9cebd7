/**
 * Applies every subgraph's migrations to `DATABASE_URL` (or the embedded PGlite in `DATA_DIR` when
 * unset), each in its own Postgres schema, tracked in `mc_migrations`. Subgraphs also migrate at start;
 * this script lets a deployment migrate first, once, before rolling out new processes.
 */
import { openDatabase } from '@mc/kit';
import { subgraphs } from '../router/src/modules.ts';
import { loadOpsEnv } from './env.ts';

const env = loadOpsEnv();
const target = env.DATABASE_URL ? new URL(env.DATABASE_URL).host || env.DATABASE_URL : `PGlite in ${env.DATA_DIR}`;
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 1 });
try {
  for (const { module } of subgraphs) {
    const started = performance.now();
    await database.migrate({ schema: module.dbSchema, migrationsFolder: module.migrationsFolder });
    console.log(
      `migrated ${module.name} (schema ${module.dbSchema}) on ${target} in ${Math.round(performance.now() - started)} ms`,
    );
  }
} finally {
  await database.close();
}
