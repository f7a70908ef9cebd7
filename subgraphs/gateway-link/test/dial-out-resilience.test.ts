/**
 * The dial-out client when things go wrong, against the OpenClaw simulator: deadlines, dropped sockets,
 * restarts (announced, by config patch, silent), close(); and the pool that shares connections.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDeviceIdentity, DialOutLinkPool, signDeviceAuth } from '../src/index.ts';
import {
  cleanups,
  collect,
  configFor,
  expectCode,
  identity,
  link,
  runCleanups,
  simulator,
  statuses,
  until,
} from './support/dial-out.ts';

afterEach(runCleanups);

describe('deadlines, drops and restarts', () => {
  it('times out an unanswered request and stays usable', async () => {
    const sim = await simulator();
    const gateway = link(sim, { requestTimeoutMs: 200 });
    await gateway.connect();
    sim.faults.unanswered.add('agents.list');
    const started = Date.now();
    const error = await expectCode(gateway.listAgents(), 'TIMEOUT');
    expect(error.method).toBe('agents.list');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    sim.faults.unanswered.clear();
    expect(await gateway.listAgents()).toHaveLength(1);
    expect(sim.handshakes).toBe(1);
  });

  it('tolerates slow answers within the deadline and times out beyond it', async () => {
    const sim = await simulator();
    sim.faults.responseDelayMs = 150;
    const patient = link(sim, { requestTimeoutMs: 1_000 });
    expect(await patient.listAgents()).toHaveLength(1);
    const hurried = link(sim, { requestTimeoutMs: 80, connectTimeoutMs: 1_000 });
    await expectCode(hurried.listAgents(), 'TIMEOUT');
  });

  it('fails a request interrupted by a dropped connection with CLOSED, then reconnects by itself', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    await gateway.connect();
    const changes = statuses(gateway);
    sim.faults.dropOn.set('agents.list', 1);
    const error = await expectCode(gateway.listAgents(), 'CLOSED');
    expect(error.retryable).toBe(true);
    await until(() => gateway.status === 'ready');
    expect(changes.map((change) => change.status)).toEqual(['reconnecting', 'ready']);
    expect(await gateway.listAgents()).toHaveLength(1);
    expect(sim.handshakes).toBe(2);
  });

  it('reconnects after the network drops every socket', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    const first = await gateway.connect();
    sim.dropConnections();
    await until(() => gateway.status === 'reconnecting');
    await until(() => gateway.status === 'ready');
    expect(gateway.hello?.connectionId).not.toBe(first.connectionId);
    expect(await gateway.listAgents()).toHaveLength(1);
  });

  it('comes back after a gateway restart with a new boot, and calls during the outage wait for it', async () => {
    const sim = await simulator();
    const gateway = link(sim, { connectTimeoutMs: 5_000 });
    const before = await gateway.connect();
    const changes = statuses(gateway);
    const restarting = sim.restart({ downMs: 300 });
    await until(() => gateway.status === 'reconnecting');
    // Asked while the gateway is down: answered once it is back.
    const agents = await gateway.listAgents();
    await restarting;
    expect(agents).toHaveLength(1);
    expect(gateway.hello?.bootId).not.toBe(before.bootId);
    expect(changes[0]).toMatchObject({
      status: 'reconnecting',
      error: { code: 'CLOSED', gatewayCode: 'SERVICE_RESTART' },
    });
    expect(changes.at(-1)?.status).toBe('ready');
  });

  it('sends nothing more on a connection whose gateway announced shutdown; calls wait for the next one', async () => {
    const sim = await simulator();
    const gateway = link(sim, { connectTimeoutMs: 5_000 });
    const first = await gateway.connect();
    const changes = statuses(gateway);
    const events = collect(gateway);
    sim.announceShutdown(0);
    await until(() => events.some((event) => event.type === 'shutdown'));
    expect(changes).toHaveLength(0);
    const started = Date.now();
    const agents = await gateway.listAgents();
    expect(agents).toHaveLength(1);
    // The lingering socket was given up after the grace (restartExpectedMs + 1 s), the call went to a new one.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(gateway.hello?.connectionId).not.toBe(first.connectionId);
    expect(new Set(sim.requests.map((request) => request.connectionId)).size).toBe(1);
    expect(sim.requests[0].connectionId).toBe(gateway.hello?.connectionId);
    expect(changes.map((change) => change.status)).toEqual(['reconnecting', 'ready']);
  });

  it('restarts after a config patch that needs it, like OpenClaw', async () => {
    const sim = await simulator();
    const gateway = link(sim, { connectTimeoutMs: 5_000 });
    const events = collect(gateway);
    const before = await gateway.connect();
    await until(() => sim.connections.length === 1);
    // config.* is not part of the domain interface: drive the simulator's own method through a raw socket.
    const raw = new WebSocket(sim.url);
    cleanups.push(async () => raw.terminate());
    const answers: any[] = [];
    raw.on('message', (data) => {
      const frame = JSON.parse(String(data));
      answers.push(frame);
      if (frame.event === 'connect.challenge') {
        const scopes = ['operator.admin'];
        const signature = signDeviceAuth(identity, {
          deviceId: identity.deviceId,
          clientId: 'gateway-client',
          clientMode: 'backend',
          role: 'operator',
          scopes,
          signedAtMs: frame.payload.ts,
          token: 'sim-token',
          nonce: frame.payload.nonce,
          platform: 'linux',
        });
        raw.send(
          JSON.stringify({
            type: 'req',
            id: 'c',
            method: 'connect',
            params: {
              minProtocol: 4,
              maxProtocol: 4,
              client: { id: 'gateway-client', version: '1', platform: 'linux', mode: 'backend' },
              role: 'operator',
              scopes,
              auth: { token: 'sim-token' },
              device: {
                id: identity.deviceId,
                publicKey: identity.publicKey,
                signature,
                signedAt: frame.payload.ts,
                nonce: frame.payload.nonce,
              },
            },
          }),
        );
      }
      if (frame.id === 'c') raw.send(JSON.stringify({ type: 'req', id: 'g', method: 'config.get', params: {} }));
      if (frame.id === 'g') {
        expect(frame.payload.parsed.gateway.auth.token).toBe('__OPENCLAW_REDACTED__');
        raw.send(
          JSON.stringify({
            type: 'req',
            id: 'p',
            method: 'config.patch',
            params: { raw: JSON.stringify({ gateway: { port: 1 } }), baseHash: frame.payload.hash },
          }),
        );
      }
    });
    await until(() => answers.some((frame) => frame.id === 'p'));
    expect(answers.find((frame) => frame.id === 'p').payload.sentinel.payload.stats.requiresRestart).toBe(true);
    await until(() => events.some((event) => event.type === 'shutdown'));
    await until(() => gateway.status === 'ready' && gateway.hello?.bootId !== before.bootId, 5_000);
    expect(await gateway.listAgents()).toHaveLength(1);
  });

  it('drops a connection that stops ticking and reconnects', async () => {
    const sim = await simulator({ tickIntervalMs: 60 });
    const gateway = link(sim);
    await gateway.connect();
    const changes = statuses(gateway);
    sim.faults.silent = true;
    await until(() => changes.some((change) => change.status === 'reconnecting'));
    expect(changes[0].error?.code).toBe('TIMEOUT');
    sim.faults.silent = false;
    await until(() => gateway.status === 'ready');
  });

  it('close() fails pending calls with CLOSED and refuses new ones', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    await gateway.connect();
    sim.faults.unanswered.add('agents.list');
    const pending = gateway.listAgents();
    await until(() => sim.requests.length === 1);
    await gateway.close();
    await expectCode(pending, 'CLOSED');
    await expectCode(gateway.listAgents(), 'CLOSED');
    await expectCode(gateway.connect(), 'CLOSED');
    expect(gateway.status).toBe('closed');
    await until(() => sim.connections.length === 0);
  });
});

describe('pool', () => {
  it('shares one connection per URL and credential and closes it with its last handle', async () => {
    const sim = await simulator();
    const pool = new DialOutLinkPool();
    cleanups.push(() => pool.closeAll());
    const first = pool.link(configFor(sim));
    const second = pool.link(configFor(sim));
    const otherDevice = pool.link(configFor(sim, { deviceIdentity: createDeviceIdentity() }));
    await Promise.all([first.connect(), second.connect(), otherDevice.connect()]);
    expect(pool.size).toBe(2);
    expect(sim.connections).toHaveLength(2);

    const secondEvents = collect(second);
    await first.close();
    expect(first.status).toBe('closed');
    await expectCode(first.listAgents(), 'CLOSED');
    // The shared connection lives on for the other handle, with its listeners.
    expect(await second.listAgents()).toHaveLength(1);
    await second.createAgent({ agentId: 'pooled', name: 'pooled' });
    expect(secondEvents.some((event) => event.type === 'other')).toBe(true);
    expect(sim.connections).toHaveLength(2);

    await second.close();
    await until(() => sim.connections.length === 1);
    expect(pool.size).toBe(1);
    await pool.closeAll();
    await until(() => sim.connections.length === 0);
  });
});
