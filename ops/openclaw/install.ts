/**
 * The pinned real OpenClaw gateway (`openclaw@2026.9.6`, see package.json + package-lock.json here),
 * installed by `npm ci --prefer-offline` into `ops/openclaw/node_modules` (git-ignored; ~650 MB, ~20–45 s).
 * Skips the install when the installed tree matches the lockfile. A failed install throws: the interop
 * test must fail, never skip. Run alone to warm a CI cache: `node ops/openclaw/install.ts`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPENCLAW_DIR = dirname(fileURLToPath(import.meta.url));
export const OPENCLAW_VERSION = '2026.9.6';
/** OpenClaw's `engines.node`: >= 24.16 (< 25, or >= 26.1). */
const MIN_NODE = [24, 16];
const NODE_PIN = '24.21.0';

const STAMP = join(OPENCLAW_DIR, 'node_modules', '.mc-installed');
/** Serializes installs between processes (npm ci deletes node_modules first). */
const LOCK = join(OPENCLAW_DIR, '.install-lock');
const LOCK_STALE_MS = 10 * 60_000;

export interface OpenClawInstall {
  /** The `openclaw` CLI entry (`openclaw.mjs`), run with `node`. */
  entry: string;
  /** A Node binary OpenClaw accepts. */
  node: string;
  version: string;
  /** Whether this call ran `npm ci` (false: the cached install matched). */
  installed: boolean;
  installMs: number;
}

const lockHash = () =>
  createHash('sha256')
    .update(readFileSync(join(OPENCLAW_DIR, 'package-lock.json')))
    .digest('hex');

function installedVersion(): string | null {
  const manifest = join(OPENCLAW_DIR, 'node_modules', 'openclaw', 'package.json');
  if (!existsSync(manifest)) return null;
  return JSON.parse(readFileSync(manifest, 'utf8')).version ?? null;
}

/** Install (or reuse) the pinned gateway; throws with npm's output when that fails. */
export async function ensureOpenClawInstalled(): Promise<OpenClawInstall> {
  const node = await nodeForOpenClaw();
  const started = Date.now();
  const hash = lockHash();
  const isCurrent = () =>
    existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash && installedVersion() === OPENCLAW_VERSION;
  let current = isCurrent();
  if (!current) {
    await withInstallLock(async () => {
      current = isCurrent();
      if (current) return;
      await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], OPENCLAW_DIR);
      const version = installedVersion();
      if (version !== OPENCLAW_VERSION) {
        throw new Error(`npm ci installed openclaw ${version ?? '(nothing)'} instead of ${OPENCLAW_VERSION}`);
      }
      writeFileSync(STAMP, `${hash}\n`);
    });
  }
  return {
    entry: join(OPENCLAW_DIR, 'node_modules', 'openclaw', 'openclaw.mjs'),
    node,
    version: OPENCLAW_VERSION,
    installed: !current,
    installMs: Date.now() - started,
  };
}

/** Run `action` holding a lock directory; waits for another process's install, breaks a stale lock. */
async function withInstallLock(action: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (!lock) continue;
      if (Date.now() - lock.mtimeMs > LOCK_STALE_MS || Date.now() > deadline)
        rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    await action();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * This Node when OpenClaw accepts it, else the repository's private Node 24 (`.tools`, see ops/mc), else
 * one installed here from the npm registry (`node@24.21.0`, the pin ops/mc uses).
 */
async function nodeForOpenClaw(): Promise<string> {
  if (acceptable(process.versions.node)) return process.execPath;
  const tools = join(OPENCLAW_DIR, '..', '..', '.tools', 'node_modules', '.bin', 'node');
  if (existsSync(tools) && acceptable(await nodeVersion(tools))) return tools;
  // Outside node_modules: `npm ci` below would delete it.
  const prefix = join(OPENCLAW_DIR, '.node');
  const own = join(prefix, 'node_modules', '.bin', 'node');
  if (!existsSync(own) || !acceptable(await nodeVersion(own))) {
    mkdirSync(prefix, { recursive: true });
    await run(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node@${NODE_PIN}`],
      OPENCLAW_DIR,
    );
  }
  if (!acceptable(await nodeVersion(own))) {
    throw new Error(`OpenClaw needs Node >= ${MIN_NODE.join('.')}; installing node@${NODE_PIN} did not provide it`);
  }
  return own;
}

async function nodeVersion(binary: string): Promise<string> {
  try {
    return (await run(binary, ['-p', 'process.versions.node'], OPENCLAW_DIR)).trim();
  } catch {
    return '0.0.0';
  }
}

function acceptable(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  if (major === 24) return minor >= MIN_NODE[1];
  return major > 25 && !(major === 26 && minor < 1);
}

/** Run a command; resolves with its stdout, rejects with the tail of its output. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    child.once('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.once('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-4_000)}`)),
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const install = await ensureOpenClawInstalled();
  console.log(
    `openclaw ${install.version} ${install.installed ? 'installed' : 'already installed'} in ${install.installMs} ms`,
  );
}
