/**
 * Interop with the real OpenClaw gateway (`openclaw@2026.9.6`, installed by ops/openclaw/install.ts and
 * started isolated on loopback by ops/openclaw/gateway.ts) with a local fake OpenAI-compatible model:
 * our dial-out client connects with a device identity, checks the version, creates an agent, writes its
 * files, opens a session, sends a chat message and receives the fake model's streamed reply. Heavy (one
 * gateway of ~1 GB for the file, 12–19 s start-up, seconds for the first turn): generous deadlines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentText, type FakeModel, startFakeModel } from '../../../ops/openclaw/fake-model.ts';
import { type OpenClawGateway, startOpenClawGateway } from '../../../ops/openclaw/gateway.ts';
import { ensureOpenClawInstalled, OPENCLAW_VERSION } from '../../../ops/openclaw/install.ts';
import {
  createDeviceIdentity,
  DialOutLink,
  type GatewayEvent,
  type GatewayLinkConfig,
  GatewayLinkError,
  sessionKeyFor,
  waitForChatOutcome,
} from '../src/index.ts';

const FILE_MARKER = 'MC-INTEROP-RULES-7f3a';
const START_TIMEOUT_MS = 420_000;
const TURN_TIMEOUT_MS = 120_000;

let model: FakeModel;
let gateway: OpenClawGateway;
const links: DialOutLink[] = [];
const timings: Record<string, number> = {};

/** The fake model answers `PONG <token>` for a `PING-<token>` in any user message, and says whether the
 * agent's AGENTS.md (written through the link) reached its system prompt. */
function reply(request: { messages: Array<{ role: string; content: unknown }> }): string {
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => contentText(message.content))
    .join('\n');
  const users = request.messages
    .filter((message) => message.role === 'user')
    .map((message) => contentText(message.content));
  const ping = users.map((text) => /PING-(\w+)/.exec(text)?.[1]).find(Boolean) ?? 'none';
  return `PONG ${ping} ${system.includes(FILE_MARKER) ? 'files-seen' : 'files-missing'}`;
}

function linkConfig(overrides: Partial<GatewayLinkConfig> = {}): GatewayLinkConfig {
  return {
    url: gateway.url,
    token: gateway.token,
    deviceIdentity: createDeviceIdentity(),
    pairing: 'device',
    minVersion: '2026.9.1',
    requestTimeoutMs: 30_000,
    // The gateway refuses connects while it starts (UNAVAILABLE / 1013): the link retries until hello-ok.
    connectTimeoutMs: 180_000,
    reconnect: { initialDelayMs: 250, maxDelayMs: 2_000, jitter: 0.2, maxAttempts: null },
    ...overrides,
  };
}

function open(overrides: Partial<GatewayLinkConfig> = {}): DialOutLink {
  const link = new DialOutLink(linkConfig(overrides));
  links.push(link);
  return link;
}

