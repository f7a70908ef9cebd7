/**
 * The dial-in link against the gateway simulator, through an inbox: calls become requests in a queue
 * that a bridge (here in-process: `executeDialInRequest` on a dial-out link to the simulator, the
 * bridge process's core) takes, runs and answers; the gateway's events come back the same way. A chat
 * message round-trips with its streamed reply; failures keep their codes; an inbox nobody answers times
 * out; the link follows the bridge's presence.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DialInAnswer,
  DialInLink,
  type DialInRequest,
  type DialInTransport,
  DialOutLink,
  executeDialInRequest,
  type GatewayEvent,
  GatewayLinkError,
  sessionKeyFor,
  waitForChatOutcome,
} from '../src/index.ts';
import { GatewaySimulator } from '../src/simulator/index.ts';

const TOKEN = 'dial-in-sim-token';

/** An inbox like fleet's, in memory: requests wait until the bridge takes them; answers settle them. */
class MemoryInbox implements DialInTransport {
  connected = false;
  readonly queued: DialInRequest[] = [];
  private readonly waiting = new Map<string, (answer: DialInAnswer) => void>();
  private readonly events = new Set<(event: GatewayEvent) => void>();
  private readonly presence = new Set<(connected: boolean) => void>();
  private take: (() => void) | null = null;

  send(request: DialInRequest): Promise<DialInAnswer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request.id);
        reject(new GatewayLinkError('TIMEOUT', `no answer to ${request.operation}`));
      }, request.deadline - Date.now());
      this.waiting.set(request.id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.queued.push(request);
      this.take?.();
    });
  }
  answer(answer: DialInAnswer): void {
    const settle = this.waiting.get(answer.requestId);
    this.waiting.delete(answer.requestId);
    settle?.(answer);
  }
  emit(event: GatewayEvent): void {
    for (const listener of this.events) listener(event);
  }
  onEvent(listener: (event: GatewayEvent) => void) {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }
  onConnected(listener: (connected: boolean) => void) {
    this.presence.add(listener);
    return () => this.presence.delete(listener);
  }
  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const listener of this.presence) listener(connected);
  }
  /** The bridge: follows the inbox, runs each request on its local link, forwards the gateway's events. */
  bridge(local: DialOutLink): () => void {
    let running = true;
    const off = local.onEvent((event) => this.emit(event));
    this.setConnected(true);
    const loop = async () => {
      while (running) {
        const request = this.queued.shift();
        if (!request) {
          await new Promise<void>((resolve) => {
            this.take = resolve;
          });
          continue;
        }
        void executeDialInRequest(local, request).then((answer) => this.answer(answer));
      }
    };
    void loop();
    return () => {
      running = false;
      off();
      this.take?.();
      this.setConnected(false);
    };
  }
}

describe('dial-in link', () => {
  let sim: GatewaySimulator;
  let local: DialOutLink;
  beforeAll(async () => {
    sim = await new GatewaySimulator({ token: TOKEN, agentReloadDelayMs: 10, replyChunks: 3 }).start();
    local = new DialOutLink({
      url: sim.url,
      token: TOKEN,
      pairing: 'control-ui',
      minVersion: '2026.9.1',
      requestTimeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    await local?.close();
    await sim?.stop();
  });

  it('round-trips a chat message through the inbox and the bridge, with the streamed reply', async () => {
    const inbox = new MemoryInbox();
    const stop = inbox.bridge(local);
    const link = new DialInLink(inbox, { requestTimeoutMs: 3_000 });
    try {
      const hello = await link.connect();
      expect(link.transport).toBe('dial-in');
      expect(link.status).toBe('ready');
      expect(hello.serverVersion).toBe(sim.version);
      const agentId = `dial-in-${randomUUID().slice(0, 8)}`;
      expect(await link.createAgent({ agentId, name: 'Remote' })).toMatchObject({ created: true });
      await link.writeAgentFile(agentId, 'SOUL.md', 'calm');
      expect((await link.readAgentFile(agentId, 'SOUL.md')).content).toBe('calm');
      const sessionKey = sessionKeyFor(agentId, 'h5-test');
      await link.openSession({ agentId, sessionKey });
      const deltas: string[] = [];
      link.onEvent((event) => {
        if (event.type === 'chat.delta' && event.runId === 'run-1') deltas.push(event.deltaText);
      });
      const outcome = waitForChatOutcome(link, 'run-1', 5_000);
      expect(await link.sendChat({ agentId, sessionKey, message: 'ping', idempotencyKey: 'run-1' })).toEqual({
        runId: 'run-1',
        status: 'started',
      });
      const final = await outcome;
      expect(final).toMatchObject({ state: 'final', text: expect.stringContaining('You said: ping') });
      expect(deltas.join('')).toBe(final.text);
      const history = await link.chatHistory(sessionKey);
      expect(history.map((entry) => entry.role)).toEqual(['user', 'assistant']);
    } finally {
      stop();
      await link.close();
    }
  });

  it('keeps the failure codes of the gateway', async () => {
    const inbox = new MemoryInbox();
    const stop = inbox.bridge(local);
    const link = new DialInLink(inbox, { requestTimeoutMs: 3_000 });
    try {
      const missing = await link.updateAgent({ agentId: 'no-such-agent', name: 'x' }).catch((error) => error);
      expect(missing).toBeInstanceOf(GatewayLinkError);
      expect(missing).toMatchObject({ code: 'NOT_FOUND', retryable: false, method: 'updateAgent' });
      const badFile = await link.writeAgentFile('main', 'TOOLS.md', 'x').catch((error) => error);
      expect(badFile).toMatchObject({ code: 'GATEWAY_ERROR' });
    } finally {
      stop();
      await link.close();
    }
  });

  it('times out when nobody answers the inbox, follows the bridge coming and going, and refuses calls once closed', async () => {
    const inbox = new MemoryInbox();
    const link = new DialInLink(inbox, { requestTimeoutMs: 200 });
    const unanswered = await link.health().catch((error) => error);
    expect(unanswered).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(inbox.queued.map((request) => request.operation)).toEqual(['health']);
    inbox.queued.splice(0);

    const stop = inbox.bridge(local);
    const statuses: string[] = [];
    link.onStatus((change) => statuses.push(change.status));
    await link.connect();
    stop();
    expect(link.status).toBe('reconnecting');
    const again = inbox.bridge(local);
    expect(link.status).toBe('ready');
    expect(statuses).toEqual(['connecting', 'ready', 'reconnecting', 'ready']);
    again();
    await link.close();
    await expect(link.health()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('the bridge answers unknown operations with PROTOCOL_ERROR', async () => {
    const answer = await executeDialInRequest(local, {
      id: 'r1',
      operation: 'config.patch' as never,
      args: [],
      deadline: Date.now() + 1_000,
    });
    expect(answer).toMatchObject({ requestId: 'r1', ok: false, error: { code: 'PROTOCOL_ERROR' } });
  });
});
