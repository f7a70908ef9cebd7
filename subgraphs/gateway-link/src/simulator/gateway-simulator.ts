/**
 * A faithful OpenClaw gateway (protocol 4, openclaw 2026.9.x behaviour) on loopback, for tests and the
 * embedded demo: a real WebSocket server with the challenge/connect handshake (token auth, Ed25519 device
 * signature verification, scope grants), closed-object param validation, agents, workspace files, sessions,
 * chat runs streamed as delta events and a final with canned replies, chat history, config get/patch with
 * restarts, ticks — plus fault knobs (refuse auth, old version, drop mid-request, slow or missing answers,
 * restart, start-up window).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { deviceIdOf, verifyDeviceAuth } from '../device-identity.ts';
import {
  CloseCode,
  type ConnectParams,
  type ErrorShape,
  isRecord,
  METHOD_SCOPES,
  PRE_CONNECT_MAX_BYTES,
  PROTOCOL_VERSION,
  parseFrame,
  type RequestFrame,
} from '../protocol.ts';
import { GatewayState, type SimSession, SimulatorError } from './state.ts';

export const SIMULATED_VERSION = '2026.9.6';
const DEVICE_SIGNATURE_SKEW_MS = 120_000;
const CLIENT_IDS = new Set([
  'webchat-ui',
  'openclaw-control-ui',
  'openclaw-tui',
  'webchat',
  'cli',
  'gateway-client',
  'openclaw-macos',
  'openclaw-linux',
  'openclaw-ios',
  'openclaw-watchos',
  'openclaw-android',
  'node-host',
  'openclaw-worker',
  'test',
  'fingerprint',
  'openclaw-probe',
]);
const CLIENT_MODES = new Set(['webchat', 'cli', 'ui', 'backend', 'node', 'worker', 'probe', 'test']);
const REDACTED = '__OPENCLAW_REDACTED__';
const MAX_LOGGED_REQUESTS = 1_000;

/** A canned reply: text streamed back, or an error the run ends with. */
export type SimulatedReply = string | { error: string; errorKind?: string };

export interface ReplyContext {
  agentId: string;
  sessionKey: string;
  runId: string;
  /** The agent's workspace files (name → content), as the real gateway puts them into the system prompt. */
  files: Record<string, string>;
}

export interface GatewaySimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Shared token (`gateway.auth.mode: token`); null runs with `auth.mode: none`. */
  token?: string | null;
  /** Runtime version reported in hello-ok. */
  version?: string;
  tickIntervalMs?: number;
  /** How long after start (and restart) connects get `UNAVAILABLE` + close 1013, like OpenClaw's start-up. */
  startupMs?: number;
  /** Delay before a created agent is usable (OpenClaw applies it by a config hot reload). */
  agentReloadDelayMs?: number;
  /** Treat every peer as remote: device-less connections get no scopes, pairing is not silent. */
  remotePeers?: boolean;
  /** Chunks a reply is streamed in, and the pause between them. */
  replyChunks?: number;
  replyChunkDelayMs?: number;
  /** The canned reply for a chat message. */
  reply?: (message: string, context: ReplyContext) => SimulatedReply | Promise<SimulatedReply>;
  /** Serve wss:// with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Where the simulated state directory is said to be (paths in answers). */
  stateDir?: string;
}

/** Faults the test can switch on and off at any time. */
export interface SimulatorFaults {
  /** Refuse every connect as a token mismatch. */
  rejectAuth: boolean;
  /** Delay every answer by this much. */
  responseDelayMs: number;
  /** Methods never answered (the client's deadline fires). */
  unanswered: Set<string>;
  /** Methods whose next call kills the socket without an answer (count per method). */
  dropOn: Map<string, number>;
  /** Stop sending ticks. */
  silent: boolean;
}

export interface SimulatorConnection {
  id: string;
  clientId: string;
  deviceId: string | null;
  scopes: string[];
  authMethod: string;
}

interface Client {
  id: string;
  socket: WebSocket;
  nonce: string;
  challengeTs: number;
  connected: SimulatorConnection | null;
  seq: number;
}

interface Run {
  runId: string;
  session: SimSession;
  aborted: boolean;
}

export const defaultReply = (message: string, context: ReplyContext) =>
  `Hello from ${context.agentId} on the simulated gateway. You said: ${message}`;

