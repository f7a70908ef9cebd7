/**
 * One dial-out WebSocket to an OpenClaw gateway: open, answer the challenge with `connect`, check the hello
 * (protocol, runtime version, granted scopes), then request/response with ids and per-request deadlines, and
 * event frames. No reconnecting here: `DialOutLink` replaces a dead connection with a new one.
 */
import { randomUUID } from 'node:crypto';
import { platform } from 'node:os';
import WebSocket from 'ws';
import { assertDeviceIdentity, signDeviceAuth } from '../device-identity.ts';
import { type GatewayHello, type GatewayLinkConfig, GatewayLinkError } from '../link.ts';
import {
  CLIENT_ID,
  CLIENT_MODE,
  CloseCode,
  type ConnectParams,
  type ErrorShape,
  type EventFrame,
  type Frame,
  type HelloOkPayload,
  isAuthFailureDetail,
  isRecord,
  OPERATOR_ROLE,
  OPERATOR_SCOPES,
  PROTOCOL_VERSION,
  parseFrame,
} from '../protocol.ts';
import { satisfiesMinVersion } from '../version.ts';

/** Our version as a gateway client (shown in the gateway's presence list). */
export const CLIENT_VERSION = '1.0.0';

export interface ConnectionHandlers {
  onEvent(frame: EventFrame): void;
  /** Called once when a ready connection ends; `error` says why (CLOSED unless something more precise). */
  onClose(error: GatewayLinkError, closeCode: number): void;
}

interface Pending {
  method: string;
  resolve(payload: unknown): void;
  reject(error: GatewayLinkError): void;
  timer: NodeJS.Timeout;
}

export class GatewayConnection {
  readonly hello: GatewayHello;
  private readonly socket: WebSocket;
  private readonly pending = new Map<string, Pending>();
  private readonly handlers: ConnectionHandlers;
  private tickWatchdog: NodeJS.Timeout | null = null;
  private closed = false;
  private draining = false;

  private constructor(socket: WebSocket, hello: GatewayHello, handlers: ConnectionHandlers) {
    this.socket = socket;
    this.hello = hello;
    this.handlers = handlers;
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', (code, reason) => this.closedBySocket(code, String(reason)));
    socket.on('error', () => {});
    this.armTickWatchdog();
  }

