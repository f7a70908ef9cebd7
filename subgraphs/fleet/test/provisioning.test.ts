/**
 * The provisioning orchestrator against the OpenClaw gateway simulator (a real WebSocket server on
 * loopback, speaking OpenClaw's protocol): create the agent idempotently, write its files (no
 * secrets), open its session, wake it, wait for its check-in; no check-in after the wakes → OFFLINE
 * with the error; refused auth → ERROR on agent and gateway; a newer generation discards older work;
 * the reconcile schedule leaves no agent PROVISIONING past its deadline; deletion removes the agent
 * from the gateway.
 */
import { DialOutLink, sessionKeyFor } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import { DATABASE_KINDS } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentIdentity,
  CREATE_GATEWAY,
  type FleetStack,
  gatewayInput,
  makeOrg,
  startFleetStack,
  type TestOrg,
} from './fixtures.ts';

const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id name status lifecycleGeneration } ... on DomainError { code field } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { id name status lastError wakeAttempts lifecycleGeneration provisionDeadlineAt } }`;
const CHECK_IN = `mutation { agentCheckIn { ... on Agent { status } } }`;

const TOKEN = 'sim-secret-token-123';

describe.each(DATABASE_KINDS)('agent provisioning on %s', (kind) => {
  let stack: FleetStack;
  let sim: GatewaySimulator;
  beforeAll(async () => {
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    stack = await startFleetStack(kind, {
      env: {
        AGENT_CHECKIN_TIMEOUT_MS: '400',
        AGENT_MAX_WAKES: '3',
        GATEWAY_REQUEST_TIMEOUT_MS: '2000',
        AGENT_RECONCILE_INTERVAL_MS: '100',
        PROVISION_SETUP_BUDGET_MS: '10000',
        PROVISION_BACKOFF_MS: '50',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await sim?.stop();
  });

  /** A direct link to the simulator, to look at what the gateway holds. */
  const inspect = () =>
    new DialOutLink({
      url: sim.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 2_000,
    });

  async function gateway(org: TestOrg, extra: Record<string, unknown> = {}) {
    const data = await stack.ok(org.owner, CREATE_GATEWAY, {
      input: gatewayInput({ url: sim.url, token: TOKEN, workspaceRoot: '/srv/agents', ...extra }),
    });
    expect(data.createGateway.__typename).toBe('Gateway');
    return data.createGateway as { id: string };
  }

  const agentNow = async (org: TestOrg, id: string) => (await stack.ok(org.owner, AGENT, { id })).agent;

  it('creates the agent, writes its files without secrets, opens its session and wakes it; check-in makes it ONLINE', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org);
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Scout', gatewayId: gw.id } })).createAgent;
    const remoteId = `mc-${agent.id}`;
    await expect.poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 10_000 }).toBe(1);
    const link = inspect();
    try {
      const agents = await link.listAgents();
      expect(agents.find((a) => a.id === remoteId)).toMatchObject({
        name: 'Scout',
        workspace: `/srv/agents/${remoteId}`,
      });
      for (const name of ['IDENTITY.md', 'SOUL.md', 'USER.md', 'AGENTS.md']) {
        const file = await link.readAgentFile(remoteId, name);
        expect(file.content, name).toBeTruthy();
        expect(file.content).not.toContain(TOKEN);
        expect(file.content).not.toMatch(/mc[agr]_/);
      }
      expect((await link.readAgentFile(remoteId, 'IDENTITY.md')).content).toContain(agent.id);
      expect((await link.readAgentFile(remoteId, 'AGENTS.md')).content).toContain('MC_AGENT_TOKEN');
      const history = await link.chatHistory(sessionKeyFor(remoteId));
      expect(history.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([
        expect.stringContaining('wake up, Scout (attempt 1)'),
      ]);
    } finally {
      await link.close();
    }
    await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
    // Later check jobs find it ONLINE and leave it alone.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(await agentNow(org, agent.id)).toMatchObject({
      status: 'ONLINE',
      lastError: null,
      provisionDeadlineAt: null,
    });
  });

  it('an agent that never checks in is woken 3 times, then OFFLINE with the error', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org, { pairingMode: 'DEVICE' });
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Sleepy', gatewayId: gw.id } }))
      .createAgent;
    await expect.poll(async () => (await agentNow(org, agent.id)).status, { timeout: 15_000 }).toBe('OFFLINE');
    const final = await agentNow(org, agent.id);
    expect(final.lastError).toMatch(/no check-in after 3 wake/);
    expect(final.wakeAttempts).toBe(3);
    const link = inspect();
    try {
      const wakes = (await link.chatHistory(sessionKeyFor(`mc-${agent.id}`))).filter((m) => m.role === 'user');
      expect(wakes).toHaveLength(3);
    } finally {
      await link.close();
    }
    // Fleet paired with a sealed device identity it keeps for this gateway.
    const sealed = await stack.fleet.runtime.database.db.execute(
      sql`select device_identity_sealed from fleet.gateways where id = ${gw.id}`,
    );
    expect(
      (sealed as unknown as { rows: { device_identity_sealed: string }[] }).rows[0].device_identity_sealed,
    ).toMatch(/^v1\./);
    const events = await stack.fleet.runtime.database.db.execute(
      sql`select event->'payload'->>'status' as status from fleet.mc_outbox
          where event->'payload'->>'agentId' = ${agent.id} order by seq`,
    );
    expect((events as unknown as { rows: { status: string }[] }).rows.map((row) => row.status)).toEqual([
      'PROVISIONING',
      'OFFLINE',
    ]);
  });

  it('an agent that already exists on the gateway is taken over (idempotent create)', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org);
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Twin', gatewayId: gw.id } })).createAgent;
    // Provisioning may already be under way; creating it again on the gateway is harmless either way.
    const link = inspect();
    try {
      await link.createAgent({ agentId: `mc-${agent.id}`, name: 'Twin' });
    } finally {
      await link.close();
    }
    await expect.poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 10_000 }).toBeGreaterThan(0);
    await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
    expect((await agentNow(org, agent.id)).status).toBe('ONLINE');
  });

  it('a refused token ends in ERROR on the agent and the gateway, with the reason', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org, { token: 'wrong-token', pairingMode: 'CONTROL_UI' });
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Locked', gatewayId: gw.id } }))
      .createAgent;
    await expect.poll(async () => (await agentNow(org, agent.id)).status, { timeout: 10_000 }).toBe('ERROR');
    expect((await agentNow(org, agent.id)).lastError).toMatch(/AUTH_FAILED/);
    const seen = await stack.ok(org.owner, `query($id: ID!) { gateway(id: $id) { status lastError } }`, { id: gw.id });
    expect(seen.gateway).toMatchObject({ status: 'ERROR', lastError: expect.stringMatching(/AUTH_FAILED/) });
  });

  it('an unreachable gateway is retried, then ERROR — never left PROVISIONING', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org, { url: 'ws://127.0.0.1:9' });
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Far', gatewayId: gw.id } })).createAgent;
    await expect.poll(async () => (await agentNow(org, agent.id)).status, { timeout: 15_000 }).toBe('ERROR');
    expect((await agentNow(org, agent.id)).lastError).toMatch(/CONNECT_FAILED|CLOSED|TIMEOUT/);
  });

  it('a newer lifecycle generation discards the older one’s work', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org);
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'First', gatewayId: gw.id } })).createAgent;
    const renamed = await stack.ok(
      org.owner,
      `mutation($id: ID!) { updateAgent(id: $id, input: {name: "Second"}) { ... on Agent { lifecycleGeneration } } }`,
      { id: agent.id },
    );
    expect(renamed.updateAgent.lifecycleGeneration).toBe(2);
    await expect.poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 10_000 }).toBeGreaterThan(0);
    const link = inspect();
    try {
      await expect
        .poll(async () => (await link.readAgentFile(`mc-${agent.id}`, 'IDENTITY.md')).content, { timeout: 5_000 })
        .toContain('Name: Second');
      const wakes = (await link.chatHistory(sessionKeyFor(`mc-${agent.id}`))).filter((m) => m.role === 'user');
      expect(wakes.some((m) => m.text.includes('wake up, Second'))).toBe(true);
    } finally {
      await link.close();
    }
    await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
    expect(await agentNow(org, agent.id)).toMatchObject({ status: 'ONLINE', lifecycleGeneration: 2 });
  });

  it('the reconcile schedule marks an agent still PROVISIONING after its deadline OFFLINE', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org);
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Stuck', gatewayId: gw.id } })).createAgent;
    await expect.poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 10_000 }).toBe(1);
    // As if the check jobs were lost with a crashed process: only the deadline is left.
    await stack.fleet.runtime.database.db.execute(
      sql`update fleet.agents set provision_deadline_at = now() - interval '1 second', lifecycle_generation = lifecycle_generation
          where id = ${agent.id} and status = 'PROVISIONING'`,
    );
    await expect.poll(async () => (await agentNow(org, agent.id)).status, { timeout: 5_000 }).not.toBe('PROVISIONING');
  });

  it('deleting an agent removes it from the gateway', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org);
    const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Gone', gatewayId: gw.id } })).createAgent;
    await expect.poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 10_000 }).toBe(1);
    await stack.ok(org.owner, `mutation($id: ID!) { deleteAgent(id: $id) { __typename } }`, { id: agent.id });
    const link = inspect();
    try {
      await expect
        .poll(async () => (await link.listAgents()).some((a) => a.id === `mc-${agent.id}`), { timeout: 5_000 })
        .toBe(false);
    } finally {
      await link.close();
    }
  });

  it('deleting an agent while its provisioning is mid-flight leaves nothing on a slow gateway', async () => {
    // A gateway of its own whose every answer is slow: the removal job can run while the create is
    // still on its way, so only the lifecycle check after each step can take the agent off again.
    const slow = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    slow.faults.responseDelayMs = 250;
    const look = new DialOutLink({
      url: slow.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 5_000,
    });
    try {
      const org = await makeOrg(stack);
      const gw = await gateway(org, { url: slow.url });
      const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Brief', gatewayId: gw.id } }))
        .createAgent;
      // Provisioning has started (its deadline is set before the first remote call).
      await expect
        .poll(async () => (await agentNow(org, agent.id)).provisionDeadlineAt, { timeout: 10_000, interval: 20 })
        .not.toBeNull();
      await stack.ok(org.owner, `mutation($id: ID!) { deleteAgent(id: $id) { __typename } }`, { id: agent.id });
      const onGateway = async () => (await look.listAgents()).some((a) => a.id === `mc-${agent.id}`);
      // Let the provisioning job run out (create ≈ 1 s on this gateway, then the lifecycle check).
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      await expect.poll(onGateway, { timeout: 8_000 }).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await onGateway()).toBe(false);
      // No wake was sent to an agent that no longer exists.
      const history = await look.chatHistory(sessionKeyFor(`mc-${agent.id}`)).catch(() => []);
      expect(history.filter((m) => m.role === 'user')).toEqual([]);
    } finally {
      await look.close();
      await slow.stop();
    }
  }, 40_000);

  it('imports an agent that already exists on the gateway and provisions it under its own id', async () => {
    const org = await makeOrg(stack);
    const gw = await gateway(org);
    const remoteId = `legacy-${Date.now().toString(36)}`;
    const link = inspect();
    try {
      await link.createAgent({ agentId: remoteId, name: 'Legacy Bot' });
    } finally {
      await link.close();
    }
    const IMPORT = `mutation($input: ImportAgentInput!) { importAgent(input: $input) {
      __typename ... on Agent { id name remoteAgentId status } ... on DomainError { code field } } }`;
    const imported = (await stack.ok(org.owner, IMPORT, { input: { gatewayId: gw.id, remoteAgentId: remoteId } }))
      .importAgent;
    expect(imported).toMatchObject({
      __typename: 'Agent',
      name: 'Legacy Bot',
      remoteAgentId: remoteId,
      status: 'PROVISIONING',
    });
    await expect.poll(async () => (await agentNow(org, imported.id)).wakeAttempts, { timeout: 10_000 }).toBe(1);
    const check = inspect();
    try {
      expect((await check.readAgentFile(remoteId, 'IDENTITY.md')).content).toContain(imported.id);
      const wakes = (await check.chatHistory(sessionKeyFor(remoteId))).filter((m) => m.role === 'user');
      expect(wakes).toHaveLength(1);
    } finally {
      await check.close();
    }
    await stack.ok(agentIdentity(imported.id, org.id), CHECK_IN);
    expect((await agentNow(org, imported.id)).status).toBe('ONLINE');

    const again = await stack.ok(org.owner, IMPORT, {
      input: { gatewayId: gw.id, remoteAgentId: remoteId, name: 'Other' },
    });
    expect(again.importAgent).toMatchObject({ code: 'CONFLICT', field: 'input.remoteAgentId' });
    const missing = await stack.ok(org.owner, IMPORT, { input: { gatewayId: gw.id, remoteAgentId: 'nobody-here' } });
    expect(missing.importAgent).toMatchObject({ code: 'NOT_FOUND', field: 'input.remoteAgentId' });
    const bad = await stack.ok(org.owner, IMPORT, { input: { gatewayId: gw.id, remoteAgentId: 'Not An Id!' } });
    expect(bad.importAgent).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.remoteAgentId' });
    const down = await gateway(org, { url: 'ws://127.0.0.1:9' });
    const unreachable = await stack.ok(org.owner, IMPORT, { input: { gatewayId: down.id, remoteAgentId: remoteId } });
    expect(unreachable.importAgent).toMatchObject({ code: 'GATEWAY_UNAVAILABLE', field: 'input.gatewayId' });
  });

  it('a gateway that restarts mid-provisioning is retried: the agent still gets its files and its wake', async () => {
    const flaky = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10 }).start();
    try {
      const org = await makeOrg(stack);
      const gw = await gateway(org, { url: flaky.url });
      const agent = (await stack.ok(org.owner, CREATE_AGENT, { input: { name: 'Phoenix', gatewayId: gw.id } }))
        .createAgent;
      await flaky.restart({ downMs: 300 });
      await expect
        .poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 15_000 })
        .toBeGreaterThan(0);
      await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
      expect(await agentNow(org, agent.id)).toMatchObject({ status: 'ONLINE', lastError: null });
    } finally {
      await flaky.stop();
    }
  });
});
