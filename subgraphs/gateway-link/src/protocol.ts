/**
 * The subset of OpenClaw's gateway WebSocket protocol (v4, openclaw 2026.9.x) we speak, as plain types:
 * frames, the connect handshake and the payloads of the methods and events we use. Shared by the dial-out
 * client and the simulator so both sides agree on one definition. Written from the protocol docs; see
 * `docs/gateway/protocol/*.md` in the `openclaw` package.
 */

/** The protocol version OpenClaw 2026.9.x speaks (the reference Mission Control was written against 3). */
export const PROTOCOL_VERSION = 4;

/** Our client identity: OpenClaw's reserved backend helper id (keeps scopes device-less on loopback). */
export const CLIENT_ID = 'gateway-client';
export const CLIENT_MODE = 'backend';
export const OPERATOR_ROLE = 'operator';
export const OPERATOR_SCOPES = ['operator.read', 'operator.write', 'operator.admin'] as const;

/** Frames before `hello-ok` must stay under this size. */
export const PRE_CONNECT_MAX_BYTES = 64 * 1024;

/** Method → the operator scope it needs (what we use of OpenClaw's method-scope table). */
export const METHOD_SCOPES: Record<string, string> = {
  health: 'operator.read',
  'agents.list': 'operator.read',
  'agents.create': 'operator.admin',
  'agents.update': 'operator.admin',
  'agents.delete': 'operator.admin',
  'agents.files.list': 'operator.read',
  'agents.files.get': 'operator.read',
  'agents.files.set': 'operator.admin',
  'sessions.patch': 'operator.write',
  'chat.send': 'operator.write',
  'chat.abort': 'operator.write',
  'chat.history': 'operator.read',
  'config.get': 'operator.admin',
  'config.patch': 'operator.admin',
};

// ---------------------------------------------------------------------------------------------------
// Frames

export interface ErrorShape {
  code: string;
  message: string;
  details?: unknown;
  retryable?: boolean;
  retryAfterMs?: number;
}

export interface RequestFrame {
  type: 'req';
  id: string;
  method: string;
  params?: unknown;
}

export type ResponseFrame =
  | { type: 'res'; id: string; ok: true; payload?: unknown }
  | { type: 'res'; id: string; ok: false; error: ErrorShape };

export interface EventFrame {
  type: 'event';
  event: string;
  payload?: unknown;
  seq?: number;
}

export type Frame = RequestFrame | ResponseFrame | EventFrame;

/** Parse one text frame; null when it is not a well-formed frame. */
export function parseFrame(text: string): Frame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.type !== 'string') return null;
  if (value.type === 'req' && typeof value.id === 'string' && typeof value.method === 'string') return value as Frame;
  if (value.type === 'res' && typeof value.id === 'string' && typeof value.ok === 'boolean') {
    if (value.ok === false && (!isRecord(value.error) || typeof value.error.code !== 'string')) return null;
    return value as Frame;
  }
  if (value.type === 'event' && typeof value.event === 'string') return value as Frame;
  return null;
}

export const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------------
// Handshake

export interface ChallengePayload {
  nonce: string;
  ts: number;
}

export interface ConnectParams {
  minProtocol: number;
  maxProtocol: number;
  client: { id: string; version: string; platform: string; mode: string; displayName?: string; instanceId?: string };
  role?: string;
  scopes?: string[];
  caps?: string[];
  auth?: { token?: string; deviceToken?: string; password?: string };
  device?: { id: string; publicKey: string; signature: string; signedAt: number; nonce: string };
  locale?: string;
  userAgent?: string;
}

export interface HelloOkPayload {
  type: 'hello-ok';
  protocol: number;
  server: { version: string; buildId?: string; bootId?: string; connId: string };
  features: { methods: string[]; events: string[]; capabilities?: string[] };
  snapshot: { uptimeMs?: number; [key: string]: unknown };
  auth: { method?: string; deviceToken?: string; role: string; scopes: string[]; issuedAtMs?: number };
  policy: { maxPayload: number; maxBufferedBytes: number; tickIntervalMs: number };
}

/** `error.details.code` values of connect failures that mean "your credentials are wrong". */
export const isAuthFailureDetail = (detailCode: string | undefined) =>
  !!detailCode &&
  (detailCode.startsWith('AUTH_') ||
    detailCode.startsWith('DEVICE_AUTH_') ||
    detailCode === 'PAIRING_REQUIRED' ||
    detailCode === 'NOT_PAIRED' ||
    detailCode === 'CONTROL_UI_ORIGIN_NOT_ALLOWED');

/** WebSocket close codes OpenClaw uses. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_MISMATCH: 1002,
  POLICY_VIOLATION: 1008,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  /** Closed by the client after missing ticks. */
  TICK_TIMEOUT: 4000,
} as const;

// ---------------------------------------------------------------------------------------------------
// Events

export type ChatEventPayload = {
  runId: string;
  sessionKey: string;
  agentId?: string;
  seq: number;
} & (
  | { state: 'status'; phase: string }
  | { state: 'delta'; deltaText?: string; message?: ChatMessagePayload; replace?: boolean }
  | { state: 'final'; stopReason?: string; message?: ChatMessagePayload }
  | { state: 'error'; errorMessage?: string; errorKind?: string }
  | { state: 'aborted'; errorMessage?: string; stopReason?: string }
);

export interface ChatMessagePayload {
  role: string;
  content: string | Array<{ type: string; text?: string }>;
  timestamp?: number;
  [key: string]: unknown;
}

/** The text of a chat message (string content, or its text parts joined). */
export function messageText(message: ChatMessagePayload | undefined): string {
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content
    .filter((part) => part?.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}
