/**
 * A faithful OpenClaw gateway (protocol 4, openclaw 2026.9.x behaviour) on loopback, for tests and the
 * embedded demo: a real WebSocket server with the challenge/connect handshake (token auth, Ed25519 device
 * signature verification, scope grants), closed-object param validation, agents, workspace files, sessions,
 * chat runs streamed as delta events and a final with canned replies, chat history, config get/patch with
 * restarts, ticks — plus fault knobs (refuse auth, old version, drop mid-request, slow or missing answers,
 * restart, start-up window).
 *
 * This file is the server (sockets, lifecycle, events); the protocol areas live beside it: `handshake.ts`,
 * `dispatch.ts` (fault knobs, scopes, params), `agent-methods.ts`, `chat-methods.ts`, `config-methods.ts`.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { CloseCode, PRE_CONNECT_MAX_BYTES, parseFrame } from '../protocol.ts';
import { agentMethods } from './agent-methods.ts';
import { ChatRuns } from './chat-methods.ts';
import { authConfig, configMethods } from './config-methods.ts';
import { Dispatcher, type LoggedRequest, noFaults } from './dispatch.ts';
import { Handshake, type HandshakeHost } from './handshake.ts';
import { GatewayState } from './state.ts';
import type {
  Client,
  GatewaySimulatorOptions,
  ReplyContext,
  ResolvedOptions,
  SimulatorConnection,
  SimulatorFaults,
} from './types.ts';

export type {
  GatewaySimulatorOptions,
  ReplyContext,
  SimulatedReply,
  SimulatorConnection,
  SimulatorFaults,
} from './types.ts';

export const SIMULATED_VERSION = '2026.9.6';

export const defaultReply = (message: string, context: ReplyContext) =>
  `Hello from ${context.agentId} on the simulated gateway. You said: ${message}`;

export class GatewaySimulator {
  readonly faults: SimulatorFaults = noFaults();
  /** The requests the simulator received, in order (the last 1,000), for assertions. */
  readonly requests: LoggedRequest[] = [];
  version: string;
  readonly state: GatewayState;
  private readonly options: ResolvedOptions;
  private readonly handshake: Handshake;
  private readonly runs: ChatRuns;
  private readonly dispatcher: Dispatcher;
  private http: HttpServer | null = null;
  private wss: WebSocketServer | null = null;
  private readonly clients = new Set<Client>();
  private tickTimer: NodeJS.Timeout | null = null;
  private boundPort = 0;
  private startedAt = 0;
  private bootId = randomUUID();
  private stopping = false;

  constructor(options: GatewaySimulatorOptions = {}) {
    this.options = {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      token: options.token === undefined ? 'simulator-token' : options.token,
      version: options.version ?? SIMULATED_VERSION,
      tickIntervalMs: options.tickIntervalMs ?? 30_000,
      startupMs: options.startupMs ?? 0,
      agentReloadDelayMs: options.agentReloadDelayMs ?? 100,
      remotePeers: options.remotePeers ?? false,
      replyChunks: options.replyChunks ?? 3,
      replyChunkDelayMs: options.replyChunkDelayMs ?? 10,
      reply: options.reply ?? defaultReply,
      tls: options.tls,
      stateDir: options.stateDir ?? '/var/lib/openclaw-simulator',
    };
    this.version = this.options.version;
    this.state = new GatewayState(
      { stateDir: this.options.stateDir, agentReloadDelayMs: this.options.agentReloadDelayMs },
      {
        gateway: { mode: 'local', port: this.options.port, bind: 'loopback', auth: authConfig(this.options.token) },
        agents: { defaults: { model: { primary: 'simulated/canned' } } },
      },
    );
    const host: HandshakeHost = {
      options: this.options,
      state: this.state,
      faults: this.faults,
      send: (client, frame) => this.send(client, frame),
      broadcast: (event, payload) => this.broadcast(event, payload),
      restart: () => this.restart(),
      server: () => ({ version: this.version, bootId: this.bootId, startedAt: this.startedAt }),
      presence: () => this.presence(),
      broadcastPresence: () => this.broadcastPresence(),
    };
    this.handshake = new Handshake(host);
    this.runs = new ChatRuns(host);
    this.dispatcher = new Dispatcher(
      host,
      { ...agentMethods(host), ...this.runs.methods(), ...configMethods(host) },
      this.requests,
    );
  }

  get url(): string {
    return `${this.options.tls ? 'wss' : 'ws'}://${this.options.host}:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  get token(): string | null {
    return this.options.token;
  }

  /** Sockets that completed the handshake. */
  get connections(): SimulatorConnection[] {
    return [...this.clients].flatMap((client) => (client.connected ? [client.connected] : []));
  }

  /** How many handshakes succeeded since the simulator was created. */
  get handshakes(): number {
    return this.handshake.count;
  }

  async start(): Promise<this> {
    this.stopping = false;
    this.startedAt = Date.now();
    this.bootId = randomUUID();
    const http = this.options.tls
      ? createHttpsServer({ key: this.options.tls.key, cert: this.options.tls.cert })
      : createHttpServer();
    http.on('request', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, simulator: true }));
    });
    const wss = new WebSocketServer({ server: http, maxPayload: 25 * 1024 * 1024, perMessageDeflate: false });
    wss.on('connection', (socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.boundPort || this.options.port, this.options.host, () => resolve());
    });
    this.boundPort = (http.address() as AddressInfo).port;
    this.http = http;
    this.wss = wss;
    this.tickTimer = setInterval(() => {
      if (!this.faults.silent) this.broadcast('tick', { ts: Date.now() });
    }, this.options.tickIntervalMs);
    this.tickTimer.unref();
    return this;
  }

  /** Close every socket (code 1001) and stop listening. */
  async stop(code: number = CloseCode.GOING_AWAY, reason = 'gateway stopping'): Promise<void> {
    this.stopping = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    for (const client of this.clients) client.socket.close(code, reason);
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
    this.runs.abortAll();
    const wss = this.wss;
    const http = this.http;
    this.wss = null;
    this.http = null;
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => {
      if (!http) return resolve();
      http.close(() => resolve());
      http.closeAllConnections();
    });
  }

  /**
   * Restart like OpenClaw: announce `shutdown`, close every socket with 1012, stay down for `downMs`
   * (connections refused), come back on the same port with a new boot id.
   */
  async restart(options: { downMs?: number } = {}): Promise<void> {
    const downMs = options.downMs ?? 200;
    this.broadcast('shutdown', { reason: 'gateway restarting', restartExpectedMs: downMs });
    await this.stop(CloseCode.SERVICE_RESTART, 'service restart');
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  /** Send the `shutdown` event only, keeping the sockets open (a gateway that announces and lingers). */
  announceShutdown(restartExpectedMs: number): void {
    this.broadcast('shutdown', { reason: 'gateway restarting', restartExpectedMs });
  }

  /** Kill every connected socket abruptly (no close frame), like a network drop. */
  dropConnections(): void {
    for (const client of this.clients) client.socket.terminate();
  }

  private accept(socket: WebSocket): void {
    if (this.stopping) {
      socket.terminate();
      return;
    }
    const client: Client = {
      id: randomUUID(),
      socket,
      nonce: randomUUID(),
      challengeTs: Date.now(),
      connected: null,
      seq: 0,
    };
    this.clients.add(client);
    socket.on('close', () => {
      this.clients.delete(client);
      if (client.connected) this.broadcastPresence();
    });
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : String(data);
      if (!client.connected && Buffer.byteLength(text) > PRE_CONNECT_MAX_BYTES) {
        return socket.close(CloseCode.POLICY_VIOLATION, 'frame too large');
      }
      this.receive(client, text).catch(() => socket.terminate());
    });
    this.send(client, {
      type: 'event',
      event: 'connect.challenge',
      payload: { nonce: client.nonce, ts: client.challengeTs, capabilities: ['model-catalog-snapshot'] },
    });
  }

  private async receive(client: Client, text: string): Promise<void> {
    const frame = parseFrame(text);
    if (!client.connected) return this.handshake.receive(client, frame);
    if (frame?.type !== 'req') return;
    await this.dispatcher.dispatch(client, frame);
  }

  private send(client: Client, frame: Record<string, unknown>): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(JSON.stringify(frame));
  }

  private broadcast(event: string, payload: unknown): void {
    for (const client of this.clients) {
      if (!client.connected) continue;
      client.seq += 1;
      this.send(client, { type: 'event', event, payload, seq: client.seq });
    }
  }

  private presence() {
    return this.connections.map((connection) => ({
      clientId: connection.clientId,
      deviceId: connection.deviceId ?? undefined,
      mode: 'backend',
      ts: Date.now(),
      scopes: connection.scopes,
    }));
  }

  private broadcastPresence(): void {
    this.broadcast('presence', { presence: this.presence() });
  }
}
