/**
 * Start the real OpenClaw gateway on a free loopback port, isolated: a fresh state/config/home directory
 * per run, no channels, no mDNS, no update or catalog checks, no plugins, ClawHub pointed at a dead port,
 * heartbeats off, and one model provider — the given OpenAI-compatible base URL (a fake model in tests).
 * The recipe and its reasons are in ../shared/OPENCLAW.md (sections 2 and 7). Node's compile cache is kept
 * between runs in `node_modules/.cache/` (takes seconds off the 12–19 s start-up; gone with a reinstall).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '@mc/kit/testing';
import { FAKE_MODEL_ID } from './fake-model.ts';
import { OPENCLAW_DIR, type OpenClawInstall } from './install.ts';

export interface OpenClawGateway {
  url: string;
  port: number;
  token: string;
  pid: number;
  /** The scratch directory (state, home, logs) of this run. */
  dir: string;
  /** The last lines of the gateway's output and log file, for failure messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartOpenClawOptions {
  install: OpenClawInstall;
  /** OpenAI-compatible base URL ending in `/v1`. */
  modelBaseUrl: string;
  /** Keep the scratch directory after stop (for debugging). */
  keepDir?: boolean;
}

export async function startOpenClawGateway(options: StartOpenClawOptions): Promise<OpenClawGateway> {
  const port = await freePort();
  const token = `mc-interop-${randomBytes(12).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'mc-openclaw-'));
  for (const sub of ['state', 'home', 'logs']) mkdirSync(join(dir, sub), { recursive: true });
  const cacheTmp = join(OPENCLAW_DIR, 'node_modules', '.cache', 'tmp');
  mkdirSync(cacheTmp, { recursive: true });
  const configPath = join(dir, 'state', 'openclaw.json');
  const logFile = join(dir, 'logs', 'openclaw.log');
  writeFileSync(configPath, JSON.stringify(gatewayConfig(port, token, logFile, options.modelBaseUrl), null, 2));

  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(options.install.node)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: join(dir, 'home'),
    OPENCLAW_HOME: join(dir, 'home'),
    TMPDIR: cacheTmp,
    OPENCLAW_STATE_DIR: join(dir, 'state'),
    OPENCLAW_CONFIG_PATH: configPath,
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_NO_RESPAWN: '1',
    OPENCLAW_EXEC_SHELL_SNAPSHOT: '0',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    OPENCLAW_OFFLINE: '1',
    DO_NOT_TRACK: '1',
    CLAWHUB_DISABLE_TELEMETRY: '1',
    OPENCLAW_CLAWHUB_URL: 'http://127.0.0.1:9',
    LANG: 'C.UTF-8',
  };
  const outputFile = join(dir, 'logs', 'gateway.out');
  const output = createWriteStream(outputFile);
  const child: ChildProcess = spawn(
    options.install.node,
    [options.install.entry, 'gateway', 'run', '--port', String(port), '--bind', 'loopback'],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(output);
  child.stderr?.pipe(output);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const logTail = (lines = 40) =>
    [outputFile, logFile]
      .filter((file) => existsSync(file))
      .map((file) => `--- ${file}\n${readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')}`)
      .join('\n');

  let stopped = false;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    token,
    pid: child.pid ?? -1,
    dir,
    logTail,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      output.end();
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The recipe config (OPENCLAW.md 2.3) with our port, token, log file and model provider. */
function gatewayConfig(port: number, token: string, logFile: string, modelBaseUrl: string) {
  return {
    gateway: {
      mode: 'local',
      port,
      bind: 'loopback',
      auth: { mode: 'token', token },
      tailscale: { mode: 'off' },
    },
    update: { checkOnStart: false },
    discovery: { mdns: { mode: 'off' } },
    logging: { file: logFile },
    plugins: { enabled: false },
    models: {
      mode: 'replace',
      catalogRefresh: { enabled: false },
      providers: {
        fake: {
          baseUrl: modelBaseUrl,
          apiKey: 'fake-local',
          api: 'openai-completions',
          timeoutSeconds: 60,
          models: [
            {
              id: FAKE_MODEL_ID,
              name: 'Fake Model',
              reasoning: false,
              input: ['text'],
              cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
              contextWindow: 128_000,
              maxTokens: 4096,
            },
          ],
        },
      },
    },
    agents: { defaults: { model: { primary: `fake/${FAKE_MODEL_ID}` }, heartbeat: { every: '0m' } } },
  };
}
