/**
 * Builds the phone app (`vite build` → h5/dist) when it is missing or older than its sources, so
 * `ops/mc start` and the browser tests serve the current app without rebuilding an unchanged one.
 * One build at a time across processes (a directory is the lock). `--force` always builds; `--soft`
 * (ops/mc start) reports a failed build instead of failing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const H5_DIR = resolve(import.meta.dirname, '..');
export const DIST_DIR = join(H5_DIR, 'dist');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];
const LOCK = join(H5_DIR, '.build.lock');
const LOCK_STALE_MS = 5 * 60_000;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function appIsStale(): boolean {
  const entry = join(DIST_DIR, 'index.html');
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(H5_DIR, source)) > built);
}

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
export function ensureAppBuilt(force = false): boolean {
  if (!force && !appIsStale()) return false;
  return withBuildLock(() => (force || appIsStale() ? build() : false));
}

function build(): boolean {
  const started = Date.now();
  process.stderr.write('h5: building the phone app (vite build)…\n');
  const result = spawnSync(join(H5_DIR, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: H5_DIR,
    // Vitest sets NODE_ENV=test; inherited, it would make Vite bundle Vue's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the h5 build failed:\n${result.stdout}\n${result.stderr}`);
  process.stderr.write(`h5: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

if (import.meta.main) {
  try {
    ensureAppBuilt(process.argv.includes('--force'));
  } catch (error) {
    if (!process.argv.includes('--soft')) throw error;
    process.stderr.write(
      `h5: ${error instanceof Error ? error.message : String(error)}\nh5: starting without a fresh app\n`,
    );
  }
}
