/**
 * The simulator's side of the OpenClaw connect handshake: closed-object connect params, the start-up
 * window, protocol range, token and device-token auth, Ed25519 device signatures, silent pairing of local
 * devices, scope grants — and the refusals (error answer, then close) exactly as openclaw 2026.9.x sends them.
 */
import { randomUUID } from 'node:crypto';
import { deviceIdOf, verifyDeviceAuth } from '../device-identity.ts';
import {
  CloseCode,
  type ConnectParams,
  type ErrorShape,
  type Frame,
  isRecord,
  METHOD_SCOPES,
  PROTOCOL_VERSION,
  type RequestFrame,
} from '../protocol.ts';
import type { Client, SimulatorCore } from './types.ts';

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
const CONNECT_KEYS = [
  'minProtocol',
  'maxProtocol',
  'client',
  'caps',
  'commands',
  'permissions',
  'role',
  'scopes',
  'device',
  'auth',
  'locale',
  'userAgent',
  'pathEnv',
  'modelCatalog',
];
const EVENTS = ['connect.challenge', 'tick', 'shutdown', 'presence', 'health', 'chat', 'agent', 'config.changed'];

/** What the handshake needs beyond the shared core: the server's identity and its presence list. */
export interface HandshakeHost extends SimulatorCore {
  server(): { version: string; bootId: string; startedAt: number };
  presence(): unknown[];
  broadcastPresence(): void;
}

export const invalidRequest = (message: string, details?: Record<string, unknown>): ErrorShape => ({
  code: 'INVALID_REQUEST',
  message,
  ...(details ? { details } : {}),
});

export class Handshake {
  /** How many handshakes succeeded. */
  count = 0;
  /** deviceId → the device token issued when it paired. */
  private readonly pairedDevices = new Map<string, string>();
  private readonly host: HandshakeHost;

  constructor(host: HandshakeHost) {
    this.host = host;
  }

  /** A frame from a socket that has not completed the handshake: it must be a valid `connect` request. */
  receive(client: Client, frame: Frame | null): void {
    if (frame?.type !== 'req') client.socket.close(CloseCode.POLICY_VIOLATION, 'invalid request frame');
    else if (frame.method !== 'connect') {
      this.refuse(client, frame.id, invalidRequest('invalid handshake: first request must be connect'));
    } else this.connect(client, frame);
  }

  private connect(client: Client, frame: RequestFrame): void {
    const { options, faults } = this.host;
    const shapeError = connectParamsError(frame.params);
    if (shapeError) {
      this.refuse(client, frame.id, invalidRequest(`invalid connect params: ${shapeError}`));
      return;
    }
    const connect = frame.params as ConnectParams;
    const server = this.host.server();
    if (Date.now() - server.startedAt < options.startupMs) {
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
    const token = options.token;
    let authMethod = token === null ? 'none' : 'token';
    if (faults.rejectAuth) {
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
    const backend = connect.client.id === 'gateway-client' && connect.client.mode === 'backend';
    if (device) {
      const deviceError = deviceAuthError(client, connect, role);
      if (deviceError) {
        this.refuse(client, frame.id, deviceError, CloseCode.POLICY_VIOLATION, deviceError.message);
        return;
      }
      if (!backend) {
        if (options.remotePeers && !this.pairedDevices.has(device.id)) {
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
      const trustedBackend = !options.remotePeers && backend;
      if (!trustedBackend) scopes = [];
    }
    this.count += 1;
    client.connected = {
      id: client.id,
      clientId: connect.client.id,
      deviceId: device?.id ?? null,
      scopes,
      authMethod,
    };
    this.host.send(client, {
      type: 'res',
      id: frame.id,
      ok: true,
      payload: {
        type: 'hello-ok',
        protocol: PROTOCOL_VERSION,
        server: { version: server.version, buildId: 'simulator', bootId: server.bootId, connId: client.id },
        features: { methods: [...Object.keys(METHOD_SCOPES), 'sessions.list'], events: EVENTS },
        snapshot: {
          presence: this.host.presence(),
          health: {},
          stateVersion: { presence: 1, health: 1 },
          uptimeMs: Date.now() - server.startedAt,
          sessionDefaults: { defaultAgentId: 'main', mainKey: 'main', mainSessionKey: 'agent:main:main' },
          stateDir: options.stateDir,
          authMode: token === null ? 'none' : 'token',
        },
        auth: { method: authMethod, role, scopes, ...(deviceToken ? { deviceToken, issuedAtMs: Date.now() } : {}) },
        policy: { maxPayload: 26_214_400, maxBufferedBytes: 52_428_800, tickIntervalMs: options.tickIntervalMs },
      },
    });
    this.host.broadcastPresence();
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

  /** Answer the connect with an error, then close the socket. */
  private refuse(
    client: Client,
    id: string,
    error: ErrorShape,
    closeCode: number = CloseCode.POLICY_VIOLATION,
    reason = error.message,
  ): void {
    this.host.send(client, { type: 'res', id, ok: false, error });
    queueMicrotask(() => client.socket.close(closeCode, reason.slice(0, 120)));
  }
}

/** The device block's checks, in OpenClaw's order: key, id, nonce, freshness, signature. */
function deviceAuthError(client: Client, connect: ConnectParams, role: string): ErrorShape | null {
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

function connectParamsError(params: unknown): string | null {
  if (!isRecord(params)) return 'must be object';
  if (!Number.isInteger(params.minProtocol) || !Number.isInteger(params.maxProtocol)) return 'protocol range required';
  const client = params.client;
  if (!isRecord(client)) return "must have required property 'client'";
  if (!CLIENT_IDS.has(client.id)) return '/client/id must be equal to one of the allowed values';
  if (!CLIENT_MODES.has(client.mode)) return '/client/mode must be equal to one of the allowed values';
  if (typeof client.version !== 'string' || typeof client.platform !== 'string')
    return 'client version/platform required';
  for (const key of Object.keys(params)) {
    if (!CONNECT_KEYS.includes(key)) return `must NOT have additional properties (${key})`;
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
