/** Starts the real service processes for a benchmark and stops exactly those it started. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** A port the OS says is free now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startService(options: {
  name: string;
  script: string;
  cwd: string;
  port: number;
  env: Record<string, string | undefined>;
  readyTimeoutMs?: number;
}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [options.script], {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(options.port), HOST: '127.0.0.1' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${options.port}`;
  const service = { name: options.name, url: `${base}/graphql`, child, output: () => output };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return service;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopService(service);
  throw new Error(`${options.name} not ready within ${options.readyTimeoutMs ?? 60_000} ms:\n${output}`);
}

export async function stopService(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The short commit a benchmark result belongs to (`unknown` outside a git checkout). */
export function gitCommit(): string {
  try {
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
