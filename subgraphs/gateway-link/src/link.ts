/**
 * `GatewayLink`: what Mission Control needs from one OpenClaw gateway, in domain terms and independent
 * of the transport. Dial-out (we open OpenClaw's own WebSocket protocol, `dial-out/`) implements it
 * now; dial-in (the gateway subscribes to its inbox over graphql-ws) will implement the same interface.
 * Provisioning, wake, chat relay and health code against this file only.
 */

// ---------------------------------------------------------------------------------------------------
// Errors

/** Stable failure codes of every `GatewayLink` operation. */
export const GatewayLinkErrorCode = {
  /** A request (or the connect handshake) got no answer within its deadline. Retryable. */
  TIMEOUT: 'TIMEOUT',
  /** The socket could not be opened or was refused (DNS, TCP, TLS, gateway still starting…). Retryable. */
  CONNECT_FAILED: 'CONNECT_FAILED',
  /** The gateway refused our credentials, device signature or scopes. Not retryable without new credentials. */
  AUTH_FAILED: 'AUTH_FAILED',
  /** The gateway's protocol or runtime version is below what we support. Not retryable until upgraded. */
  VERSION_UNSUPPORTED: 'VERSION_UNSUPPORTED',
  /** The gateway sent something that does not follow the protocol. */
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
  /** The agent, session or file named in the request does not exist on the gateway. */
  NOT_FOUND: 'NOT_FOUND',
  /** Any other refusal by the gateway; `gatewayCode` carries OpenClaw's own code (`INVALID_REQUEST`, …). */
  GATEWAY_ERROR: 'GATEWAY_ERROR',
  /** The link was closed (by `close()`, or the connection dropped while the request was in flight). */
  CLOSED: 'CLOSED',
} as const;

export type GatewayLinkErrorCode = (typeof GatewayLinkErrorCode)[keyof typeof GatewayLinkErrorCode];

export interface GatewayLinkErrorOptions {
  /** OpenClaw's own error code (`INVALID_REQUEST`, `UNAVAILABLE`, `AUTH_TOKEN_MISMATCH`, …) when it sent one. */
  gatewayCode?: string | null;
  /** Whether repeating the same call later can succeed. */
  retryable?: boolean;
  /** The gateway's hint for when to retry. */
  retryAfterMs?: number | null;
  /** The RPC method that failed, when the failure belongs to one. */
  method?: string | null;
  cause?: unknown;
}

/** Every failure of a `GatewayLink` call is one of these; `code` is stable, `message` is for humans. */
export class GatewayLinkError extends Error {
  override name = 'GatewayLinkError';
  readonly code: GatewayLinkErrorCode;
  readonly gatewayCode: string | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly method: string | null;

  constructor(code: GatewayLinkErrorCode, message: string, options: GatewayLinkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.gatewayCode = options.gatewayCode ?? null;
    this.retryable = options.retryable ?? DEFAULT_RETRYABLE.has(code);
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.method = options.method ?? null;
  }
}

const DEFAULT_RETRYABLE = new Set<GatewayLinkErrorCode>(['TIMEOUT', 'CONNECT_FAILED', 'CLOSED']);

export const isGatewayLinkError = (error: unknown, code?: GatewayLinkErrorCode): error is GatewayLinkError =>
  error instanceof GatewayLinkError && (code === undefined || error.code === code);

// ---------------------------------------------------------------------------------------------------
// Configuration

/**
 * A persistent Ed25519 device identity. Plain JSON so the fleet can store it sealed (the private key and
 * the device token are secrets); create one with `createDeviceIdentity()` (`device-identity.ts`).
 */
export interface DeviceIdentity {
  version: 1;
  /** sha256 of the raw 32-byte public key, hex: what OpenClaw calls the device id. */
  deviceId: string;
  /** The raw 32-byte public key, base64url. */
  publicKey: string;
  /** The PKCS#8 DER private key, base64url. Secret. */
  privateKey: string;
}

/**
 * How to authenticate:
 * - `device`: sign the challenge with the persistent `deviceIdentity` (OpenClaw's device pairing; loopback
 *   pairing is approved silently, remote gateways may need `openclaw devices approve`). Shared token optional.
 * - `control-ui`: no device identity, the shared `token` only; for gateways that run with device pairing
 *   disabled (and, on loopback, OpenClaw's trusted-backend path).
 */
