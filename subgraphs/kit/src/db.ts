/**
 * Database factory: drizzle over `pg` for `postgres://` URLs, drizzle over in-process PGlite (with
 * pgvector loaded) for the embedded mode. Each subgraph owns one Postgres schema and applies its
 * own drizzle-kit migrations at start, tracked in `mc_migrations.<schema>` (the migrations create
 * the schema itself, so the bookkeeping lives outside it).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { namedStatementClient } from './named-statements.ts';

export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export type QueryListener = (sql: string, params: unknown[]) => void;

export interface DatabaseHandle {
  kind: 'postgres' | 'pglite';
  /** False for an in-memory PGlite: its data ends with the process. */
  persistent: boolean;
  db: Database;
  /** Adds a listener called for every statement; returns the function that removes it. */
  onQuery(listener: QueryListener): () => void;
  /** Applies drizzle-kit migrations, then `extra` idempotent statements, one instance at a time. */
  migrate(options: { schema: string; migrationsFolder: string; extra?: SQL[] }): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`, `pglite://<dir>`, `pglite://memory`, or undefined for PGlite in `dataDir`. */
  url: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL's `application_name` for the pool's sessions (`pg_stat_activity`, the server's log); the URL's wins. */
  applicationName?: string;
}

function listeners() {
  const set = new Set<QueryListener>();
  return {
    logger: {
      logQuery: (query: string, params: unknown[]) => {
        for (const fn of set) fn(query, params);
      },
    },
    onQuery(listener: QueryListener) {
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const url = options.url ?? `pglite://${resolve(options.dataDir, 'pglite')}`;
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return openPostgres(url, options.poolSize, options.applicationName);
  if (url.startsWith('pglite://')) return openPglite(url.slice('pglite://'.length));
  throw new Error(`DATABASE_URL must start with postgres:// or pglite:// (got ${url.split(':')[0]}:)`);
}

export const MIGRATIONS_SCHEMA = 'mc_migrations';

/** One lock for all subgraphs: they share the bookkeeping schema, which must be created once. */
const MIGRATION_LOCK = sql`select pg_advisory_lock(hashtext('mc:migrate'))`;

async function openPostgres(url: string, poolSize = 10, applicationName?: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    Client: namedStatementClient(),
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    ...(applicationName ? { application_name: applicationName } : {}),
  });
  pool.on('error', () => {
    // Idle client errors (server restart) are reported by the next query; keep the process alive.
  });
  const hooks = listeners();
  const db = drizzlePg(pool, { logger: hooks.logger }) as unknown as Database;
  return {
    kind: 'postgres',
    persistent: true,
    db,
    onQuery: hooks.onQuery,
    async migrate({ schema, migrationsFolder, extra = [] }) {
      // One dedicated session holds an advisory lock so concurrent instances migrate one at a time.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const locked = drizzlePg(client);
        await locked.execute(MIGRATION_LOCK);
        await migratePg(locked, { migrationsFolder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: schema });
        for (const statement of extra) await locked.execute(statement);
      } finally {
        await client.end();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}

/** One PGlite instance per data folder per process: it is a single session and slow to start. */
const pgliteInstances = new Map<string, { pg: Promise<PGlite>; users: number }>();

async function openPglite(location: string): Promise<DatabaseHandle> {
  const dir = location === 'memory' || location === '' ? 'memory://' : resolve(location);
  let entry = pgliteInstances.get(dir);
  if (!entry) {
    if (dir !== 'memory://') mkdirSync(dir, { recursive: true });
    const created = PGlite.create(dir === 'memory://' ? undefined : dir, { extensions: { vector } }).then(
      async (instance) => {
        await instance.exec('create extension if not exists vector');
        return instance;
      },
    );
    entry = { pg: created, users: 0 };
    pgliteInstances.set(dir, entry);
  }
  entry.users += 1;
  const shared = entry;
  const client = await shared.pg;
  const hooks = listeners();
  const db = drizzlePglite(client, { logger: hooks.logger }) as unknown as Database;
  let closed = false;
  return {
    kind: 'pglite',
    persistent: dir !== 'memory://',
    db,
    onQuery: hooks.onQuery,
    async migrate({ schema, migrationsFolder, extra = [] }) {
      const migrator = drizzlePglite(client);
      await migratePglite(migrator, {
        migrationsFolder,
        migrationsSchema: MIGRATIONS_SCHEMA,
        migrationsTable: schema,
      });
      for (const statement of extra) await migrator.execute(statement);
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      shared.users -= 1;
      if (shared.users === 0) {
        pgliteInstances.delete(dir);
        await client.close();
      }
    },
  };
}
