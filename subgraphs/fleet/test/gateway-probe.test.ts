/**
 * Dial-out-only gateways (a URL, never registered) are probed by a repeatable job through the
 * GatewayLink against the simulator: healthy → ONLINE with the runtime version; a refused token or an
 * old version → ERROR with the reason; gone → OFFLINE; registered gateways are left to their heartbeats.
 */
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import { DATABASE_KINDS, subscribeAs } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CREATE_GATEWAY,
  type FleetStack,
  gatewayInput,
  makeOrg,
  registerGateway,
  startFleetStack,
} from './fixtures.ts';

const STATUS = `query($id: ID!) { gateway(id: $id) { status lastError version lastSeenAt } }`;
const CONNECTION = `query($id: ID!) { gateway(id: $id) { lastHeartbeatAt
  connection { state since lastError serverVersion } } }`;
const HEALTH = `subscription($id: ID!) { gatewayHealth(gatewayId: $id) { status reason gateway { id } } }`;

describe.each(DATABASE_KINDS)('gateway probe on %s', (kind) => {
  let stack: FleetStack;
  const sims: GatewaySimulator[] = [];
  beforeAll(async () => {
    stack = await startFleetStack(kind, {
      env: { GATEWAY_PROBE_INTERVAL_MS: '150', GATEWAY_REQUEST_TIMEOUT_MS: '1500' },
    });
  });
  afterAll(async () => {
    await stack?.close();
    for (const sim of sims) await sim.stop();
  });

  const simulator = async (options: ConstructorParameters<typeof GatewaySimulator>[0] = {}) => {
    const sim = await new GatewaySimulator({ token: 'probe-token', ...options }).start();
    sims.push(sim);
    return sim;
  };

  async function gateway(org: Awaited<ReturnType<typeof makeOrg>>, url: string, extra: Record<string, unknown> = {}) {
    const data = await stack.ok(org.owner, CREATE_GATEWAY, {
      input: gatewayInput({ url, token: 'probe-token', pairingMode: 'CONTROL_UI', ...extra }),
    });
    return data.createGateway.id as string;
  }

  const status = async (org: Awaited<ReturnType<typeof makeOrg>>, id: string) =>
    (await stack.ok(org.owner, STATUS, { id })).gateway;

  it('a healthy gateway becomes ONLINE with its version; when it goes away, OFFLINE with the reason', async () => {
    const org = await makeOrg(stack);
    const sim = await simulator({ version: '2026.9.8' });
    const id = await gateway(org, sim.url);
    await expect.poll(async () => (await status(org, id)).status, { timeout: 10_000 }).toBe('ONLINE');
    expect(await status(org, id)).toMatchObject({ version: '2026.9.8', lastError: null });
    await sim.stop();
    await expect.poll(async () => (await status(org, id)).status, { timeout: 10_000 }).toBe('OFFLINE');
    expect((await status(org, id)).lastError).toMatch(/CONNECT_FAILED|CLOSED|TIMEOUT/);
  });

  it('Gateway.connection shows the live link: CONNECTED with the server version, then DISCONNECTED with the error, pushed on gatewayHealth', async () => {
    const org = await makeOrg(stack);
    const sim = await simulator({ version: '2026.9.7' });
    const id = await gateway(org, sim.url);
    const connection = async () => (await stack.ok(org.owner, CONNECTION, { id })).gateway;
    await expect.poll(async () => (await connection()).connection?.state, { timeout: 10_000 }).toBe('CONNECTED');
    const connected = (await connection()).connection;
    expect(connected).toMatchObject({ serverVersion: '2026.9.7', lastError: null });
    expect(new Date(connected.since).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await connection()).lastHeartbeatAt).toBeNull();
    // Probes keep opening and closing links: the state and its `since` stay put while nothing changes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await connection()).connection).toEqual(connected);

    const health = await subscribeAs(stack.fleet.instance, org.owner, HEALTH, { id });
    try {
      await sim.stop();
      await expect.poll(async () => (await connection()).connection?.state, { timeout: 10_000 }).toBe('DISCONNECTED');
      const disconnected = (await connection()).connection;
      expect(disconnected.lastError).toMatch(/CONNECT_FAILED|CLOSED|TIMEOUT/);
      expect(new Date(disconnected.since).getTime()).toBeGreaterThan(new Date(connected.since).getTime());
      const reasons: string[] = [];
      for (let i = 0; i < 4 && !reasons.some((r) => r.startsWith('link DISCONNECTED')); i++) {
        const event = await health.next(5_000);
        if (event === 'done' || event === 'timeout') break;
        reasons.push(event.data?.gatewayHealth.reason as string);
      }
      expect(reasons.some((r) => r.startsWith('link DISCONNECTED'))).toBe(true);
    } finally {
      await health.close();
    }
    // Another organization sees nothing of it.
    const other = await makeOrg(stack);
    const foreign = await stack.run(other.owner, CONNECTION, { id });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a registered gateway shows its last heartbeat', async () => {
    const org = await makeOrg(stack);
    const registered = await registerGateway(stack, org);
    const beat = await stack.ok(
      registered.caller,
      `mutation($id: ID!) { gatewayHeartbeat(gatewayId: $id, metrics: {activeSessions: 1, memoryBytes: 1, cpuPercent: 1,
        agentCount: 0, version: "2026.9.6"}) { __typename } }`,
      { id: registered.gateway.id },
    );
    expect(beat.gatewayHeartbeat.__typename).toBe('GatewayHeartbeatAck');
    const read = (await stack.ok(org.owner, CONNECTION, { id: registered.gateway.id })).gateway;
    expect(read.lastHeartbeatAt).toEqual(expect.any(String));
    expect(read.connection).toBeNull();
  });

  it('a refused token or an old version is ERROR with the reason', async () => {
    const org = await makeOrg(stack);
    const sim = await simulator();
    const wrong = await gateway(org, sim.url, { token: 'not-the-token' });
    const old = await simulator({ version: '2026.8.1' });
    const outdated = await gateway(org, old.url);
    await expect.poll(async () => (await status(org, wrong)).status, { timeout: 10_000 }).toBe('ERROR');
    expect((await status(org, wrong)).lastError).toMatch(/AUTH_FAILED/);
    await expect.poll(async () => (await status(org, outdated)).status, { timeout: 10_000 }).toBe('ERROR');
    expect((await status(org, outdated)).lastError).toMatch(/VERSION_UNSUPPORTED/);
  });

  it('leaves registered gateways to their heartbeats', async () => {
    const org = await makeOrg(stack);
    const sim = await simulator();
    const registered = await registerGateway(stack, org, { url: sim.url });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await status(org, registered.gateway.id)).status).toBe('PENDING');
  });
});
