/**
 * Provisioning, health and availability over dial-in: a gateway registered without a URL runs the
 * bridge (`ops/gateway-bridge`) against the simulator, and fleet reaches it only through its inbox.
 * An agent is provisioned end to end (create, files, session, wake, check-in); the bridge's heartbeats
 * keep the gateway ONLINE with the local gateway's metrics; without a bridge provisioning waits, then
 * the agent is OFFLINE with a clear error, and the bridge's arrival provisions it again; a gateway that
 * becomes unreachable takes its ONLINE agents OFFLINE (live) and its return brings them back; a
 * restarted bridge resumes from its state file — a request queued meanwhile runs, once.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DialInLink, DialOutLink, sessionKeyFor } from '@mc/gateway-link';
import { GatewaySimulator } from '@mc/gateway-link/simulator';
import type { DomainEvent, ServedSubgraph } from '@mc/kit';
import { DATABASE_KINDS, subscribeAs } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentReply } from '../src/domain-events.ts';
import { agentStatusChanged } from '../src/events.ts';
import { DialInService } from '../src/relay/dial-in.ts';
import { recordingLink, serveFleet, startBridge, stateFilePath } from './dial-in-fixtures.ts';
import {
  agentIdentity,
  chatMessage,
  collectEvents,
  type FleetStack,
  makeOrg,
  registerGateway,
  startFleetStack,
  type TestOrg,
} from './fixtures.ts';

const TOKEN = 'sim-provision-dial-in';
const GRACE_MS = 600;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id } ... on DomainError { code field } } }`;
const AGENT = `query($id: ID!) { agent(id: $id) { status lastError wakeAttempts lifecycleGeneration } }`;
const GATEWAY = `query($id: ID!) { gateway(id: $id) { status version metrics { agentCount activeSessions version } } }`;
const CHECK_IN = `mutation { agentCheckIn { ... on Agent { status } } }`;
const CONNECTION = `query($id: ID!) { gateway(id: $id) { connection { state since lastError transport clientAddress } } }`;
const HEALTH = `subscription($id: ID!) { gatewayHealth(gatewayId: $id) { reason } }`;

describe.each(DATABASE_KINDS)('provisioning over dial-in on %s', (kind) => {
  let stack: FleetStack;
  let served: ServedSubgraph;
  let sim: GatewaySimulator;
  const locals: DialOutLink[] = [];
  const replies: DomainEvent<AgentReply>[] = [];

  const localLink = () => {
    const link = new DialOutLink({
      url: sim.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 3_000,
    });
    locals.push(link);
    return link;
  };

  beforeAll(async () => {
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10, replyChunks: 2 }).start();
    stack = await startFleetStack(kind, {
      env: {
        GATEWAY_REQUEST_TIMEOUT_MS: '1500',
        DIAL_IN_FOLLOWER_GRACE_MS: String(GRACE_MS),
        AGENT_CHECKIN_TIMEOUT_MS: '600',
        AGENT_MAX_WAKES: '2',
        PROVISION_SETUP_BUDGET_MS: '2500',
        PROVISION_ATTEMPTS: '2',
        PROVISION_BACKOFF_MS: '50',
        AGENT_RECONCILE_INTERVAL_MS: '200',
        CHAT_RELAY_RETRY_MS: '50',
        CHAT_RELAY_RETRY_MAX_MS: '250',
        // Gateways are told to heartbeat every second (`nextHeartbeatSeconds`).
        GATEWAY_HEARTBEAT_INTERVAL_SECONDS: '1',
      },
    });
    served = await serveFleet(stack);
    await collectEvents(stack, 'provisioning-dial-in', 'fleet.agentReply', replies);
  });
  afterAll(async () => {
    await served?.close();
    await stack?.close();
    for (const link of locals) await link.close();
    await sim?.stop();
  });

  const agentNow = async (org: TestOrg, id: string) => (await stack.ok(org.owner, AGENT, { id })).agent;
  const createAgent = async (org: TestOrg, gatewayId: string, name: string) =>
    (await stack.ok(org.owner, CREATE_AGENT, { input: { name, gatewayId } })).createAgent as { id: string };

  it('provisions an agent end to end through the inbox; heartbeats keep the gateway ONLINE with its metrics', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    const local = localLink();
    const { bridge, errors } = await startBridge(served, gateway.caller, local, {
      heartbeat: { gatewayId: gateway.gateway.id, everyMs: 60_000 },
    });
    try {
      const agent = await createAgent(org, gateway.gateway.id, 'Inbound');
      const remoteId = `mc-${agent.id}`;
      await expect.poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 15_000 }).toBe(1);
      expect((await local.listAgents()).map((a) => a.id)).toContain(remoteId);
      expect((await local.readAgentFile(remoteId, 'IDENTITY.md')).content).toContain(agent.id);
      expect((await local.readAgentFile(remoteId, 'AGENTS.md')).content).toContain('MC_AGENT_TOKEN');
      const history = await local.chatHistory(sessionKeyFor(remoteId));
      expect(history.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([
        expect.stringContaining('wake up, Inbound (attempt 1)'),
      ]);
      await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
      expect(await agentNow(org, agent.id)).toMatchObject({ status: 'ONLINE', lastError: null });

      // Heartbeats every second, as fleet asked (not the bridge's own 60 s): the sample after the agent was made counts it.
      await expect
        .poll(async () => (await stack.ok(org.owner, GATEWAY, { id: gateway.gateway.id })).gateway, {
          timeout: 10_000,
        })
        .toMatchObject({
          status: 'ONLINE',
          version: sim.version,
          metrics: expect.arrayContaining([
            expect.objectContaining({ version: sim.version, agentCount: expect.any(Number) }),
          ]),
        });
      const { gateway: health } = await stack.ok(org.owner, GATEWAY, { id: gateway.gateway.id });
      expect(health.metrics.at(-1).agentCount).toBeGreaterThanOrEqual(1);
      expect(errors).toEqual([]);
    } finally {
      await bridge.stop();
    }
  });

  it('the bridge heartbeats at the period the answer names (nextHeartbeatSeconds), not its configured one', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    // Configured for 100 ms; every answer says 1 s.
    const { bridge, errors } = await startBridge(served, gateway.caller, localLink(), {
      heartbeat: { gatewayId: gateway.gateway.id, everyMs: 100 },
    });
    const samples = async () =>
      (await stack.ok(org.owner, GATEWAY, { id: gateway.gateway.id })).gateway.metrics.length as number;
    try {
      await expect.poll(samples, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      const started = Date.now();
      const first = await samples();
      await new Promise((resolve) => setTimeout(resolve, 3_200));
      const during = (await samples()) - first;
      const elapsedSeconds = (Date.now() - started) / 1000;
      // About one a second (3 in 3.2 s; the machine may be slow), far from the 30 a 100 ms period would send.
      expect(during).toBeGreaterThanOrEqual(2);
      expect(during).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
      expect(errors).toEqual([]);
    } finally {
      await bridge.stop();
    }
  });

  it('Gateway.connection: a bridge following the inbox is CONNECTED over DIAL_IN with its address, live; its socket closing drops it', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    const id = gateway.gateway.id;
    const connection = async (caller = org.owner) => (await stack.ok(caller, CONNECTION, { id })).gateway.connection;
    expect(await connection()).toBeNull();
    const health = await subscribeAs(stack.fleet.instance, org.owner, HEALTH, { id });
    const before = Date.now();
    const { bridge } = await startBridge(served, gateway.caller, localLink(), { clientAddress: '203.0.113.7' });
    try {
      await expect.poll(async () => (await connection())?.state, { timeout: 10_000 }).toBe('CONNECTED');
      const connected = await connection();
      expect(connected).toMatchObject({ transport: 'DIAL_IN', clientAddress: '203.0.113.7', lastError: null });
      expect(new Date(connected.since).getTime()).toBeGreaterThanOrEqual(before - 1_000);
      // The address is for admins; a member sees the connection without it.
      expect(await connection(org.as('MEMBER'))).toMatchObject({ state: 'CONNECTED', clientAddress: null });
      const first = await health.next(5_000);
      expect(first !== 'done' && first !== 'timeout' && first.data?.gatewayHealth.reason).toBe('link CONNECTED');

      await bridge.stop();
      await expect.poll(async () => (await connection())?.state, { timeout: 10_000 }).toBe('DISCONNECTED');
      const dropped = await connection();
      expect(dropped.lastError).toMatch(/stopped following/);
      expect(new Date(dropped.since).getTime()).toBeGreaterThanOrEqual(new Date(connected.since).getTime());
      const second = await health.next(5_000);
      expect(second !== 'done' && second !== 'timeout' && second.data?.gatewayHealth.reason).toMatch(
        /^link DISCONNECTED/,
      );
    } finally {
      await bridge.stop();
      await health.close();
    }
    // A bridge that follows again takes over; another organization sees nothing of it.
    const again = await startBridge(served, gateway.caller, localLink());
    try {
      await expect.poll(async () => (await connection())?.state, { timeout: 10_000 }).toBe('CONNECTED');
      expect((await connection()).clientAddress).toBeNull();
      const other = await makeOrg(stack);
      expect((await stack.run(other.owner, CONNECTION, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await again.bridge.stop();
    }
  });

  it('without a bridge provisioning waits, then OFFLINE with the reason; the bridge arriving provisions it again', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    const agent = await createAgent(org, gateway.gateway.id, 'Patient');
    await expect
      .poll(async () => (await agentNow(org, agent.id)).lastError, { timeout: 10_000 })
      .toMatch(/^waiting for the gateway: CONNECT_FAILED: the gateway is not connected/);
    expect((await agentNow(org, agent.id)).status).toBe('PROVISIONING');
    // Never stuck: after the deadline (2.5 s setup + 2 × 0.6 s) it is OFFLINE, saying why.
    await expect.poll(async () => (await agentNow(org, agent.id)).status, { timeout: 15_000 }).toBe('OFFLINE');
    expect((await agentNow(org, agent.id)).lastError).toMatch(/not connected: no bridge follows its inbox/);

    const { bridge, errors } = await startBridge(served, gateway.caller, localLink());
    try {
      await expect
        .poll(async () => agentNow(org, agent.id), { timeout: 15_000 })
        .toMatchObject({ status: 'PROVISIONING', lifecycleGeneration: 2, wakeAttempts: 1, lastError: null });
      await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
      expect((await agentNow(org, agent.id)).status).toBe('ONLINE');
      expect(errors).toEqual([]);
    } finally {
      await bridge.stop();
    }
  });

  it('an unreachable gateway takes its agents OFFLINE live; its bridge coming back brings them ONLINE and the held message through', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    const seen: { status: string; lastError: string | null }[] = [];
    const off = await stack.fleet.runtime.bus.subscribe(agentStatusChanged(org.id), (event) =>
      seen.push({ status: event.status, lastError: event.lastError }),
    );
    const stateFile = stateFilePath();
    const first = await startBridge(served, gateway.caller, localLink(), { stateFile });
    let second: Awaited<ReturnType<typeof startBridge>> | null = null;
    try {
      const agent = await createAgent(org, gateway.gateway.id, 'Steady');
      await expect.poll(async () => (await agentNow(org, agent.id)).wakeAttempts, { timeout: 15_000 }).toBe(1);
      await stack.ok(agentIdentity(agent.id, org.id), CHECK_IN);
      await first.bridge.stop();
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 200));

      const message = chatMessage(org.id, agent.id, 'still there?');
      await stack.fleet.runtime.events.stream.append([
        {
          id: randomUUID(),
          topic: 'chat.messageSent',
          organizationId: org.id,
          actor: null,
          occurredAt: new Date().toISOString(),
          payload: message,
        },
      ]);
      await expect.poll(async () => (await agentNow(org, agent.id)).status, { timeout: 10_000 }).toBe('OFFLINE');
      expect((await agentNow(org, agent.id)).lastError).toMatch(/^gateway unreachable: .*not connected/);
      await expect
        .poll(() => seen.at(-1))
        .toEqual({ status: 'OFFLINE', lastError: expect.stringMatching(/gateway unreachable/) });

      second = await startBridge(served, gateway.caller, localLink(), { stateFile });
      await expect
        .poll(async () => agentNow(org, agent.id), { timeout: 10_000 })
        .toMatchObject({ status: 'ONLINE', lastError: null, lifecycleGeneration: 1 });
      await expect.poll(() => seen.at(-1)).toEqual({ status: 'ONLINE', lastError: null });
      const parts = () => replies.filter((event) => event.payload.runId === message.messageId).map((e) => e.payload);
      await expect
        .poll(() => parts().filter((part) => part.part !== 'delta'), { timeout: 15_000 })
        .toEqual([expect.objectContaining({ part: 'final', text: expect.stringContaining('You said: still there?') })]);
      expect([...first.errors, ...second.errors]).toEqual([]);
    } finally {
      await off();
      await first.bridge.stop();
      await second?.bridge.stop();
    }
  });

  it('a restarted bridge resumes from its state file: a request queued while it was down runs, and nothing runs twice', async () => {
    const org = await makeOrg(stack);
    const gateway = await registerGateway(stack, org);
    // A longer grace than the stack's: the request below is queued while the bridge restarts.
    const inbox = new DialInService(stack.fleet.runtime, 60_000);
    const link = new DialInLink(inbox.transport(gateway.gateway.id), { requestTimeoutMs: 15_000 });
    const stateFile = stateFilePath();
    const firstLocal = recordingLink(localLink());
    const first = await startBridge(served, gateway.caller, firstLocal.link, { stateFile });
    const secondLocal = recordingLink(localLink());
    let second: Awaited<ReturnType<typeof startBridge>> | null = null;
    try {
      await expect
        .poll(() => link.createAgent({ agentId: 'resume-a', name: 'A' }).then((r) => r.created), {
          timeout: 10_000,
        })
        .toBe(true);
      await expect.poll(() => JSON.parse(readFileSync(stateFile, 'utf8')).sequence).toBeGreaterThan(0);
      const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { sequence: number; handled: string[] };
      await first.bridge.stop();

      const queued = link.createAgent({ agentId: 'resume-b', name: 'B' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      second = await startBridge(served, gateway.caller, secondLocal.link, { stateFile });
      expect(await queued).toMatchObject({ created: true, agent: { id: 'resume-b' } });
      // The restarted bridge ran only what was new: resume-a (handled before the restart) not again.
      expect(
        secondLocal.calls.map((call) => [call.operation, (call.args[0] as { agentId?: string })?.agentId]),
      ).toEqual([['createAgent', 'resume-b']]);
      expect(firstLocal.calls.map((call) => (call.args[0] as { agentId?: string })?.agentId)).not.toContain('resume-b');
      await expect.poll(() => JSON.parse(readFileSync(stateFile, 'utf8')).sequence).toBe(saved.sequence + 1);
      expect([...first.errors, ...second.errors]).toEqual([]);
    } finally {
      await link.close();
      await first.bridge.stop();
      await second?.bridge.stop();
    }
  });
});
