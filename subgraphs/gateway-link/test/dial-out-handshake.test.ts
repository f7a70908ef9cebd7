/**
 * The dial-out client's handshake against the OpenClaw simulator over real loopback WebSockets: device
 * signatures and auth modes, typed refusals, version checks, the start-up window, retries, and TLS.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeviceIdentity, DialOutLink, GatewayLinkError } from '../src/index.ts';
import type { GatewaySimulator } from '../src/simulator/index.ts';
import {
  cleanups,
  configFor,
  expectCode,
  identity,
  link,
  runCleanups,
  simulator,
  statuses,
} from './support/dial-out.ts';

afterEach(runCleanups);

describe('handshake', () => {
  it('signs the challenge with the device identity and reports the hello', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    const changes = statuses(gateway);

    const hello = await gateway.connect();

    expect(hello).toMatchObject({ protocol: 4, serverVersion: '2026.9.6', role: 'operator', authMethod: 'token' });
    expect(hello.scopes).toEqual(['operator.read', 'operator.write', 'operator.admin']);
    expect(hello.methods).toContain('chat.send');
    expect(gateway.status).toBe('ready');
    expect(changes.map((change) => change.status)).toEqual(['connecting', 'ready']);
    expect(sim.connections).toEqual([
      expect.objectContaining({ deviceId: identity.deviceId, clientId: 'gateway-client' }),
    ]);
    // The identity is plain JSON: stored and restored, it is the same device.
    const restored = JSON.parse(JSON.stringify(identity));
    const again = link(sim, { deviceIdentity: restored });
    await again.connect();
    expect(sim.connections.map((connection) => connection.deviceId)).toEqual([identity.deviceId, identity.deviceId]);
  });

  it('connects without a device in control-ui mode on loopback, and refuses when the gateway grants no scopes', async () => {
    const local = await simulator();
    const hello = await link(local, { pairing: 'control-ui', deviceIdentity: undefined }).connect();
    expect(hello.scopes).toContain('operator.admin');
    expect(local.connections[0].deviceId).toBeNull();

    const remote = await simulator({ remotePeers: true });
    const refused = link(remote, { pairing: 'control-ui', deviceIdentity: undefined });
    const error = await expectCode(refused.connect(), 'AUTH_FAILED');
    expect(error.message).toMatch(/did not grant/);
    expect(refused.status).toBe('closed');
  });

  it('refuses a wrong token with AUTH_FAILED and stops retrying', async () => {
    const sim = await simulator();
    const gateway = link(sim, { token: 'wrong-token' });
    const error = await expectCode(gateway.connect(), 'AUTH_FAILED');
    expect(error.gatewayCode).toBe('AUTH_TOKEN_MISMATCH');
    expect(error.retryable).toBe(false);
    expect(gateway.status).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sim.handshakes).toBe(0);
    expect(sim.connections).toHaveLength(0);
  });

  it('refuses a forged device identity and a missing token', async () => {
    const sim = await simulator();
    const other = createDeviceIdentity();
    const forged = { ...identity, publicKey: other.publicKey };
    await expectCode(link(sim, { deviceIdentity: forged }).connect(), 'AUTH_FAILED');
    // Keys of two identities mixed: the gateway itself rejects the id.
    const mismatched = { ...other, deviceId: identity.deviceId };
    await expectCode(link(sim, { deviceIdentity: mismatched }).connect(), 'AUTH_FAILED');
    const missing = await expectCode(link(sim, { token: undefined }).connect(), 'AUTH_FAILED');
    expect(missing.gatewayCode).toBe('AUTH_TOKEN_MISSING');
    await expectCode(link(sim, { pairing: 'device', deviceIdentity: undefined }).connect(), 'AUTH_FAILED');
    expect(sim.handshakes).toBe(0);
  });

  it('answers the gateway fault "reject auth" with AUTH_FAILED', async () => {
    const sim = await simulator();
    sim.faults.rejectAuth = true;
    await expectCode(link(sim).connect(), 'AUTH_FAILED');
  });

  it('refuses a gateway below the minimum version, and accepts it once upgraded', async () => {
    const sim = await simulator({ version: '2026.8.30' });
    const gateway = link(sim);
    const error = await expectCode(gateway.connect(), 'VERSION_UNSUPPORTED');
    expect(error.message).toContain('2026.8.30');
    expect(gateway.status).toBe('closed');
    expect(await gateway.listAgents().catch((caught) => caught.code)).toBe('VERSION_UNSUPPORTED');

    sim.version = '2026.10.2';
    expect((await gateway.connect()).serverVersion).toBe('2026.10.2');
    expect(gateway.status).toBe('ready');
  });

  it('refuses a version that is not CalVer', async () => {
    const sim = await simulator({ version: 'dev' });
    await expectCode(link(sim).connect(), 'VERSION_UNSUPPORTED');
  });

  it('retries through the gateway start-up window (UNAVAILABLE, close 1013) until hello-ok', async () => {
    const sim = await simulator({ startupMs: 400 });
    const gateway = link(sim, { connectTimeoutMs: 5_000 });
    const changes = statuses(gateway);
    const hello = await gateway.connect();
    expect(hello.protocol).toBe(4);
    const retries = changes.filter((change) => change.status === 'reconnecting');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0].error?.code).toBe('CONNECT_FAILED');
    expect(retries[0].error?.gatewayCode).toBe('UNAVAILABLE');
  });

  it('fails with CONNECT_FAILED when nothing listens, within the connect deadline', async () => {
    const sim = await simulator();
    const url = sim.url;
    await sim.stop();
    const gateway = new DialOutLink({ ...configFor(sim), url, connectTimeoutMs: 300 });
    cleanups.push(() => gateway.close());
    const started = Date.now();
    const error = await expectCode(gateway.connect(), 'CONNECT_FAILED');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(gateway.status).toBe('reconnecting');
  });

  it('gives up after maxAttempts and reports the last error', async () => {
    const sim = await simulator();
    const url = sim.url;
    await sim.stop();
    const gateway = new DialOutLink({
      ...configFor(sim),
      url,
      connectTimeoutMs: 5_000,
      reconnect: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0, maxAttempts: 3 },
    });
    cleanups.push(() => gateway.close());
    const changes = statuses(gateway);
    await expectCode(gateway.connect(), 'CONNECT_FAILED');
    expect(gateway.status).toBe('closed');
    expect(changes.filter((change) => change.status === 'reconnecting').map((change) => change.attempt)).toEqual([
      1, 2, 3,
    ]);
  });

  it('rejects URLs that are not ws:// or wss://', () => {
    expect(() => new DialOutLink({ ...configFor({ url: 'http://127.0.0.1:1' } as GatewaySimulator) })).toThrow(
      GatewayLinkError,
    );
  });
});

describe('TLS', () => {
  const tls = {
    key: readFileSync(new URL('./fixtures/self-signed.key.pem', import.meta.url), 'utf8'),
    cert: readFileSync(new URL('./fixtures/self-signed.cert.pem', import.meta.url), 'utf8'),
  };

  it('refuses a self-signed certificate unless allowed, and only for that link', async () => {
    const sim = await simulator({ tls });
    expect(sim.url).toMatch(/^wss:\/\//);
    const strict = link(sim);
    const error = await expectCode(strict.connect(), 'CONNECT_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/TLS/);
    expect(strict.status).toBe('closed');

    const lenient = link(sim, { allowSelfSigned: true });
    expect((await lenient.connect()).protocol).toBe(4);
    // Allowing it on one link changed nothing for the others.
    await expectCode(link(sim).connect(), 'CONNECT_FAILED');
  });
});