  /** Open a socket and complete the handshake; rejects with a `GatewayLinkError` and leaves nothing open. */
  static open(config: GatewayLinkConfig, handlers: ConnectionHandlers): Promise<GatewayConnection> {
    const timeoutMs = config.connectTimeoutMs ?? config.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      let settled = false;
      let connectId: string | null = null;
      let socket: WebSocket;
      const fail = (error: GatewayLinkError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => {});
        if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new GatewayLinkError('TIMEOUT', `no handshake with ${config.url} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      try {
        socket = new WebSocket(config.url, {
          // Only this connection: never NODE_TLS_REJECT_UNAUTHORIZED for the process.
          rejectUnauthorized: !config.allowSelfSigned,
          handshakeTimeout: timeoutMs,
          perMessageDeflate: false,
          maxPayload: 32 * 1024 * 1024,
        });
      } catch (cause) {
        clearTimeout(timer);
        reject(
          new GatewayLinkError('CONNECT_FAILED', `invalid gateway URL ${config.url}`, { cause, retryable: false }),
        );
        return;
      }
      socket.on('error', (cause: Error & { code?: string }) => fail(connectFailure(config.url, cause)));
      socket.on('unexpected-response', (_request, response) =>
        fail(
          new GatewayLinkError(
            'CONNECT_FAILED',
            `${config.url} answered HTTP ${response.statusCode} instead of a WebSocket`,
            {
              retryable: (response.statusCode ?? 500) >= 500,
            },
          ),
        ),
      );
      socket.on('close', (code, reason) =>
        fail(
          new GatewayLinkError(
            'CONNECT_FAILED',
            `the gateway closed the socket during the handshake (${code} ${reason})`,
            {
              retryable: code !== CloseCode.POLICY_VIOLATION && code !== CloseCode.PROTOCOL_MISMATCH,
            },
          ),
        ),
      );
      socket.on('message', (data) => {
        if (settled) return;
        const frame = parseFrame(String(data));
        if (!frame) return fail(new GatewayLinkError('PROTOCOL_ERROR', 'the gateway sent a malformed frame'));
        if (frame.type === 'event' && frame.event === 'connect.challenge' && connectId === null) {
          const challenge = frame.payload;
          if (!isRecord(challenge) || typeof challenge.nonce !== 'string' || !Number.isInteger(challenge.ts)) {
            return fail(new GatewayLinkError('PROTOCOL_ERROR', 'the gateway sent a malformed connect.challenge'));
          }
          let params: ConnectParams;
          try {
            params = connectParams(config, challenge.nonce, challenge.ts);
          } catch (error) {
            return fail(error as GatewayLinkError);
          }
          connectId = randomUUID();
          socket.send(JSON.stringify({ type: 'req', id: connectId, method: 'connect', params }));
          return;
        }
        if (frame.type === 'res' && frame.id === connectId) {
          if (!frame.ok) return fail(connectRefusal(frame.error));
          let hello: GatewayHello;
          try {
            hello = checkHello(frame.payload, config);
          } catch (error) {
            return fail(error as GatewayLinkError);
          }
          settled = true;
          clearTimeout(timer);
          socket.removeAllListeners();
          resolve(new GatewayConnection(socket, hello, handlers));
        }
        // Anything else before hello-ok (stray events) is ignored.
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The gateway announced `shutdown`: no new requests here; close ourselves if it does not within `graceMs`. */
  get isDraining(): boolean {
    return this.draining;
  }

  drain(graceMs: number): void {
    if (this.draining || this.closed) return;
    this.draining = true;
    setTimeout(() => {
      if (this.closed) return;
      this.shutDown(
        new GatewayLinkError('CLOSED', 'the gateway announced shutdown and did not close', { retryable: true }),
        CloseCode.GOING_AWAY,
      );
      this.socket.close(CloseCode.GOING_AWAY, 'gateway announced shutdown');
    }, graceMs).unref();
  }

  /** Send one request; resolves with its payload or rejects with a `GatewayLinkError`. */
  request(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new GatewayLinkError('CLOSED', 'the connection is closed', { method }));
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayLinkError('TIMEOUT', `${method} got no answer within ${timeoutMs} ms`, { method }));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.socket.send(JSON.stringify({ type: 'req', id, method, params: params ?? {} }), (error) => {
        if (!error) return;
        this.settle(id, (entry) =>
          entry.reject(new GatewayLinkError('CLOSED', `${method} could not be sent`, { method, cause: error })),
        );
      });
    });
  }

  close(code: number = CloseCode.NORMAL, reason = 'client closing'): void {
    if (this.closed) return;
    this.shutDown(new GatewayLinkError('CLOSED', 'the link was closed', { retryable: false }), code);
    this.socket.close(code, reason);
  }

  private receive(text: string): void {
    this.armTickWatchdog();
    const frame: Frame | null = parseFrame(text);
    if (!frame) return;
    if (frame.type === 'res') {
      this.settle(frame.id, (entry) =>
        frame.ok ? entry.resolve(frame.payload) : entry.reject(methodFailure(entry.method, frame.error)),
      );
    } else if (frame.type === 'event') {
      this.handlers.onEvent(frame);
    }
  }

  private settle(id: string, action: (entry: Pending) => void): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    action(entry);
  }

  private closedBySocket(code: number, reason: string): void {
    if (this.closed) return;
    const restart = code === CloseCode.SERVICE_RESTART;
    this.shutDown(
      new GatewayLinkError('CLOSED', `the gateway connection closed (${code}${reason ? ` ${reason}` : ''})`, {
        gatewayCode: restart ? 'SERVICE_RESTART' : null,
      }),
      code,
    );
  }

  private shutDown(error: GatewayLinkError, code: number): void {
    this.closed = true;
    if (this.tickWatchdog) clearTimeout(this.tickWatchdog);
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(
        new GatewayLinkError('CLOSED', `${entry.method} was interrupted: ${error.message}`, {
          method: entry.method,
          retryable: true,
        }),
      );
    }
    this.handlers.onClose(error, code);
  }

  /** The gateway ticks every `tickIntervalMs`; two silent intervals mean the connection is dead. */
  private armTickWatchdog(): void {
    if (this.closed) return;
    if (this.tickWatchdog) clearTimeout(this.tickWatchdog);
    this.tickWatchdog = setTimeout(() => {
      if (this.closed) return;
      this.shutDown(
        new GatewayLinkError('TIMEOUT', `no frame from the gateway for ${2 * this.hello.tickIntervalMs} ms`),
        CloseCode.TICK_TIMEOUT,
      );
      this.socket.terminate();
    }, 2 * this.hello.tickIntervalMs);
    this.tickWatchdog.unref();
  }
}

function connectParams(config: GatewayLinkConfig, nonce: string, ts: number): ConnectParams {
  const scopes = config.scopes ?? [...OPERATOR_SCOPES];
  const client = { id: CLIENT_ID, version: CLIENT_VERSION, platform: platform(), mode: CLIENT_MODE };
  const token = config.token ?? config.deviceToken;
  const auth: ConnectParams['auth'] = {};
  if (config.token) auth.token = config.token;
  if (config.deviceToken) auth.deviceToken = config.deviceToken;
  const params: ConnectParams = {
    minProtocol: PROTOCOL_VERSION,
    maxProtocol: PROTOCOL_VERSION,
    client,
    role: OPERATOR_ROLE,
    scopes,
    caps: [],
    auth,
    userAgent: `mission-control-gateway-link/${CLIENT_VERSION}`,
  };
  if (config.pairing === 'device') {
    const identity = config.deviceIdentity;
    if (!identity)
      throw new GatewayLinkError('AUTH_FAILED', "pairing 'device' needs a deviceIdentity", { retryable: false });
    assertDeviceIdentity(identity);
    const signature = signDeviceAuth(identity, {
      deviceId: identity.deviceId,
      clientId: client.id,
      clientMode: client.mode,
      role: OPERATOR_ROLE,
      scopes,
      signedAtMs: ts,
      token: token ?? '',
      nonce,
      platform: client.platform,
    });
    params.device = { id: identity.deviceId, publicKey: identity.publicKey, signature, signedAt: ts, nonce };
  }
  return params;
}

function checkHello(payload: unknown, config: GatewayLinkConfig): GatewayHello {
  if (!isRecord(payload) || payload.type !== 'hello-ok' || !isRecord(payload.server) || !isRecord(payload.auth)) {
    throw new GatewayLinkError('PROTOCOL_ERROR', 'the gateway answered connect without a valid hello-ok', {
      retryable: false,
    });
  }
  const hello = payload as unknown as HelloOkPayload;
  if (hello.protocol !== PROTOCOL_VERSION) {
    throw new GatewayLinkError('VERSION_UNSUPPORTED', `the gateway speaks protocol ${hello.protocol}, we speak 4`, {
      retryable: false,
    });
  }
  const version = String(hello.server.version ?? '');
  if (!satisfiesMinVersion(version, config.minVersion)) {
    throw new GatewayLinkError(
      'VERSION_UNSUPPORTED',
      `OpenClaw ${version || '(unknown)'} is older than the minimum ${config.minVersion}`,
      { retryable: false },
    );
  }
  const scopes = Array.isArray(hello.auth.scopes) ? hello.auth.scopes.map(String) : [];
  const requested = config.scopes ?? [...OPERATOR_SCOPES];
  const missing = requested.filter((scope) => !scopes.includes(scope));
  if (missing.length > 0) {
    throw new GatewayLinkError(
      'AUTH_FAILED',
      `the gateway did not grant ${missing.join(', ')}` +
        (config.pairing === 'control-ui'
          ? " (device-less links keep scopes only on loopback; use pairing 'device')"
          : ''),
      { retryable: false, gatewayCode: 'MISSING_SCOPE' },
    );
  }
  const features = isRecord(hello.features) ? hello.features : { methods: [], events: [] };
  const policy = isRecord(hello.policy) ? hello.policy : ({} as HelloOkPayload['policy']);
  return {
    protocol: hello.protocol,
    serverVersion: version,
    buildId: hello.server.buildId ?? null,
    bootId: hello.server.bootId ?? null,
    connectionId: hello.server.connId ?? null,
    methods: Array.isArray(features.methods) ? features.methods.map(String) : [],
    events: Array.isArray(features.events) ? features.events.map(String) : [],
    authMethod: hello.auth.method ?? null,
    role: hello.auth.role ?? null,
    scopes,
    deviceToken: hello.auth.deviceToken ?? null,
    tickIntervalMs: positive(policy.tickIntervalMs, 30_000),
    maxPayloadBytes: positive(policy.maxPayload, 25 * 1024 * 1024),
    uptimeMs: isRecord(hello.snapshot) && typeof hello.snapshot.uptimeMs === 'number' ? hello.snapshot.uptimeMs : null,
  };
}

const positive = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;

const detailCode = (error: ErrorShape) =>
  isRecord(error.details) && typeof error.details.code === 'string' ? error.details.code : undefined;

const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;

function connectFailure(url: string, cause: Error & { code?: string }): GatewayLinkError {
  const code = cause.code ?? '';
  if (TLS_ERROR.test(code) || TLS_ERROR.test(cause.message)) {
    return new GatewayLinkError('CONNECT_FAILED', `TLS to ${url} failed: ${cause.message}`, {
      cause,
      gatewayCode: code || 'TLS',
      retryable: false,
    });
  }
  return new GatewayLinkError('CONNECT_FAILED', `cannot reach ${url}: ${cause.message || code}`, {
    cause,
    gatewayCode: code || null,
  });
}

/** Map a refused `connect` to our codes. */
function connectRefusal(error: ErrorShape): GatewayLinkError {
  const detail = detailCode(error);
  const options = { gatewayCode: detail ?? error.code, retryAfterMs: error.retryAfterMs ?? null, method: 'connect' };
  if (error.code === 'UNAVAILABLE') {
    return new GatewayLinkError('CONNECT_FAILED', `the gateway is not ready: ${error.message}`, {
      ...options,
      retryable: true,
    });
  }
  if (detail === 'PROTOCOL_MISMATCH' || /protocol mismatch/i.test(error.message)) {
    return new GatewayLinkError('VERSION_UNSUPPORTED', `the gateway refused protocol 4: ${error.message}`, {
      ...options,
      retryable: false,
    });
  }
  if (
    isAuthFailureDetail(detail) ||
    /unauthori[sz]ed|pairing required|device (signature|nonce|identity|token)/i.test(error.message)
  ) {
    return new GatewayLinkError('AUTH_FAILED', `the gateway refused our credentials: ${error.message}`, {
      ...options,
      retryable: false,
    });
  }
  return new GatewayLinkError('PROTOCOL_ERROR', `the gateway refused connect: ${error.message}`, {
    ...options,
    retryable: false,
  });
}

/** Map a refused request to our codes. */
export function methodFailure(method: string, error: ErrorShape): GatewayLinkError {
  const detail = detailCode(error);
  const options = {
    method,
    gatewayCode: detail ?? error.code,
    retryAfterMs: error.retryAfterMs ?? null,
    retryable: error.retryable ?? error.code === 'UNAVAILABLE',
  };
  if (error.code === 'FORBIDDEN' || detail === 'MISSING_SCOPE') {
    return new GatewayLinkError('AUTH_FAILED', `${method}: ${error.message}`, { ...options, retryable: false });
  }
  if (/not found|no longer exists|unknown agent|unknown session/i.test(error.message)) {
    return new GatewayLinkError('NOT_FOUND', `${method}: ${error.message}`, { ...options, retryable: false });
  }
  return new GatewayLinkError('GATEWAY_ERROR', `${method}: ${error.message}`, options);
}
