/**
 * Dial-in test setup: the fleet subgraph served on loopback (the bridge follows its inbox over
 * graphql-ws as the registered gateway) and bridges made against a local link to the simulator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayLink } from '@mc/gateway-link';
import { type Identity, type ServedSubgraph, serveSubgraph, signIdentity } from '@mc/kit';
import { GatewayBridge } from '../../../ops/gateway-bridge/bridge.ts';
import { BridgeStateFile } from '../../../ops/gateway-bridge/state-file.ts';
import { type FleetStack, SIGNING_SECRET } from './fixtures.ts';

export const serveFleet = (stack: FleetStack): Promise<ServedSubgraph> =>
  serveSubgraph(stack.fleet.instance, stack.fleet.runtime, { port: 0, host: '127.0.0.1', secret: SIGNING_SECRET });

/** A state file path of its own (the directory is made for the test). */
export const stateFilePath = () => join(mkdtempSync(join(tmpdir(), 'mc-bridge-')), 'state.json');

/** A bridge for `caller`'s gateway against `served` fleet; started. Errors are collected. */
export async function startBridge(
  served: ServedSubgraph,
  caller: Identity,
  local: GatewayLink,
  options: {
    stateFile?: string;
    heartbeat?: { gatewayId: string; everyMs: number };
    /** The address the router would sign into the bridge's identity. */
    clientAddress?: string;
  } = {},
) {
  const errors: unknown[] = [];
  const bridge = new GatewayBridge({
    url: served.url,
    connectionParams: async () => ({
      'x-mc-identity': await signIdentity(SIGNING_SECRET, caller, { clientAddress: options.clientAddress }),
    }),
    local,
    stateFile: options.stateFile ? new BridgeStateFile(options.stateFile) : undefined,
    gatewayId: options.heartbeat?.gatewayId,
    heartbeatIntervalMs: options.heartbeat?.everyMs,
    onError: (error) => errors.push(error),
  });
  await bridge.start();
  return { bridge, errors };
}

/** A link that records the operations the bridge runs on it (what reached the local gateway). */
export function recordingLink(inner: GatewayLink): {
  link: GatewayLink;
  calls: { operation: string; args: unknown[] }[];
} {
  const calls: { operation: string; args: unknown[] }[] = [];
  const link = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        if (!['onEvent', 'onStatus', 'close'].includes(property)) calls.push({ operation: property, args });
        return value.apply(target, args);
      };
    },
  });
  return { link, calls };
}