async function withLogs<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${gateway?.logTail() ?? ''}`, { cause: error });
  }
}

beforeAll(async () => {
  const started = Date.now();
  const install = await ensureOpenClawInstalled();
  timings.installMs = install.installMs;
  model = await startFakeModel(reply);
  gateway = await startOpenClawGateway({ install, modelBaseUrl: model.baseUrl });
  const ready = Date.now();
  await withLogs(() => open().connect());
  timings.gatewayStartMs = Date.now() - ready;
  timings.setupMs = Date.now() - started;
}, START_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(links.map((link) => link.close()));
  await gateway?.stop();
  await model?.close();
  console.info(`openclaw interop timings: ${JSON.stringify(timings)}`);
}, 60_000);

describe(`real OpenClaw gateway ${OPENCLAW_VERSION}`, () => {
  it('connects with a device identity and reads the runtime version', async () => {
    const link = open();
    const hello = await link.connect();
    expect(hello.protocol).toBe(4);
    expect(hello.serverVersion).toBe(OPENCLAW_VERSION);
    expect(hello.scopes).toEqual(expect.arrayContaining(['operator.read', 'operator.write', 'operator.admin']));
    expect(hello.methods).toEqual(expect.arrayContaining(['agents.create', 'agents.files.set', 'chat.send']));
    const health = await link.health();
    expect(health).toMatchObject({ ok: true, defaultAgentId: 'main' });
  });

  it('refuses the version below our minimum, a wrong token, and reaches it device-less on loopback', async () => {
    await expect(open({ minVersion: '2099.1.1' }).connect()).rejects.toMatchObject({ code: 'VERSION_UNSUPPORTED' });
    const refused = await open({ token: 'not-the-token' })
      .connect()
      .catch((error) => error);
    expect(refused).toBeInstanceOf(GatewayLinkError);
    expect(refused).toMatchObject({ code: 'AUTH_FAILED', gatewayCode: 'AUTH_TOKEN_MISMATCH', retryable: false });
    const deviceless = await open({ pairing: 'control-ui', deviceIdentity: undefined }).connect();
    expect(deviceless.scopes).toContain('operator.admin');
  });

  it(
    'provisions an agent, writes its files, opens a session and exchanges a chat message with the model',
    async () => {
      const link = open();
      const agentId = `mc-interop-${Date.now().toString(36)}`;
      const t0 = Date.now();

      const created = await withLogs(() => link.createAgent({ agentId, name: 'MC Interop' }));
      expect(created).toMatchObject({ created: true, agent: { id: agentId, name: 'MC Interop' } });
      expect((await link.createAgent({ agentId, name: 'MC Interop' })).created).toBe(false);
      timings.createAgentMs = Date.now() - t0;

      const file = await link.writeAgentFile(agentId, 'AGENTS.md', `# Rules\n\n${FILE_MARKER}: answer briefly.\n`);
      expect(file).toMatchObject({ name: 'AGENTS.md', missing: false });
      const files = await link.listAgentFiles(agentId);
      expect(files.find((entry) => entry.name === 'AGENTS.md')).toMatchObject({ size: file.size, missing: false });
      expect((await link.readAgentFile(agentId, 'AGENTS.md')).content).toContain(FILE_MARKER);
      await expect(link.writeAgentFile(agentId, 'TOOLS.md', 'x')).rejects.toMatchObject({
        code: 'GATEWAY_ERROR',
        gatewayCode: 'INVALID_REQUEST',
      });
      await expect(link.listAgentFiles('mc-no-such-agent')).rejects.toMatchObject({ code: 'NOT_FOUND' });

      const sessionKey = sessionKeyFor(agentId);
      const session = await link.openSession({ agentId, sessionKey, label: 'Mission Control interop' });
      expect(session.key).toBe(sessionKey);
      // Idempotent for the same session; a second session of the agent cannot take its label.
      expect((await link.openSession({ agentId, sessionKey, label: 'Mission Control interop' })).sessionId).toBe(
        session.sessionId,
      );
      await expect(
        link.openSession({ agentId, sessionKey: sessionKeyFor(agentId, 'other'), label: 'Mission Control interop' }),
      ).rejects.toMatchObject({ code: 'GATEWAY_ERROR', message: expect.stringContaining('label already in use') });

      const events: GatewayEvent[] = [];
      link.onEvent((event) => events.push(event));
      const runId = `mc-run-${Date.now().toString(36)}`;
      const t1 = Date.now();
      const outcome = waitForChatOutcome(link, runId, TURN_TIMEOUT_MS);
      const sent = await link.sendChat({ sessionKey, message: 'Wake up. PING-interop42', idempotencyKey: runId });
      expect(sent).toEqual({ runId, status: 'started' });
      const result = await withLogs(() => outcome);
      timings.firstTurnMs = Date.now() - t1;

      expect(result).toEqual({ runId, state: 'final', text: 'PONG interop42 files-seen' });
      const deltas = events.filter((event) => event.type === 'chat.delta' && event.runId === runId);
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.at(-1)).toMatchObject({ sessionKey, text: expect.stringContaining('PONG') });
      expect(model.requests.length).toBeGreaterThan(0);
      expect(model.requests.every((request) => request.stream)).toBe(true);

      expect(await link.sendChat({ sessionKey, message: 'Wake up. PING-interop42', idempotencyKey: runId })).toEqual({
        runId,
        status: 'deduplicated',
      });
      await expect(link.sendChat({ sessionKey, message: 'other', idempotencyKey: runId })).rejects.toMatchObject({
        code: 'GATEWAY_ERROR',
        gatewayCode: 'INVALID_REQUEST',
      });
      const history = await link.chatHistory(sessionKey);
      expect(history.find((message) => message.role === 'assistant')?.text).toBe('PONG interop42 files-seen');
      expect(history.find((message) => message.role === 'user')?.text).toContain('PING-interop42');

      await link.deleteAgent(agentId);
      expect((await link.listAgents()).map((agent) => agent.id)).not.toContain(agentId);
      await expect(link.deleteAgent(agentId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    },
    TURN_TIMEOUT_MS * 2,
  );

  it(
    'rides out a restart the gateway does for a config change: calls made meanwhile wait for the new boot',
    async () => {
      const link = open({ connectTimeoutMs: 180_000 });
      const before = await link.connect();
      const changes: string[] = [];
      link.onStatus((change) => changes.push(`${change.status}:${change.error?.gatewayCode ?? ''}`));
      const shutdown = new Promise<GatewayEvent>((resolve) =>
        link.onEvent((event) => event.type === 'shutdown' && resolve(event)),
      );
      const t0 = Date.now();
      const config = (await link.request('config.get')) as { hash: string };
      // Any other gateway.* key needs a restart; customBindHost is unused with bind=loopback.
      await link.request('config.patch', {
        raw: JSON.stringify({ gateway: { customBindHost: '127.0.0.1' } }),
        baseHash: config.hash,
      });
      expect(await withLogs(() => shutdown)).toMatchObject({ type: 'shutdown', reason: 'gateway restarting' });
      const agents = await withLogs(() => link.listAgents());
      timings.restartMs = Date.now() - t0;
      expect(agents.map((agent) => agent.id)).toContain('main');
      expect(link.status).toBe('ready');
      expect(link.hello?.bootId).not.toBe(before.bootId);
      expect(changes[0]).toBe('reconnecting:SERVICE_RESTART');
      expect(changes.at(-1)).toBe('ready:');
    },
    TURN_TIMEOUT_MS * 2,
  );
});