export type GatewayPairingMode = 'device' | 'control-ui';

export interface GatewayLinkConfig {
  /** `ws://` or `wss://` URL with an explicit port. */
  url: string;
  /** The gateway's shared token (`gateway.auth.token`). Secret. */
  token?: string;
  /** Required when `pairing` is `device`. */
  deviceIdentity?: DeviceIdentity;
  /** Device token the gateway issued to this device earlier (`GatewayHello.deviceToken`). Secret. */
  deviceToken?: string;
  /** Accept a self-signed TLS certificate: affects this connection only, never the process. */
  allowSelfSigned?: boolean;
  pairing: GatewayPairingMode;
  /** The lowest OpenClaw runtime version we accept, CalVer `YYYY.M.D` (e.g. `2026.9.1`). */
  minVersion: string;
  /** Deadline of one request/response exchange. */
  requestTimeoutMs: number;
  /** Deadline of opening the socket plus the handshake; defaults to `requestTimeoutMs`. */
  connectTimeoutMs?: number;
  /** Reconnect after an unexpected drop; defaults: 250 ms doubling to 30 s, ±20 % jitter, forever. */
  reconnect?: ReconnectPolicy | false;
  /** Operator scopes to request; defaults to read, write and admin. */
  scopes?: string[];
}

export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Fraction of each delay randomized, 0–1. */
  jitter: number;
  /** Give up (status `closed`, last error kept) after this many failed attempts in a row; null = never. */
  maxAttempts: number | null;
}