export class GatewaySimulator {
  readonly faults: SimulatorFaults = {
    rejectAuth: false,
    responseDelayMs: 0,
    unanswered: new Set(),
    dropOn: new Map(),
    silent: false,
  };
  /** The requests the simulator received, in order (the last 1,000), for assertions. */
  readonly requests: Array<{ method: string; params: unknown; connectionId: string }> = [];
  version: string;
  readonly state: GatewayState;
  private readonly options: Required<Omit<GatewaySimulatorOptions, 'tls' | 'reply' | 'token'>> & {
    token: string | null;
    tls?: { key: string; cert: string };
    reply: NonNullable<GatewaySimulatorOptions['reply']>;
  };
  private http: HttpServer | null = null;
  private wss: WebSocketServer | null = null;
  private readonly clients = new Set<Client>();
  private readonly activeRuns = new Map<string, Run>();
  private readonly pairedDevices = new Map<string, string>();
  private tickTimer: NodeJS.Timeout | null = null;
  private boundPort = 0;
  private startedAt = 0;
  private bootId = randomUUID();
  private connectCount = 0;
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
    return this.connectCount;
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
    for (const run of this.activeRuns.values()) run.aborted = true;
    this.activeRuns.clear();
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

  // -------------------------------------------------------------------------------------------------
  // Handshake

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
    if (!client.connected) {
      if (frame?.type !== 'req') return client.socket.close(CloseCode.POLICY_VIOLATION, 'invalid request frame');
      if (frame.method !== 'connect') {
        return this.refuse(client, frame.id, invalidRequest('invalid handshake: first request must be connect'));
      }
      return this.handshake(client, frame);
    }
    if (frame?.type !== 'req') return;
    await this.dispatch(client, frame);
  }

  private handshake(client: Client, frame: RequestFrame): void {
    const params = frame.params;
    const shapeError = connectParamsError(params);
    if (shapeError) {
      this.refuse(client, frame.id, invalidRequest(`invalid connect params: ${shapeError}`));
      return;
    }
    const connect = params as ConnectParams;
    if (Date.now() - this.startedAt < this.options.startupMs) {
      this.refuse(
        client,
        frame.id,
        {
          code: 'UNAVAILABLE',
          message: 'gateway starting; retry shortly',
          retryable: true,
          retryAfterMs: 100,
          details: { reason: 'startup-sidecars' },
        },
        CloseCode.TRY_AGAIN_LATER,
        'gateway starting',
      );
      return;
    }
    if (connect.maxProtocol < PROTOCOL_VERSION || connect.minProtocol > PROTOCOL_VERSION) {
      this.refuse(
        client,
        frame.id,
        invalidRequest('protocol mismatch', {
          code: 'PROTOCOL_MISMATCH',
          clientMinProtocol: connect.minProtocol,
          clientMaxProtocol: connect.maxProtocol,
          expectedProtocol: PROTOCOL_VERSION,
        }),
        CloseCode.PROTOCOL_MISMATCH,
        'protocol mismatch',
      );
      return;
    }
    const auth = connect.auth ?? {};
    const token = this.options.token;
    let authMethod = token === null ? 'none' : 'token';
    if (this.faults.rejectAuth) {
      this.refuseAuth(client, frame.id, 'AUTH_TOKEN_MISMATCH', 'token mismatch');
      return;
    }
    const device = connect.device;
    if (token !== null) {
      const pairedToken = device ? this.pairedDevices.get(device.id) : undefined;
      if (auth.token !== undefined && auth.token === token) authMethod = 'token';
      else if (auth.deviceToken !== undefined && pairedToken !== undefined && auth.deviceToken === pairedToken) {
        authMethod = 'device-token';
      } else {
        const missing = auth.token === undefined && auth.deviceToken === undefined;
        this.refuseAuth(
          client,
          frame.id,
          missing ? 'AUTH_TOKEN_MISSING' : 'AUTH_TOKEN_MISMATCH',
          missing ? 'gateway token missing' : 'gateway token mismatch',
        );
        return;
      }
    }
    const role = connect.role ?? 'operator';
    let scopes = (connect.scopes ?? []).filter((scope) => scope.startsWith('operator.'));
    let deviceToken: string | undefined;
    if (device) {
      const deviceError = this.deviceError(client, connect, role, scopes);
      if (deviceError) {
        this.refuse(client, frame.id, deviceError, CloseCode.POLICY_VIOLATION, deviceError.message);
        return;
      }
      const backend = connect.client.id === 'gateway-client' && connect.client.mode === 'backend';
      if (!backend) {
        if (this.options.remotePeers && !this.pairedDevices.has(device.id)) {
          this.refuse(
            client,
            frame.id,
            { code: 'NOT_PAIRED', message: 'pairing required', details: { code: 'PAIRING_REQUIRED' } },
            CloseCode.POLICY_VIOLATION,
            'pairing required',
          );
          return;
        }
        deviceToken = this.pairedDevices.get(device.id) ?? `dt_${randomUUID()}`;
        this.pairedDevices.set(device.id, deviceToken);
      }
    } else {
      // Device-less operators keep scopes only on the reserved loopback backend path.
      const trustedBackend =
        !this.options.remotePeers && connect.client.id === 'gateway-client' && connect.client.mode === 'backend';
      if (!trustedBackend) scopes = [];
    }
    this.connectCount += 1;
    client.connected = {
      id: client.id,
      clientId: connect.client.id,
      deviceId: device?.id ?? null,
      scopes,
      authMethod,
    };
    this.send(client, {
      type: 'res',
      id: frame.id,
      ok: true,
      payload: {
        type: 'hello-ok',
        protocol: PROTOCOL_VERSION,
        server: { version: this.version, buildId: 'simulator', bootId: this.bootId, connId: client.id },
        features: { methods: [...Object.keys(METHOD_SCOPES), 'sessions.list'], events: EVENTS },
        snapshot: {
          presence: this.presence(),
          health: {},
          stateVersion: { presence: 1, health: 1 },
          uptimeMs: Date.now() - this.startedAt,
          sessionDefaults: { defaultAgentId: 'main', mainKey: 'main', mainSessionKey: 'agent:main:main' },
          stateDir: this.options.stateDir,
          authMode: token === null ? 'none' : 'token',
        },
        auth: { method: authMethod, role, scopes, ...(deviceToken ? { deviceToken, issuedAtMs: Date.now() } : {}) },
        policy: { maxPayload: 26_214_400, maxBufferedBytes: 52_428_800, tickIntervalMs: this.options.tickIntervalMs },
      },
    });
    this.broadcastPresence();
  }

  private deviceError(client: Client, connect: ConnectParams, role: string, _scopes: string[]): ErrorShape | null {
    const device = connect.device!;
    const deviceAuth = (code: string, reason: string, message: string): ErrorShape => ({
      code: 'INVALID_REQUEST',
      message,
      details: { code, reason },
    });
    let raw: Buffer;
    try {
      raw = Buffer.from(device.publicKey, 'base64url');
    } catch {
      return deviceAuth('DEVICE_AUTH_PUBLIC_KEY_INVALID', 'device-public-key', 'device public key invalid');
    }
    if (raw.length !== 32) {
      return deviceAuth('DEVICE_AUTH_PUBLIC_KEY_INVALID', 'device-public-key', 'device public key invalid');
    }
    if (deviceIdOf(raw) !== device.id) {
      return deviceAuth('DEVICE_AUTH_DEVICE_ID_MISMATCH', 'device-id-mismatch', 'device identity mismatch');
    }
    if (device.nonce !== client.nonce) {
      return deviceAuth('DEVICE_AUTH_NONCE_MISMATCH', 'device-nonce-mismatch', 'device nonce mismatch');
    }
    if (Math.abs(Date.now() - device.signedAt) > DEVICE_SIGNATURE_SKEW_MS) {
      return deviceAuth('DEVICE_AUTH_SIGNATURE_EXPIRED', 'device-signature-stale', 'device signature expired');
    }
    const auth = connect.auth ?? {};
    const valid = verifyDeviceAuth(device.publicKey, device.signature, {
      deviceId: device.id,
      clientId: connect.client.id,
      clientMode: connect.client.mode,
      role,
      scopes: connect.scopes ?? [],
      signedAtMs: device.signedAt,
      token: auth.token ?? auth.deviceToken ?? '',
      nonce: device.nonce,
      platform: connect.client.platform,
    });
    if (!valid) return deviceAuth('DEVICE_AUTH_SIGNATURE_INVALID', 'device-signature', 'device signature invalid');
    return null;
  }

  private refuseAuth(client: Client, id: string, code: string, what: string): void {
    this.refuse(
      client,
      id,
      {
        code: 'INVALID_REQUEST',
        message: `unauthorized: ${what}`,
        details: { code, canRetryWithDeviceToken: false, recommendedNextStep: 'update_auth_credentials' },
      },
      CloseCode.POLICY_VIOLATION,
      `unauthorized: ${what}`,
    );
  }

  private refuse(
    client: Client,
    id: string,
    error: ErrorShape,
    closeCode: number = CloseCode.POLICY_VIOLATION,
    reason = error.message,
  ): void {
    this.send(client, { type: 'res', id, ok: false, error });
    queueMicrotask(() => client.socket.close(closeCode, reason.slice(0, 120)));
  }

  // -------------------------------------------------------------------------------------------------
  // Methods

  private async dispatch(client: Client, frame: RequestFrame): Promise<void> {
    this.requests.push({ method: frame.method, params: frame.params, connectionId: client.id });
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_LOGGED_REQUESTS);
    const drops = this.faults.dropOn.get(frame.method) ?? 0;
    if (drops > 0) {
      this.faults.dropOn.set(frame.method, drops - 1);
      client.socket.terminate();
      return;
    }
    if (this.faults.unanswered.has(frame.method)) return;
    if (this.faults.responseDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.faults.responseDelayMs));
    let response: { ok: true; payload: unknown } | { ok: false; error: ErrorShape };
    try {
      const required = METHOD_SCOPES[frame.method];
      if (
        required &&
        !client.connected!.scopes.includes(required) &&
        !client.connected!.scopes.includes('operator.admin')
      ) {
        throw new SimulatorError('FORBIDDEN', `missing scope: ${required}`, {
          code: 'MISSING_SCOPE',
          missingScope: required,
          requiredScopes: [required],
        });
      }
      const payload = await this.call(client, frame.method, isRecord(frame.params) ? frame.params : {});
      response = { ok: true, payload };
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      response = {
        ok: false,
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      };
    }
    this.send(client, { type: 'res', id: frame.id, ...response });
  }

  private async call(_client: Client, method: string, params: Record<string, any>): Promise<unknown> {
    const spec = PARAMS[method];
    if (!spec) throw new SimulatorError('INVALID_REQUEST', `unknown method: ${method}`);
    const problem = paramsError(params, spec);
    if (problem) throw new SimulatorError('INVALID_REQUEST', `invalid ${method} params: ${problem}`);
    const state = this.state;
    switch (method) {
      case 'health': {
        const agents = state.visibleAgents();
        return {
          ok: true,
          ts: Date.now(),
          durationMs: 1,
          defaultAgentId: 'main',
          agents: agents.map((agent) => ({ agentId: agent.id, name: agent.name, isDefault: agent.id === 'main' })),
          sessions: { path: `${this.options.stateDir}/openclaw.sqlite`, count: state.sessions.size, recent: [] },
        };
      }
      case 'agents.list':
        return {
          defaultId: 'main',
          mainKey: 'main',
          scope: 'per-sender',
          agents: state.visibleAgents().map((agent) => ({
            id: agent.id,
            name: agent.name,
            identity: { name: agent.name },
            workspace: agent.workspace,
            workspaceGit: true,
            model: { primary: agent.model ?? state.config.agents?.defaults?.model?.primary },
            createdVia: 'operator',
            createdAt: agent.createdAt,
          })),
        };
      case 'agents.create': {
        const agent = state.createAgent(params.name, params.workspace, params.model);
        this.broadcast('config.changed', { path: `${this.options.stateDir}/openclaw.json`, ts: Date.now() });
        return {
          ok: true,
          agentId: agent.id,
          name: agent.name,
          workspace: agent.workspace,
          ...(agent.model ? { model: agent.model } : {}),
        };
      }
      case 'agents.update': {
        const agent = state.updateAgent(params.agentId, params);
        return { ok: true, agentId: agent.id };
      }
      case 'agents.delete': {
        const agent = state.deleteAgent(params.agentId);
        return { ok: true, agentId: agent.id, removedBindings: 0 };
      }
      case 'agents.files.list': {
        const agent = state.agent(params.agentId);
        return {
          agentId: agent.id,
          workspace: agent.workspace,
          // OpenClaw lists the core files without IDENTITY.md (it is managed through the agent's name).
          files: ['AGENTS.md', 'SOUL.md', 'USER.md', 'BOOTSTRAP.md', 'MEMORY.md'].map((name) =>
            state.fileEntry(agent, name, false),
          ),
        };
      }
      case 'agents.files.get': {
        const agent = state.agent(params.agentId);
        return { agentId: agent.id, workspace: agent.workspace, file: state.fileEntry(agent, params.name, true) };
      }
      case 'agents.files.set': {
        const agent = state.agent(params.agentId);
        const file = state.writeFile(agent, params.name, params.content, params.expectedHash);
        return { ok: true, agentId: agent.id, workspace: agent.workspace, file };
      }
      case 'sessions.list':
        return {
          sessions: [...state.sessions.values()]
            .filter((session) => !params.agentId || session.agentId === params.agentId)
            .map((session) => ({
              key: session.key,
              agentId: session.agentId,
              sessionId: session.sessionId,
              label: session.label,
            })),
        };
      case 'sessions.patch': {
        const session = state.patchSession(params.key, params.agentId, params);
        return {
          ok: true,
          path: `${this.options.stateDir}/agents/${session.agentId}/openclaw-agent.sqlite`,
          key: session.key,
          entry: { sessionId: session.sessionId, label: session.label ?? undefined, createdVia: 'operator' },
          resolved: { modelProvider: 'simulated', model: session.model ?? 'canned' },
        };
      }
      case 'chat.send':
        return this.chatSend(params);
      case 'chat.abort': {
        const runIds: string[] = [];
        for (const run of this.activeRuns.values()) {
          if (run.session.key !== params.sessionKey || (params.runId && run.runId !== params.runId)) continue;
          run.aborted = true;
          runIds.push(run.runId);
        }
        const aborted = runIds.length;
        return { ok: true, aborted: aborted > 0, runIds };
      }
      case 'chat.history': {
        const session = state.sessions.get(params.sessionKey);
        const messages = session?.messages ?? [];
        const limited = params.limit ? messages.slice(-params.limit) : messages;
        return {
          sessionKey: params.sessionKey,
          sessionId: session?.sessionId,
          messages: limited,
          hasMore: limited.length < messages.length,
          totalMessages: messages.length,
        };
      }
      case 'config.get':
        return this.configSnapshot();
      case 'config.patch':
        return this.configPatch(params);
    }
    throw new SimulatorError('INVALID_REQUEST', `unknown method: ${method}`);
  }

  private chatSend(params: Record<string, any>) {
    const runId = params.idempotencyKey as string;
    const existing = this.state.runs.get(runId);
    if (existing) {
      if (existing.sessionKey !== params.sessionKey || existing.message !== params.message) {
        throw new SimulatorError(
          'INVALID_REQUEST',
          'This message ID was already used for different input. Check the conversation history and use a new message ID to send again.',
        );
      }
      return { runId, status: 'ok' };
    }
    const session = this.state.chatSession(params.sessionKey, params.agentId);
    this.state.runs.set(runId, { sessionKey: params.sessionKey, message: params.message });
    this.state.append(
      session,
      { role: 'user', content: params.message, timestamp: Date.now(), idempotencyKey: `${runId}:user` },
      runId,
    );
    const run: Run = { runId, session, aborted: false };
    this.activeRuns.set(runId, run);
    // The ack goes out first; the run streams after it, like the real gateway.
    setTimeout(() => {
      this.stream(run, params.message).catch(() => {});
    }, 0);
    return { runId, status: 'started' };
  }

  private async stream(run: Run, message: string): Promise<void> {
    const { session, runId } = run;
    const base = { runId, sessionKey: session.key, agentId: session.agentId };
    let seq = 0;
    const chat = (payload: Record<string, unknown>) => this.broadcast('chat', { ...base, seq: seq++, ...payload });
    const agentEvent = (stream: string, data: unknown) =>
      this.broadcast('agent', { ...base, stream, data, seq, ts: Date.now(), isHeartbeat: false });
    try {
      chat({ state: 'status', phase: 'preparing_workspace' });
      agentEvent('lifecycle', { phase: 'start', startedAt: Date.now() });
      const agent = this.state.agents.get(session.agentId);
      const files = Object.fromEntries([...(agent?.files ?? new Map())].map(([name, file]) => [name, file.content]));
      const reply = await this.options.reply(message, {
        agentId: session.agentId,
        sessionKey: session.key,
        runId,
        files,
      });
      if (run.aborted) return this.finishAborted(run, chat);
      if (typeof reply !== 'string') {
        chat({ state: 'error', errorMessage: reply.error, errorKind: reply.errorKind ?? 'unknown' });
        agentEvent('lifecycle', { phase: 'end', stopReason: 'error' });
        return;
      }
      const chunks = splitReply(reply, this.options.replyChunks);
      let text = '';
      for (const chunk of chunks) {
        await new Promise((resolve) => setTimeout(resolve, this.options.replyChunkDelayMs));
        if (run.aborted) return this.finishAborted(run, chat);
        text += chunk;
        agentEvent('assistant', { text, delta: chunk });
        chat({
          state: 'delta',
          deltaText: chunk,
          message: { role: 'assistant', content: [{ type: 'text', text }], timestamp: Date.now() },
        });
      }
      const final = {
        role: 'assistant' as const,
        content: [{ type: 'text' as const, text: reply }],
        timestamp: Date.now(),
      };
      this.state.append(session, final, runId);
      chat({ state: 'final', stopReason: 'stop', message: final });
      agentEvent('lifecycle', {
        phase: 'end',
        stopReason: 'stop',
        terminalReply: { disposition: 'visible', text: reply },
      });
    } finally {
      this.activeRuns.delete(runId);
    }
  }

  private finishAborted(run: Run, chat: (payload: Record<string, unknown>) => void): void {
    chat({ state: 'aborted', stopReason: 'aborted' });
    this.activeRuns.delete(run.runId);
  }

  private configSnapshot() {
    const redacted = redactSecrets(this.state.config);
    const raw = JSON.stringify(redacted, null, 2);
    const hash = configHash(this.state.config);
    return {
      path: `${this.options.stateDir}/openclaw.json`,
      exists: true,
      valid: true,
      raw,
      parsed: redacted,
      config: redacted,
      hash,
      configRevisionHash: hash,
      appliedConfigHash: hash,
      issues: [],
      warnings: [],
    };
  }

  private configPatch(params: Record<string, any>) {
    const currentHash = configHash(this.state.config);
    if (params.baseHash !== undefined && params.baseHash !== currentHash) {
      throw new SimulatorError('INVALID_REQUEST', 'config changed since last load; re-run config.get and retry');
    }
    let patch: unknown;
    try {
      patch = JSON.parse(params.raw);
    } catch {
      throw new SimulatorError('INVALID_REQUEST', 'invalid config.patch params: raw must be a JSON object');
    }
    if (!isRecord(patch)) throw new SimulatorError('INVALID_REQUEST', 'config.patch raw must be an object');
    const changedPaths: string[] = [];
    this.state.config = mergePatch(this.state.config, patch, '', changedPaths);
    const requiresRestart = changedPaths.some(
      (path) => path.startsWith('gateway.') && !path.startsWith('gateway.auth.'),
    );
    const hash = configHash(this.state.config);
    this.broadcast('config.changed', { path: `${this.options.stateDir}/openclaw.json`, hash, ts: Date.now() });
    if (requiresRestart) {
      const delay = typeof params.restartDelayMs === 'number' ? params.restartDelayMs : 50;
      setTimeout(() => {
        this.restart().catch(() => {});
      }, delay);
    }
    return {
      ok: true,
      path: `${this.options.stateDir}/openclaw.json`,
      hash,
      changedPaths,
      sentinel: { payload: { stats: { requiresRestart } } },
    };
  }

  // -------------------------------------------------------------------------------------------------
  // Sending

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

