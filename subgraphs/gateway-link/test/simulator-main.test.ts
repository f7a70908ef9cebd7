/** The simulator runs alone as a process (`src/simulator/main.ts`), for the embedded demo. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DialOutLink, sessionKeyFor, waitForChatOutcome } from '../src/index.ts';

it('starts from the command line, serves a client, and stops on SIGTERM', async () => {
  const main = fileURLToPath(new URL('../src/simulator/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main, '--port', '0', '--token', 'cli-token'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += String(chunk);
        const match = /listening on (ws:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    const link = new DialOutLink({
      url,
      token: 'cli-token',
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 5_000,
    });
    try {
      expect((await link.connect()).serverVersion).toBe('2026.9.6');
      const outcome = waitForChatOutcome(link, 'cli-run', 5_000);
      await link.sendChat({ sessionKey: sessionKeyFor('main'), message: 'hi', idempotencyKey: 'cli-run' });
      expect((await outcome).text).toContain('You said: hi');
    } finally {
      await link.close();
    }
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
