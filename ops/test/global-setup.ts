/**
 * Vitest global setup: a fresh PostgreSQL database per test run (dropped afterwards), so runs never
 * share state and tests may run in parallel. Tests read its URL with `inject('postgresUrl')`. Shared
 * e2e stacks register their processes and databases in `inject('stackRegistry')`; they are stopped and
 * dropped here at the end of the run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { cleanUp } from './stack-registry.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    redisUrl: string;
    stackRegistry: string;
  }
}

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject) {
  const name = `mc_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const stackRegistry = mkdtempSync(join(tmpdir(), 'mc-test-stacks-'));
  project.provide('postgresUrl', url.toString());
  project.provide('redisUrl', process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  project.provide('stackRegistry', stackRegistry);
  return async () => {
    await cleanUp(stackRegistry, adminUrl);
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  };
}