const EVENTS = ['connect.challenge', 'tick', 'shutdown', 'presence', 'health', 'chat', 'agent', 'config.changed'];

/** Closed-object specs of the methods the simulator serves (required and optional keys). */
const PARAMS: Record<string, { required: string[]; optional: string[] }> = {
  health: { required: [], optional: ['probe'] },
  'agents.list': { required: [], optional: [] },
  'agents.create': { required: ['name'], optional: ['workspace', 'model', 'emoji', 'avatar'] },
  'agents.update': {
    required: ['agentId'],
    optional: ['name', 'workspace', 'model', 'agentRuntime', 'emoji', 'avatar'],
  },
  'agents.delete': { required: ['agentId'], optional: ['deleteFiles'] },
  'agents.files.list': { required: ['agentId'], optional: [] },
  'agents.files.get': { required: ['agentId', 'name'], optional: [] },
  'agents.files.set': { required: ['agentId', 'name', 'content'], optional: ['expectedHash'] },
  'sessions.list': { required: [], optional: ['limit', 'offset', 'agentId', 'search', 'includeGlobal'] },
  'sessions.patch': {
    required: ['key'],
    optional: ['agentId', 'label', 'model', 'thinkingLevel', 'permissionMode', 'sendPolicy', 'expectedSessionId'],
  },
  'chat.send': {
    required: ['sessionKey', 'message', 'idempotencyKey'],
    optional: ['agentId', 'sessionId', 'thinking', 'timeoutMs', 'deliver', 'queueMode', 'attachments'],
  },
  'chat.abort': { required: ['sessionKey'], optional: ['agentId', 'runId', 'preserveSideRuns'] },
  'chat.history': {
    required: ['sessionKey'],
    optional: ['agentId', 'limit', 'cursor', 'offset', 'maxBytes', 'maxChars', 'sessionId'],
  },
  'config.get': { required: [], optional: [] },
  'config.patch': {
    required: ['raw'],
    optional: ['baseHash', 'sessionKey', 'deliveryContext', 'note', 'restartDelayMs', 'replacePaths'],
  },
};

