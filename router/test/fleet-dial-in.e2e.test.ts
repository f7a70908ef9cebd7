/**
 * Provisioning over dial-in, end to end with real processes on PostgreSQL + Redis: the OpenClaw gateway
 * simulator and the gateway bridge (`ops/gateway-bridge/main.ts`) run as their own processes. A gateway
 * registers with a one-time registration token (no URL); its bridge follows its inbox through the router
 * with the `mcg_` credential and heartbeats. An agent created by the admin is provisioned through the
 * bridge and checks in → ONLINE. The bridge is killed mid-provisioning: provisioning waits, then the
 * agent is OFFLINE with the reason — never stuck — and the silent gateway takes its ONLINE agent
 * OFFLINE too. The bridge restarted (same state file) brings both back: the first ONLINE, the second
 * provisioned again, and it checks in. Throughout, `Gateway.connection` follows the bridge: CONNECTED over
 * DIAL_IN from its address (127.0.0.1, as the router saw it), DISCONNECTED once its socket closed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminStack, startAdminStack } from './support/admin-stack.ts';
import { checkInAgent, registerDialInGateway } from './support/chat-fixtures.ts';
import { bearer, type Proc, spawnNode, tempDir } from './support/processes.ts';
import { useSimulator } from './support/simulator.ts';

const GATEWAY_TOKEN = 'simulated-gateway-token-dial-in';

const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id status } ... on DomainError { code field } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status wakeAttempts lastError lifecycleGeneration } }`;
const GATEWAY = `query($id: ID!) { gateway(id: $id) { status version metrics { agentCount version } } }`;
const CONNECTION = `query($id: ID!) { gateway(id: $id) { connection { state transport clientAddress lastError } } }`;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('provisioning through a dial-in gateway (bridge and simulator as processes)', () => {
  let admin: AdminStack;
  const simulator = useSimulator(GATEWAY_TOKEN);
  const bridges: Proc[] = [];

  beforeAll(async () => {
    admin = await startAdminStack({
      subgraphEnv: {
        GATEWAY_REQUEST_TIMEOUT_MS: '3000',
        DIAL_IN_FOLLOWER_GRACE_MS: '1500',
        PROVISION_SETUP_BUDGET_MS: '6000',
        AGENT_CHECKIN_TIMEOUT_MS: '3000',
        AGENT_MAX_WAKES: '2',
        PROVISION_ATTEMPTS: '2',
        PROVISION_BACKOFF_MS: '200',
        AGENT_RECONCILE_INTERVAL_MS: '500',
        GATEWAY_OFFLINE_AFTER_SECONDS: '4',
        // The bridge heartbeats at the period fleet names in its answers.
        GATEWAY_HEARTBEAT_INTERVAL_SECONDS: '1',
        GATEWAY_SWEEP_INTERVAL_MS: '500',
      },
    });
    // Five subgraph processes and a router start cold; on a loaded 2-core machine that took over 3 minutes.
  }, 300_000);

  afterAll(async () => {
    for (const bridge of bridges) await bridge.stop();
    await admin?.stop();
  });

  it('register → bridge → agent ONLINE; bridge killed mid-provisioning → OFFLINE with the reason; bridge back → reconciled', async () => {
    const url = admin.stack.routerUrl;
    const orgId = await admin.organization('DialIn');
    const adminIn = bearer(admin.stack.env.LOCAL_AUTH_TOKEN, orgId);
    const { credential, gateway } = await registerDialInGateway(url, adminIn, 'behind-nat');
    const stateFile = join(tempDir('bridge'), 'state.json');
    const startBridge = async () => {
      const { proc, ready } = spawnNode(
        'ops/gateway-bridge/main.ts',
        {
          MC_URL: url,
          MC_GATEWAY_ID: gateway.id,
          MC_GATEWAY_CREDENTIAL: credential,
          OPENCLAW_URL: simulator.url,
          OPENCLAW_TOKEN: GATEWAY_TOKEN,
          BRIDGE_STATE_FILE: stateFile,
          BRIDGE_HEARTBEAT_INTERVAL_MS: '1000',
        },
        /gateway bridge: ws:/,
      );
      bridges.push(proc);
      await ready;
      return proc;
    };
    const agentOf = async (id: string) => (await admin.call(AGENT, { id }, orgId)).data.agent;
    const checkIn = (id: string) => checkInAgent(url, adminIn, id);
    const createAgent = async (name: string) => {
      const created = await admin.call(CREATE_AGENT, { input: { name, gatewayId: gateway.id } }, orgId);
      expect(created.data.createAgent).toMatchObject({ __typename: 'Agent', status: 'PROVISIONING' });
      return created.data.createAgent.id as string;
    };

    let bridge = await startBridge();
    const first = await createAgent('Ada');
    const woken = await eventually(
      () => agentOf(first),
      (agent) => agent.wakeAttempts >= 1,
    );
    expect(woken).toMatchObject({ status: 'PROVISIONING', lastError: null });
    expect(await checkIn(first)).toEqual({ __typename: 'Agent', status: 'ONLINE' });
    // The bridge's heartbeats carry the simulator's metrics.
    const health = await eventually(
      async () => (await admin.call(GATEWAY, { id: gateway.id }, orgId)).data.gateway,
      (value) =>
        value.status === 'ONLINE' && value.metrics.some((sample: { agentCount: number }) => sample.agentCount >= 1),
    );
    expect(health).toMatchObject({ status: 'ONLINE', version: '2026.9.6' });
    const connection = async () => (await admin.call(CONNECTION, { id: gateway.id }, orgId)).data.gateway.connection;
    expect(await connection()).toEqual({
      state: 'CONNECTED',
      transport: 'DIAL_IN',
      clientAddress: '127.0.0.1',
      lastError: null,
    });

    // Killed as the second agent's provisioning starts.
    const second = await createAgent('Bea');
    bridge.child.kill('SIGKILL');
    await bridge.stop();
    const offline = await eventually(
      () => agentOf(second),
      (agent) => agent.status !== 'PROVISIONING',
      40_000,
    );
    expect(offline.status).toBe('OFFLINE');
    expect(offline.lastError).toMatch(/gateway/);
    expect(await connection()).toMatchObject({ state: 'DISCONNECTED', transport: 'DIAL_IN' });
    // The silent gateway (no heartbeats) goes OFFLINE, and its ONLINE agent with it.
    const firstOffline = await eventually(
      () => agentOf(first),
      (agent) => agent.status === 'OFFLINE',
    );
    expect(firstOffline.lastError).toMatch(/^gateway unreachable/);

    bridge = await startBridge();
    const back = await eventually(
      () => agentOf(first),
      (agent) => agent.status === 'ONLINE',
    );
    expect(back).toMatchObject({ status: 'ONLINE', lastError: null });
    expect(await connection()).toMatchObject({ state: 'CONNECTED', clientAddress: '127.0.0.1' });
    const again = await eventually(
      () => agentOf(second),
      (agent) => agent.status === 'PROVISIONING' && agent.wakeAttempts >= 1,
    );
    expect(again).toMatchObject({ lifecycleGeneration: 2, lastError: null });
    expect(await checkIn(second)).toEqual({ __typename: 'Agent', status: 'ONLINE' });
    await bridge.stop();
  }, 180_000);
});
