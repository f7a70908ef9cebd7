/**
 * Ports for processes a test or benchmark starts. A port the OS picks (`listen(0)`) comes from its
 * ephemeral range, the same range every outgoing connection's local port comes from: between finding
 * it free and the service listening on it, a client socket of a busy run can take it (`EADDRINUSE`,
 * seen in CI). These ports come from below that range (Linux 32768–60999, macOS 49152–65535), where
 * only listeners live, at random so parallel test workers rarely meet, and never twice per process.
 */
import { createServer } from 'node:net';

const LOW = 20_000;
const HIGH = 32_000;
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port free now, outside the ephemeral range, not handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`);
}