function paramsError(params: Record<string, unknown>, spec: { required: string[]; optional: string[] }): string | null {
  for (const key of spec.required) {
    if (params[key] === undefined || params[key] === '') return `must have required property '${key}'`;
  }
  for (const key of Object.keys(params)) {
    if (!spec.required.includes(key) && !spec.optional.includes(key))
      return `must NOT have additional properties (${key})`;
  }
  return null;
}

function connectParamsError(params: unknown): string | null {
  if (!isRecord(params)) return 'must be object';
  if (!Number.isInteger(params.minProtocol) || !Number.isInteger(params.maxProtocol)) return 'protocol range required';
  const client = params.client;
  if (!isRecord(client)) return "must have required property 'client'";
  if (!CLIENT_IDS.has(client.id)) return '/client/id must be equal to one of the allowed values';
  if (!CLIENT_MODES.has(client.mode)) return '/client/mode must be equal to one of the allowed values';
  if (typeof client.version !== 'string' || typeof client.platform !== 'string')
    return 'client version/platform required';
  const allowed = [
    'minProtocol',
    'maxProtocol',
    'client',
    'caps',
    'commands',
    'permissions',
    'role',
    'scopes',
    'device',
  ];
  for (const key of Object.keys(params)) {
    if (![...allowed, 'auth', 'locale', 'userAgent', 'pathEnv', 'modelCatalog'].includes(key)) {
      return `must NOT have additional properties (${key})`;
    }
  }
  if (params.scopes !== undefined && !Array.isArray(params.scopes)) return '/scopes must be array';
  const device = params.device;
  if (device !== undefined) {
    if (!isRecord(device)) return '/device must be object';
    for (const key of ['id', 'publicKey', 'signature', 'nonce']) {
      if (typeof device[key] !== 'string' || !device[key]) return `/device must have required property '${key}'`;
    }
    if (!Number.isInteger(device.signedAt)) return "/device must have required property 'signedAt'";
  }
  return null;
}