/** Builds links; the pool implementation shares one connection per gateway URL + credential. */
export interface GatewayLinkFactory {
  /** The link for this config: the same live connection for the same URL and credential. */
  link(config: GatewayLinkConfig): GatewayLink;
  /** Close every link this factory handed out. */
  closeAll(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Connection

export interface GatewayHello {
  /** The negotiated protocol version. */
  protocol: number;
  /** The gateway's runtime version (CalVer, `2026.9.6`). */
  serverVersion: string;
  buildId: string | null;
  /** Changes on every gateway (re)start. */
  bootId: string | null;
  connectionId: string | null;
  /** RPC methods and event names the gateway offers. */
  methods: string[];
  events: string[];
  /** How the gateway authenticated us (`token`, `device-token`, …) and what it granted. */
  authMethod: string | null;
  role: string | null;
  scopes: string[];
  /** A device token issued on silent or approved pairing: store it sealed and pass it back as `deviceToken`. */
  deviceToken: string | null;
  tickIntervalMs: number;
  maxPayloadBytes: number;
  uptimeMs: number | null;
}

/**
 * - `idle`: never connected; `connect()` or any call starts it.
 * - `connecting`: first attempt in progress. `ready`: handshake done, calls flow.
 * - `reconnecting`: the connection dropped; retrying with backoff (calls wait for it, up to their deadline).
 * - `closed`: `close()` was called, or a non-retryable failure (auth, version) or `maxAttempts` stopped it.
 */
export type GatewayLinkStatus = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

export interface GatewayStatusChange {
  status: GatewayLinkStatus;
  previous: GatewayLinkStatus;
  /** Why the link left `ready` or could not reach it. */
  error: GatewayLinkError | null;
  /** The hello of the current connection when `ready`. */
  hello: GatewayHello | null;
  /** Reconnect attempt number and its delay, when `reconnecting`. */
  attempt: number | null;
  retryInMs: number | null;
}

// ---------------------------------------------------------------------------------------------------
// Agents, files, sessions, chat

export interface GatewayAgent {
  id: string;
  name: string | null;
  workspace: string | null;
  /** `provider/model` of the agent's primary model, when set. */
  model: string | null;
}

export interface CreateAgentInput {
  /** The id to create: 1–64 of `[a-z0-9_-]`, starting with a letter or digit (OpenClaw's agent id rule). */
  agentId: string;
  /** Display name. */
  name: string;
  /** Absolute workspace directory on the gateway host; the gateway's default when absent. */
  workspace?: string;
  /** `provider/model`; the gateway's default when absent. */
  model?: string;
}

export interface UpdateAgentInput {
  agentId: string;
  /** New display name (OpenClaw also rewrites the agent's IDENTITY.md name line). */
  name?: string;
  workspace?: string;
  /** `provider/model`; null clears the agent's override. */
  model?: string | null;
}

export interface DeleteAgentOptions {
  /** Also move the agent's workspace and state to the gateway's trash (OpenClaw's default: true). */
  deleteFiles?: boolean;
}

export interface CreateAgentResult {
  agent: GatewayAgent;
  /** False when the agent already existed (`createAgent` is idempotent). */
  created: boolean;
}

/** The workspace files OpenClaw lets an operator write (2026.9.x); others are refused with GATEWAY_ERROR. */
export const AGENT_FILE_NAMES = [
  'AGENTS.md',
  'SOUL.md',
  'IDENTITY.md',
  'USER.md',
  'BOOTSTRAP.md',
  'MEMORY.md',
] as const;

export interface AgentFile {
  name: string;
  /** Absolute path on the gateway host. */
  path: string | null;
  missing: boolean;
  size: number | null;
  updatedAtMs: number | null;
  /**
   * sha256 hex of the content, from `writeAgentFile`/`readAgentFile` (OpenClaw's list carries none); pass it
   * as `expectedHash` for compare-and-swap writes.
   */
  hash: string | null;
}

export interface WriteAgentFileOptions {
  /** Write only if the file's current hash is this one (GATEWAY_ERROR `agent_file_conflict` otherwise). */
  expectedHash?: string;
}

/** OpenClaw's session keys: `agent:<agentId>:<name>`. */
export const sessionKeyFor = (agentId: string, name = 'main') => `agent:${agentId}:${name}`;

export interface OpenSessionInput {
  agentId: string;
  /** `agent:<agentId>:<name>`, see `sessionKeyFor`. */
  sessionKey: string;
  /** Must be unique among the agent's sessions (GATEWAY_ERROR `label already in use` otherwise). */
  label?: string;
  /** `provider/model` override for this session. */
  model?: string;
}

export interface GatewaySession {
  key: string;
  agentId: string;
  sessionId: string | null;
  label: string | null;
}

export interface SendChatInput {
  /** The agent, when the session key alone does not name it. */
  agentId?: string;
  sessionKey: string;
  message: string;
  /**
   * Dedupe key and run id: resending the same message with the same key starts no second run; reusing the
   * key for a different message is refused (GATEWAY_ERROR).
   */
  idempotencyKey: string;
  /** Gateway-side limit for the run. */
  timeoutMs?: number;
}

export interface SendChatResult {
  runId: string;
  /** `started` for a new run, `deduplicated` when this idempotency key was already sent. */
  status: 'started' | 'deduplicated';
}

export interface ChatHistoryOptions {
  limit?: number;
}

export interface ChatMessage {
  role: 'user' | 'assistant' | 'system' | 'tool';
  /** The message's text parts joined. */
  text: string;
  timestampMs: number | null;
  /** The run that produced or received it, when known. */
  runId: string | null;
}

export interface GatewayHealth {
  ok: boolean;
  defaultAgentId: string | null;
  agentCount: number | null;
  sessionCount: number | null;
}

// ---------------------------------------------------------------------------------------------------
// Events

interface ChatEventBase {
  runId: string;
  sessionKey: string;
  agentId: string | null;
}

/** Events pushed by the gateway, normalized. Anything not modelled arrives as `other`. */
export type GatewayEvent =
  /** Streaming text: `text` is everything so far, `deltaText` the new part (deltas are coalesced). */
  | (ChatEventBase & { type: 'chat.delta'; text: string; deltaText: string })
  /** The run finished: the terminal event of a successful run. */
  | (ChatEventBase & { type: 'chat.final'; text: string; stopReason: string | null })
  | (ChatEventBase & { type: 'chat.error'; text: string; errorKind: string | null })
  | (ChatEventBase & { type: 'chat.aborted'; text: string })
  /** Progress before any text (`preparing_workspace`, `starting_model`, …). */
  | (ChatEventBase & { type: 'chat.status'; phase: string })
  /** OpenClaw's runtime stream (`lifecycle`, `assistant`, `usage`, …), for observers. */
  | (ChatEventBase & { type: 'agent'; stream: string; data: unknown })
  | { type: 'presence'; entries: unknown[] }
  | { type: 'tick'; ts: number }
  /** The gateway is going away; `restartExpectedMs` is set when it announced a restart. */
  | { type: 'shutdown'; reason: string; restartExpectedMs: number | null }
  | { type: 'other'; event: string; payload: unknown };

export type GatewayEventType = GatewayEvent['type'];

export type Unsubscribe = () => void;

// ---------------------------------------------------------------------------------------------------
// The link

export interface GatewayLink {
  /** Which transport this is (`dial-out`, later `dial-in`). */
  readonly transport: 'dial-out' | 'dial-in';
  readonly status: GatewayLinkStatus;
  /** The hello of the current connection, null unless `ready`. */
  readonly hello: GatewayHello | null;

  /**
   * Connect (or return the current connection's hello). Rejects with AUTH_FAILED, VERSION_UNSUPPORTED,
   * CONNECT_FAILED, TIMEOUT or CLOSED. Every other method connects on demand.
   */
  connect(): Promise<GatewayHello>;
  onStatus(listener: (change: GatewayStatusChange) => void): Unsubscribe;
  onEvent(listener: (event: GatewayEvent) => void): Unsubscribe;

  health(): Promise<GatewayHealth>;
  listAgents(): Promise<GatewayAgent[]>;
  /**
   * Create the agent with exactly `agentId`; "already exists" is success (`created: false`). Resolves once
   * the gateway can use it (OpenClaw applies new agents by a hot reload shortly after answering).
   */
  createAgent(input: CreateAgentInput): Promise<CreateAgentResult>;
  /** Change name, workspace or model. A missing agent is NOT_FOUND. */
  updateAgent(input: UpdateAgentInput): Promise<void>;
  /** Delete the agent. A missing agent is NOT_FOUND. */
  deleteAgent(agentId: string, options?: DeleteAgentOptions): Promise<void>;
  /** Write one workspace file (`AGENT_FILE_NAMES`); a missing agent is NOT_FOUND. */
  writeAgentFile(agentId: string, name: string, content: string, options?: WriteAgentFileOptions): Promise<AgentFile>;
  /** The agent's core workspace files with their metadata (no content, no hash; OpenClaw omits IDENTITY.md). */
  listAgentFiles(agentId: string): Promise<AgentFile[]>;
  /** One file with its content (for importing an existing agent); a missing agent is NOT_FOUND. */
  readAgentFile(agentId: string, name: string): Promise<AgentFile & { content: string | null }>;
  /**
   * Create the session when missing, else update its label/model. OpenClaw does not check the agent here
   * (a session for a missing agent is created); `sendChat` in it fails with NOT_FOUND.
   */
  openSession(input: OpenSessionInput): Promise<GatewaySession>;
  /** Start a run; its reply arrives as `chat.*` events with `runId`. */
  sendChat(input: SendChatInput): Promise<SendChatResult>;
  /** Stop a run (or every run of the session when `runId` is absent); its terminal event is `chat.aborted`. */
  abortChat(sessionKey: string, runId?: string): Promise<void>;
  chatHistory(sessionKey: string, options?: ChatHistoryOptions): Promise<ChatMessage[]>;

  /**
   * Close for good: pending calls reject with CLOSED, no reconnect. A link from a `GatewayLinkFactory` pool
   * releases only this handle; the shared connection closes when its last handle is closed.
   */
  close(): Promise<void>;
}

export interface ChatOutcome {
  runId: string;
  state: 'final' | 'error' | 'aborted';
  text: string;
}

/**
 * Wait for the terminal `chat.*` event of a run. Subscribe before `sendChat` when the run may be fast
 * (the run id is the idempotency key, so it is known before the call). Rejects with TIMEOUT or CLOSED.
 */
export function waitForChatOutcome(link: GatewayLink, runId: string, timeoutMs: number): Promise<ChatOutcome> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      offEvent();
      offStatus();
      settle();
    };
    const timer = setTimeout(
      () => finish(() => reject(new GatewayLinkError('TIMEOUT', `no outcome for run ${runId} within ${timeoutMs} ms`))),
      timeoutMs,
    );
    const offEvent = link.onEvent((event) => {
      if (event.type !== 'chat.final' && event.type !== 'chat.error' && event.type !== 'chat.aborted') return;
      if (event.runId !== runId) return;
      const state = event.type === 'chat.final' ? 'final' : event.type === 'chat.error' ? 'error' : 'aborted';
      finish(() => resolve({ runId, state, text: event.text }));
    });
    const offStatus = link.onStatus((change) => {
      if (change.status === 'closed') finish(() => reject(new GatewayLinkError('CLOSED', 'the link was closed')));
    });
  });
}
