/**
 * The dial-out client against the OpenClaw simulator over real loopback WebSockets: handshake and auth
 * modes, every GatewayLink method, typed errors, deadlines, reconnects after drops and restarts, version
 * checks, TLS and the pool.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createDeviceIdentity,
  DialOutLink,
  DialOutLinkPool,
  type GatewayEvent,
  type GatewayLink,
  type GatewayLinkConfig,
  GatewayLinkError,
  type GatewayLinkErrorCode,
  type GatewayStatusChange,
  sessionKeyFor,
  signDeviceAuth,
  waitForChatOutcome,
} from '../src/index.ts';
import { GatewaySimulator, type GatewaySimulatorOptions } from '../src/simulator/index.ts';

const identity = createDeviceIdentity();
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: GatewaySimulatorOptions = {}): Promise<GatewaySimulator> {
  const sim = await new GatewaySimulator({ token: 'sim-token', ...options }).start();
  cleanups.push(() => sim.stop());
  return sim;
}

function configFor(sim: GatewaySimulator, overrides: Partial<GatewayLinkConfig> = {}): GatewayLinkConfig {
  return {
    url: sim.url,
    token: 'sim-token',
    deviceIdentity: identity,
    pairing: 'device',
    minVersion: '2026.9.1',
    requestTimeoutMs: 2_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200, jitter: 0.2, maxAttempts: null },
    ...overrides,
  };
}

function link(sim: GatewaySimulator, overrides: Partial<GatewayLinkConfig> = {}): DialOutLink {
  const instance = new DialOutLink(configFor(sim, overrides));
  cleanups.push(() => instance.close());
  return instance;
}

async function expectCode(promise: Promise<unknown>, code: GatewayLinkErrorCode): Promise<GatewayLinkError> {
  const error = await promise.then(
    () => null,
    (caught) => caught,
  );
  expect(error).toBeInstanceOf(GatewayLinkError);
  expect((error as GatewayLinkError).code).toBe(code);
  return error as GatewayLinkError;
}

function collect(instance: GatewayLink): GatewayEvent[] {
  const events: GatewayEvent[] = [];
  instance.onEvent((event) => events.push(event));
  return events;
}

function statuses(instance: GatewayLink): GatewayStatusChange[] {
  const changes: GatewayStatusChange[] = [];
  instance.onStatus((change) => changes.push(change));
  return changes;
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

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

describe('agents and files', () => {
  it('creates an agent idempotently, waiting out the hot reload, then updates and deletes it', async () => {
    const sim = await simulator({ agentReloadDelayMs: 300 });
    const gateway = link(sim);

    const first = await gateway.createAgent({ agentId: 'mc-writer', name: 'Writer' });
    expect(first).toEqual({
      created: true,
      agent: expect.objectContaining({
        id: 'mc-writer',
        name: 'Writer',
        workspace: expect.stringContaining('mc-writer'),
      }),
    });
    // Usable at once: the reload already landed.
    const file = await gateway.writeAgentFile('mc-writer', 'SOUL.md', '# Soul\nBe brief.\n');
    expect(file).toMatchObject({ name: 'SOUL.md', missing: false, size: 17 });
    expect(file.hash).toMatch(/^[0-9a-f]{64}$/);

    const again = await gateway.createAgent({ agentId: 'mc-writer', name: 'Writer' });
    expect(again.created).toBe(false);
    expect(sim.requests.filter((request) => request.method === 'agents.update')).toHaveLength(1);

    const agents = await gateway.listAgents();
    expect(agents.map((agent) => agent.id).sort()).toEqual(['main', 'mc-writer']);

    await gateway.updateAgent({ agentId: 'mc-writer', name: 'Senior Writer', model: 'fake/other' });
    expect((await gateway.listAgents()).find((agent) => agent.id === 'mc-writer')).toMatchObject({
      name: 'Senior Writer',
      model: 'fake/other',
    });

    await gateway.deleteAgent('mc-writer', { deleteFiles: true });
    expect((await gateway.listAgents()).map((agent) => agent.id)).toEqual(['main']);
    await expectCode(gateway.deleteAgent('mc-writer'), 'NOT_FOUND');
    await expectCode(gateway.updateAgent({ agentId: 'mc-writer', name: 'x' }), 'NOT_FOUND');
  });

  it('refuses invalid agent ids before calling the gateway', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    const error = await expectCode(gateway.createAgent({ agentId: 'Not An Id!', name: 'x' }), 'GATEWAY_ERROR');
    expect(error.gatewayCode).toBe('INVALID_REQUEST');
    expect(sim.requests).toHaveLength(0);
  });

  it('writes, lists and reads workspace files with compare-and-swap and typed refusals', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    await gateway.createAgent({ agentId: 'files-agent', name: 'files-agent' });

    const written = await gateway.writeAgentFile('files-agent', 'AGENTS.md', 'v1');
    const files = await gateway.listAgentFiles('files-agent');
    expect(files.map((entry) => entry.name)).toEqual(['AGENTS.md', 'SOUL.md', 'USER.md', 'BOOTSTRAP.md', 'MEMORY.md']);
    expect(files.find((entry) => entry.name === 'AGENTS.md')).toMatchObject({ size: 2, missing: false });
    expect(files.find((entry) => entry.name === 'MEMORY.md')).toMatchObject({ missing: true, hash: null });
    expect(await gateway.readAgentFile('files-agent', 'AGENTS.md')).toMatchObject({ content: 'v1', missing: false });

    await gateway.writeAgentFile('files-agent', 'AGENTS.md', 'v2', { expectedHash: written.hash! });
    const conflict = await expectCode(
      gateway.writeAgentFile('files-agent', 'AGENTS.md', 'v3', { expectedHash: written.hash! }),
      'GATEWAY_ERROR',
    );
    expect(conflict.gatewayCode).toBe('INVALID_REQUEST');
    expect((await gateway.readAgentFile('files-agent', 'AGENTS.md')).content).toBe('v2');

    const unsupported = await expectCode(gateway.writeAgentFile('files-agent', 'TOOLS.md', 'x'), 'GATEWAY_ERROR');
    expect(unsupported.message).toContain('unsupported file');
    await expectCode(gateway.writeAgentFile('nobody', 'AGENTS.md', 'x'), 'NOT_FOUND');
    await expectCode(gateway.listAgentFiles('nobody'), 'NOT_FOUND');
  });

  it('reports health', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    await gateway.createAgent({ agentId: 'healthy', name: 'healthy' });
    expect(await gateway.health()).toEqual({ ok: true, defaultAgentId: 'main', agentCount: 2, sessionCount: 0 });
  });
});

describe('sessions and chat', () => {
  it('opens a session, streams a reply as deltas and a final, deduplicates and keeps history', async () => {
    const sim = await simulator({
      reply: (message, context) =>
        `${context.agentId} read "${context.files['AGENTS.md']}" and says PONG to ${message}`,
    });
    const gateway = link(sim);
    await gateway.createAgent({ agentId: 'chatter', name: 'Chatter' });
    await gateway.writeAgentFile('chatter', 'AGENTS.md', 'rules');
    const sessionKey = sessionKeyFor('chatter');
    const session = await gateway.openSession({ agentId: 'chatter', sessionKey, label: 'Mission Control' });
    expect(session).toMatchObject({ key: 'agent:chatter:main', agentId: 'chatter', label: 'Mission Control' });
    expect(session.sessionId).toEqual(expect.any(String));
    // Opening it again is idempotent; the label is unique among the agent's sessions only.
    expect((await gateway.openSession({ agentId: 'chatter', sessionKey, label: 'Mission Control' })).sessionId).toBe(
      session.sessionId,
    );
    await gateway.openSession({ agentId: 'main', sessionKey: sessionKeyFor('main'), label: 'Mission Control' });
    const taken = await expectCode(
      gateway.openSession({
        agentId: 'chatter',
        sessionKey: sessionKeyFor('chatter', 'other'),
        label: 'Mission Control',
      }),
      'GATEWAY_ERROR',
    );
    expect(taken.message).toContain('label already in use');

    const events = collect(gateway);
    const outcome = waitForChatOutcome(gateway, 'run-1', 5_000);
    const sent = await gateway.sendChat({ sessionKey, message: 'ping', idempotencyKey: 'run-1' });
    expect(sent).toEqual({ runId: 'run-1', status: 'started' });
    const expected = 'chatter read "rules" and says PONG to ping';
    expect(await outcome).toEqual({ runId: 'run-1', state: 'final', text: expected });

    const deltas = events.filter((event) => event.type === 'chat.delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.at(-1)).toMatchObject({ runId: 'run-1', sessionKey, agentId: 'chatter', text: expected });
    expect(deltas.map((event) => (event as { deltaText: string }).deltaText).join('')).toBe(expected);
    expect(events.some((event) => event.type === 'chat.status')).toBe(true);
    expect(events.some((event) => event.type === 'agent' && event.stream === 'lifecycle')).toBe(true);

    expect(await gateway.sendChat({ sessionKey, message: 'ping', idempotencyKey: 'run-1' })).toEqual({
      runId: 'run-1',
      status: 'deduplicated',
    });
    const reused = await expectCode(
      gateway.sendChat({ sessionKey, message: 'other', idempotencyKey: 'run-1' }),
      'GATEWAY_ERROR',
    );
    expect(reused.message).toContain('already used for different input');
    const history = await gateway.chatHistory(sessionKey);
    expect(history).toEqual([
      expect.objectContaining({ role: 'user', text: 'ping', runId: 'run-1' }),
      expect.objectContaining({ role: 'assistant', text: expected, runId: 'run-1' }),
    ]);
    expect(await gateway.chatHistory(sessionKey, { limit: 1 })).toHaveLength(1);
  });

  it('surfaces a failed run as chat.error and an unknown agent as NOT_FOUND', async () => {
    const sim = await simulator({ reply: () => ({ error: 'LLM request failed', errorKind: 'refusal' }) });
    const gateway = link(sim);
    const events = collect(gateway);
    const outcome = waitForChatOutcome(gateway, 'bad-run', 5_000);
    await gateway.sendChat({ sessionKey: 'agent:main:main', message: 'hi', idempotencyKey: 'bad-run' });
    expect(await outcome).toEqual({ runId: 'bad-run', state: 'error', text: 'LLM request failed' });
    expect(events.find((event) => event.type === 'chat.error')).toMatchObject({ errorKind: 'refusal' });

    await expectCode(
      gateway.sendChat({ sessionKey: 'agent:ghost:main', message: 'hi', idempotencyKey: 'ghost-run' }),
      'NOT_FOUND',
    );
    // Like OpenClaw, a session can be opened for an agent that does not exist; chatting in it cannot.
    await gateway.openSession({ agentId: 'ghost', sessionKey: 'agent:ghost:main' });
    await expectCode(
      gateway.sendChat({ sessionKey: 'agent:ghost:main', message: 'hi', idempotencyKey: 'ghost-run-2' }),
      'NOT_FOUND',
    );
  });

  it('aborts a running chat', async () => {
    const sim = await simulator({ replyChunks: 20, replyChunkDelayMs: 30 });
    const gateway = link(sim);
    const outcome = waitForChatOutcome(gateway, 'long-run', 5_000);
    await gateway.sendChat({ sessionKey: 'agent:main:main', message: 'a long story', idempotencyKey: 'long-run' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await gateway.abortChat('agent:main:main', 'long-run');
    expect((await outcome).state).toBe('aborted');
  });

  it('relays presence, config and shutdown events', async () => {
    const sim = await simulator();
    const gateway = link(sim);
    const events = collect(gateway);
    await gateway.connect();
    await gateway.createAgent({ agentId: 'evented', name: 'evented' });
    await until(() => events.some((event) => event.type === 'presence'));
    expect(events.some((event) => event.type === 'other' && event.event === 'config.changed')).toBe(true);
    await sim.restart({ downMs: 50 });
    expect(events).toContainEqual({ type: 'shutdown', reason: 'gateway restarting', restartExpectedMs: 50 });
  });

  it('relays ticks', async () => {
    const sim = await simulator({ tickIntervalMs: 50 });
    const gateway = link(sim);
    const events = collect(gateway);
    await gateway.connect();
    await until(() => events.some((event) => event.type === 'tick'));
  });
});

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
