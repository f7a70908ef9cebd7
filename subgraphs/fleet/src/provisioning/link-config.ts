/**
 * How fleet reaches a gateway over the GatewayLink: its URL, the gateway token and fleet's device
 * identity toward it (both sealed at rest, opened only here), the pairing mode and TLS choice.
 */
import { createDeviceIdentity, type DeviceIdentity, type GatewayLinkConfig } from '@mc/gateway-link';
import type { Database, SecretBox } from '@mc/kit';
import { and, eq, isNull } from 'drizzle-orm';
import type { GatewayRow } from '../db/gateway-store.ts';
import { gateways } from '../db/tables.ts';

/** The OpenClaw runtime versions fleet supports (CalVer). */
export const MIN_GATEWAY_VERSION = '2026.9.1';

export class NoDialOutError extends Error {
  override name = 'NoDialOutError';
}

/** The agent's id on its gateway: the imported one, else `mc-<uuid>` (OpenClaw ids are `[a-z0-9_-]{1,64}`). */
export const gatewayAgentId = (agent: { id: string; remoteAgentId: string | null }) =>
  agent.remoteAgentId ?? `mc-${agent.id}`;

export async function linkConfigFor(
  db: Database,
  secrets: SecretBox,
  gateway: GatewayRow,
  options: { requestTimeoutMs: number },
): Promise<GatewayLinkConfig & { gatewayId: string }> {
  if (!gateway.url) throw new NoDialOutError('the gateway has no URL to dial out to (it only registered)');
  const pairing = gateway.pairingMode === 'DEVICE' ? 'device' : 'control-ui';
  return {
    // Names the gateway for the live connection status (TrackedLinks); not part of the pool key.
    gatewayId: gateway.id,
    url: gateway.url,
    token: gateway.tokenSealed ? secrets.open(gateway.tokenSealed) : undefined,
    deviceIdentity: pairing === 'device' ? await deviceIdentityOf(db, secrets, gateway) : undefined,
    deviceToken: gateway.deviceTokenSealed ? secrets.open(gateway.deviceTokenSealed) : undefined,
    allowSelfSigned: gateway.allowSelfSignedTls,
    pairing,
    minVersion: MIN_GATEWAY_VERSION,
    requestTimeoutMs: options.requestTimeoutMs,
    reconnect: { initialDelayMs: 250, maxDelayMs: 5_000, jitter: 0.2, maxAttempts: 3 },
  };
}

/** Fleet's persistent device identity toward this gateway, created (and sealed) on first use. */
async function deviceIdentityOf(db: Database, secrets: SecretBox, gateway: GatewayRow): Promise<DeviceIdentity> {
  if (gateway.deviceIdentitySealed) return JSON.parse(secrets.open(gateway.deviceIdentitySealed)) as DeviceIdentity;
  const created = createDeviceIdentity();
  const [stored] = await db
    .update(gateways)
    .set({ deviceIdentitySealed: secrets.seal(JSON.stringify(created)) })
    .where(and(eq(gateways.id, gateway.id), isNull(gateways.deviceIdentitySealed)))
    .returning({ sealed: gateways.deviceIdentitySealed });
  if (stored) return created;
  // Another worker created it first: use theirs.
  const [row] = await db
    .select({ sealed: gateways.deviceIdentitySealed })
    .from(gateways)
    .where(eq(gateways.id, gateway.id));
  return JSON.parse(secrets.open(row?.sealed as string)) as DeviceIdentity;
}
