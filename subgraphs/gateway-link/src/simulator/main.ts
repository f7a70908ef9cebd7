/**
 * Run the OpenClaw gateway simulator alone:
 *   node subgraphs/gateway-link/src/simulator/main.ts --port 18789 [--host 127.0.0.1] [--token T | --no-auth]
 *     [--version 2026.9.6] [--startup-ms 0] [--reply-chunks 3] [--reply-chunk-delay-ms 10]
 * Prints its URL on stdout; stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { GatewaySimulator } from './gateway-simulator.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '18789' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
    'no-auth': { type: 'boolean', default: false },
    version: { type: 'string' },
    'startup-ms': { type: 'string', default: '0' },
    'reply-chunks': { type: 'string', default: '3' },
    'reply-chunk-delay-ms': { type: 'string', default: '10' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}

/** A non-negative integer flag, or exit 2 naming it. */
function count(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    console.error(`invalid --${name} ${value}`);
    process.exit(2);
  }
  return parsed;
}

const simulator = new GatewaySimulator({
  port,
  host: values.host,
  token: values['no-auth'] ? null : (values.token ?? 'simulator-token'),
  version: values.version,
  startupMs: count('startup-ms', values['startup-ms']),
  replyChunks: Math.max(1, count('reply-chunks', values['reply-chunks'])),
  replyChunkDelayMs: count('reply-chunk-delay-ms', values['reply-chunk-delay-ms']),
});
await simulator.start();
console.log(
  `openclaw gateway simulator listening on ${simulator.url} (auth: ${simulator.token === null ? 'none' : 'token'})`,
);

const shutdown = async () => {
  await simulator.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
