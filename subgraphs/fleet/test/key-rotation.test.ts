/**
 * Rotating `SECRETS_KEY`: a fleet started with a new key and the old one in `SECRETS_KEY_PREVIOUS`
 * reseals every gateway secret (access token, device identity, device token) under the new key
 * before serving; keys that open nothing leave the secrets alone and count them.
 * (Its own PGlite database in a temporary folder: a rotation rewrites every gateway of a database.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRuntime,
  createSecretBox,
  generateSecretsKey,
  type Identity,
  MemoryEventBus,
  MemoryEventStream,
  MemoryRateLimiter,
  type SubgraphInstance,
  type SubgraphRuntime,
  startModule,
  stopRuntime,
} from '@mc/kit';
import { executeAs, userIdentity } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { FleetContext } from '../src/context.ts';
import { fleetModule } from '../src/index.ts';
import { CREATE_GATEWAY, gatewayInput } from './fixtures.ts';

type Sealed = { token_sealed: string; device_identity_sealed: string; device_token_sealed: string };

describe('gateway secrets across a key rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-fleet-rotation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function start(secretsKey: string, previous?: string) {
    const runtime: SubgraphRuntime = await createRuntime({
      name: 'fleet',
      databaseUrl: `pglite://${join(dir, 'db')}`,
      dataDir: dir,
      redisUrl: undefined,
      logLevel: 'silent',
      metricsDefaults: false,
      dbSchema: fleetModule.dbSchema,
      secretsKey,
      envSource: {
        ...(previous ? { SECRETS_KEY_PREVIOUS: previous } : {}),
        GATEWAY_PROBE_INTERVAL_MS: '3600000',
        AGENT_RECONCILE_INTERVAL_MS: '3600000',
      },
      shared: { bus: new MemoryEventBus(), rateLimiter: new MemoryRateLimiter(), stream: new MemoryEventStream() },
    });
    const instance = (await startModule(fleetModule, runtime)) as SubgraphInstance<FleetContext>;
    return {
      runtime,
      instance,
      stored: async (id: string) => {
        const result = await runtime.database.db.execute(
          sql`select token_sealed, device_identity_sealed, device_token_sealed from fleet.gateways where id = ${id}`,
        );
        return (result as unknown as { rows: Sealed[] }).rows[0];
      },
      close: async () => {
        await instance.close?.();
        await stopRuntime(runtime);
      },
    };
  }

  it('reseals tokens and device identities under the new key at start', async () => {
    const [oldKey, newKey] = [generateSecretsKey(), generateSecretsKey()];
    const first = await start(oldKey);
    const owner: Identity = userIdentity(randomUUID(), { id: randomUUID(), role: 'OWNER' });
    const created = await executeAs(first.instance, owner, CREATE_GATEWAY, {
      input: gatewayInput({ token: 'gateway-token-before-rotation' }),
    });
    const gatewayId = created.data?.createGateway.id as string;
    const oldBox = createSecretBox(oldKey);
    await first.runtime.database.db.execute(
      sql`update fleet.gateways set device_identity_sealed = ${oldBox.seal('{"deviceId":"d1"}')},
          device_token_sealed = ${oldBox.seal('device-token-1')} where id = ${gatewayId}`,
    );
    const before = await first.stored(gatewayId);
    await first.close();

    const rotated = await start(newKey, oldKey);
    try {
      const after = await rotated.stored(gatewayId);
      const newBox = createSecretBox(newKey);
      for (const column of ['token_sealed', 'device_identity_sealed', 'device_token_sealed'] as const) {
        expect(after[column]).not.toBe(before[column]);
        expect(() => oldBox.open(after[column])).toThrow();
      }
      expect(newBox.open(after.token_sealed)).toBe('gateway-token-before-rotation');
      expect(newBox.open(after.device_identity_sealed)).toBe('{"deviceId":"d1"}');
      expect(newBox.open(after.device_token_sealed)).toBe('device-token-1');
      // A second start under the same keys has nothing left to do.
      const services = rotated.instance.createContext({
        identity: owner,
        requestId: randomUUID(),
        logger: rotated.runtime.logger,
        credentialExpiresAt: undefined,
      }).services;
      expect(await services.gateways.resealSecretsAtRest()).toEqual({ resealed: 0, unreadable: 0 });
    } finally {
      await rotated.close();
    }

    // Keys that open nothing: the secrets stay as they are, counted as unreadable, nothing crashes.
    const lost = await start(generateSecretsKey(), generateSecretsKey());
    try {
      const services = lost.instance.createContext({
        identity: owner,
        requestId: randomUUID(),
        logger: lost.runtime.logger,
        credentialExpiresAt: undefined,
      }).services;
      const stored = await lost.stored(gatewayId);
      expect(await services.gateways.resealSecretsAtRest()).toEqual({ resealed: 0, unreadable: 3 });
      expect(await lost.stored(gatewayId)).toEqual(stored);
    } finally {
      await lost.close();
    }
  }, 90_000);
});
