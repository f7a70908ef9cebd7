/**
 * Every GatewayLink method of the dial-out client against the OpenClaw simulator: agents and their
 * workspace files, health, sessions, streamed chat runs, aborts, and the events the gateway pushes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sessionKeyFor, waitForChatOutcome } from '../src/index.ts';
import { collect, expectCode, link, runCleanups, simulator, until } from './support/dial-out.ts';

afterEach(runCleanups);

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
