/**
 * Run the OpenClaw gateway simulator alone:
 *   node subgraphs/gateway-link/src/simulator/main.ts --port 18789 [--host 127.0.0.1] [--token T | --no-auth]
 *     [--version 2026.9.6] [--startup-ms 0]
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
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}

const simulator = new GatewaySimulator({
  port,
  host: values.host,
  token: values['no-auth'] ? null : (values.token ?? 'simulator-token'),
  version: values.version,
  startupMs: Number(values['startup-ms']),
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
