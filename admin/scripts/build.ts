/**
 * Builds the console (`nuxt generate` → admin/.output/public) when it is missing or older than its
 * sources, so `ops/mc start` and the browser tests always serve the current console without
 * rebuilding an unchanged one. `--force` always builds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ADMIN_DIR = resolve(import.meta.dirname, '..');
export const PUBLIC_DIR = join(ADMIN_DIR, '.output/public');
const SOURCES = ['app', 'public', 'nuxt.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function consoleIsStale(): boolean {
  const entry = join(PUBLIC_DIR, 'index.html');
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(ADMIN_DIR, source)) > built);
}

const LOCK = join(ADMIN_DIR, '.output-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

/** One build at a time across processes (test files in parallel workers): a directory is the lock. */
function withBuildLock<T>(work: () => T): T {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (!held) continue;
      if (Date.now() - held.mtimeMs > LOCK_STALE_MS || Date.now() > deadline) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds when stale (or forced); returns whether it built. Throws when the build fails. */
export function ensureConsoleBuilt(force = false): boolean {
  if (!force && !consoleIsStale()) return false;
  // Another process may have built it while this one waited for the lock.
  return withBuildLock(() => (force || consoleIsStale() ? build() : false));
}

function build(): boolean {
  const started = Date.now();
  process.stderr.write('admin: building the console (nuxt generate)…\n');
  const result = spawnSync(join(ADMIN_DIR, 'node_modules/.bin/nuxt'), ['generate'], {
    cwd: ADMIN_DIR,
    env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`the console build failed:\n${result.stdout}\n${result.stderr}`);
  }
  process.stderr.write(`admin: console built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

if (import.meta.main) {
  try {
    ensureConsoleBuilt(process.argv.includes('--force'));
  } catch (error) {
    // `--soft` (ops/mc start): the API still starts; the console stays missing or old.
    if (!process.argv.includes('--soft')) throw error;
    process.stderr.write(
      `admin: ${error instanceof Error ? error.message : String(error)}\nadmin: starting without a fresh console\n`,
    );
  }
}
