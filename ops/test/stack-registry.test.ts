/** The global teardown's backstop: registered processes are stopped and registered databases dropped. */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { cleanUp, register } from './stack-registry.ts';

const alive = (pid: number) => existsSync(`/proc/${pid}`);

describe('stack registry', () => {
  it('stops registered processes (SIGKILL for one that ignores SIGTERM) and drops registered databases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-test-registry-'));
    const polite = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const stubborn = spawn(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready')"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await new Promise((ready) => stubborn.stdout?.once('data', ready));
    const exited = (child: typeof polite) => new Promise((done) => child.once('exit', done));
    const stopped = Promise.all([exited(polite), exited(stubborn)]);
    register(dir, { pid: polite.pid as number });
    register(dir, { pid: stubborn.pid as number });

    const adminUrl = inject('postgresUrl');
    const name = `mc_registry_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database "${name}"`);
      register(dir, { database: name });

      await cleanUp(dir, adminUrl, 500);
      await stopped;
      expect(alive(polite.pid as number)).toBe(false);
      expect(alive(stubborn.pid as number)).toBe(false);
      expect(stubborn.signalCode).toBe('SIGKILL');
      const left = await admin.query('select 1 from pg_database where datname = $1', [name]);
      expect(left.rowCount).toBe(0);
      expect(existsSync(dir)).toBe(false);
    } finally {
      polite.kill('SIGKILL');
      stubborn.kill('SIGKILL');
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }, 30_000);

  it('leaves alone a process that is not the one registered (pid reused)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-test-registry-'));
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      // The same pid with another start time: what the registry would hold had the pid been reused.
      appendFileSync(join(dir, 'entries.jsonl'), `${JSON.stringify({ pid: child.pid, start: '1' })}\n`);
      await cleanUp(dir, inject('postgresUrl'));
      expect(alive(child.pid as number)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