const invalidRequest = (message: string, details?: Record<string, unknown>): ErrorShape => ({
  code: 'INVALID_REQUEST',
  message,
  ...(details ? { details } : {}),
});

const authConfig = (token: string | null) => (token === null ? { mode: 'none' } : { mode: 'token', token });

function splitReply(reply: string, chunks: number): string[] {
  if (reply.length === 0) return [''];
  const size = Math.ceil(reply.length / Math.max(1, chunks));
  const parts: string[] = [];
  for (let i = 0; i < reply.length; i += size) parts.push(reply.slice(i, i + size));
  return parts;
}

const configHash = (config: unknown) => createHash('sha256').update(JSON.stringify(config)).digest('hex');

function redactSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v, k)]));
  return /token|password|apiKey|secret/i.test(key) && typeof value === 'string' ? REDACTED : value;
}

/** RFC 7396 merge patch, collecting the dotted paths it changed. */
function mergePatch(target: any, patch: Record<string, unknown>, prefix: string, changed: string[]): any {
  const result: Record<string, any> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === null) {
      if (key in result) changed.push(path);
      delete result[key];
    } else if (isRecord(value)) {
      result[key] = mergePatch(result[key], value, path, changed);
    } else if (JSON.stringify(result[key]) !== JSON.stringify(value)) {
      result[key] = value;
      changed.push(path);
    }
  }
  return result;
}
