/** The simulator's public option and fault types, and what its protocol areas share with the server. */
import type { WebSocket } from 'ws';
import type { GatewayState } from './state.ts';

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

/** The options with their defaults applied. */
export type ResolvedOptions = Required<Omit<GatewaySimulatorOptions, 'tls' | 'reply' | 'token'>> & {
  token: string | null;
  tls?: { key: string; cert: string };
  reply: NonNullable<GatewaySimulatorOptions['reply']>;
};

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

/** One accepted socket; `connected` is set once its handshake succeeded. */
export interface Client {
  id: string;
  socket: WebSocket;
  nonce: string;
  challengeTs: number;
  connected: SimulatorConnection | null;
  seq: number;
}

/** What the protocol areas (handshake, methods) need from the running server. */
export interface SimulatorCore {
  readonly options: ResolvedOptions;
  readonly state: GatewayState;
  readonly faults: SimulatorFaults;
  send(client: Client, frame: Record<string, unknown>): void;
  broadcast(event: string, payload: unknown): void;
  restart(): Promise<void>;
}

/** A served method: its closed-object params spec (required and optional keys) and its handler. */
export interface MethodSpec {
  required: string[];
  optional: string[];
  handle(params: Record<string, any>): unknown;
}

export type MethodTable = Record<string, MethodSpec>;
