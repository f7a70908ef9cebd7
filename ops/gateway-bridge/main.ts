/**
 * Runs the gateway bridge (`bridge.ts`) as a process beside a local OpenClaw gateway:
 *   MC_URL=https://mc.example/graphql MC_GATEWAY_ID=… MC_GATEWAY_CREDENTIAL=mcg_… \
 *   OPENCLAW_URL=ws://127.0.0.1:18789 OPENCLAW_TOKEN=… BRIDGE_STATE_FILE=/var/lib/mc-bridge/state.json \
 *   node ops/gateway-bridge/main.ts
 * The id and credential come from `registerGateway` (a one-time registration token minted by an admin).
 */
import { DialOutLink } from '@mc/gateway-link';
import { z } from 'zod';
import { GatewayBridge } from './bridge.ts';
import { BridgeStateFile } from './state-file.ts';

const env = z
  .object({
    MC_URL: z.url(),
    MC_GATEWAY_CREDENTIAL: z.string().startsWith('mcg_'),
    /** The registered gateway's id (heartbeats name it). */
    MC_GATEWAY_ID: z.uuid(),
    /** Where the inbox position is kept across restarts. */
    BRIDGE_STATE_FILE: z.string().min(1).default('./gateway-bridge-state.json'),
    BRIDGE_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
    OPENCLAW_URL: z.string().regex(/^wss?:\/\//),
    OPENCLAW_TOKEN: z.string().optional(),
    OPENCLAW_MIN_VERSION: z.string().default('2026.9.1'),
    OPENCLAW_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  })
  .parse(process.env);

const local = new DialOutLink({
  url: env.OPENCLAW_URL,
  token: env.OPENCLAW_TOKEN,
  // The bridge runs on the gateway's host: OpenClaw's loopback backend path, no device pairing.
  pairing: 'control-ui',
  minVersion: env.OPENCLAW_MIN_VERSION,
  requestTimeoutMs: env.OPENCLAW_REQUEST_TIMEOUT_MS,
});
const bridge = new GatewayBridge({
  url: env.MC_URL,
  connectionParams: () => ({ authorization: `Bearer ${env.MC_GATEWAY_CREDENTIAL}` }),
  local,
  gatewayId: env.MC_GATEWAY_ID,
  heartbeatIntervalMs: env.BRIDGE_HEARTBEAT_INTERVAL_MS,
  stateFile: new BridgeStateFile(env.BRIDGE_STATE_FILE),
  onError: (error) => console.error('gateway bridge:', error instanceof Error ? error.message : error),
});
await bridge.start();
console.log(`gateway bridge: ${env.OPENCLAW_URL} ⇄ ${env.MC_URL}`);

const shutdown = async () => {
  await bridge.stop();
  await local.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
