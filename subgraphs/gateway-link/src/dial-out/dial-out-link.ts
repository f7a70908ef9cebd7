/**
 * `GatewayLink` over OpenClaw's own WebSocket protocol (we dial out to the gateway). Keeps one connection
 * alive: connects on demand, reconnects with exponential backoff and jitter after drops and gateway restarts,
 * stops on failures that retrying cannot fix (credentials, version). Maps the domain calls to OpenClaw
 * methods and normalizes its events.
 */
import {
  type AgentFile,
  type ChatHistoryOptions,
  type ChatMessage,
  type CreateAgentInput,
  type CreateAgentResult,
  type DeleteAgentOptions,
  type GatewayAgent,
  type GatewayEvent,
  type GatewayHealth,
  type GatewayHello,
  type GatewayLink,
  type GatewayLinkConfig,
  GatewayLinkError,
  type GatewayLinkStatus,
  type GatewaySession,
  type GatewayStatusChange,
  isGatewayLinkError,
  type OpenSessionInput,
  type ReconnectPolicy,
  type SendChatInput,
  type SendChatResult,
  type Unsubscribe,
  type UpdateAgentInput,
  type WriteAgentFileOptions,
} from '../link.ts';
import { type ChatMessagePayload, type EventFrame, isRecord, messageText } from '../protocol.ts';
import { GatewayConnection } from './connection.ts';

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 30_000,
  jitter: 0.2,
  maxAttempts: null,
};

/** Delay before reconnect attempt `attempt` (1-based): doubling from the initial delay, capped, jittered. */
export function backoffDelay(policy: ReconnectPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}

/** OpenClaw's agent id rule (`normalizeAgentIdStrict` accepts these unchanged, lower-cased). */
const AGENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const AGENT_POLL_MS = 150;
const MAX_TRACKED_RUNS = 1_000;
/** After `shutdown` the gateway closes the socket at once; if not, we do after its restartExpectedMs + 1 s. */
const MAX_SHUTDOWN_GRACE_MS = 30_000;

interface Waiter {
  resolve(connection: GatewayConnection): void;
  reject(error: GatewayLinkError): void;
  timer: NodeJS.Timeout;
}

export interface DialOutLinkOptions {
  /** Randomness for backoff jitter (tests pass a fixed one). */
  random?: () => number;
}

export class DialOutLink implements GatewayLink {
  readonly transport = 'dial-out' as const;
  private readonly config: GatewayLinkConfig;
  private readonly reconnect: ReconnectPolicy | null;
  private readonly random: () => number;
  private currentStatus: GatewayLinkStatus = 'idle';
  private connection: GatewayConnection | null = null;
  private opening = false;
  private everReady = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastError: GatewayLinkError | null = null;
  private closedByUser = false;
  private readonly waiters = new Set<Waiter>();
  private readonly statusListeners = new Set<(change: GatewayStatusChange) => void>();
  private readonly eventListeners = new Set<(event: GatewayEvent) => void>();
  /** Text so far per streaming run, for deltas that carry only `deltaText`. */
  private readonly runText = new Map<string, string>();

  constructor(config: GatewayLinkConfig, options: DialOutLinkOptions = {}) {
    if (!/^wss?:\/\//.test(config.url)) {
      throw new GatewayLinkError('CONNECT_FAILED', `gateway URL must be ws:// or wss://, got ${config.url}`, {
        retryable: false,
      });
    }
    this.config = config;
    this.reconnect = config.reconnect === false ? null : { ...DEFAULT_RECONNECT, ...config.reconnect };
    this.random = options.random ?? Math.random;
  }

  get status(): GatewayLinkStatus {
    return this.currentStatus;
  }

  get hello(): GatewayHello | null {
    return this.currentStatus === 'ready' ? (this.connection?.hello ?? null) : null;
  }

  /** Why the link last failed or dropped, if it did. */
  get error(): GatewayLinkError | null {
    return this.lastError;
  }

  async connect(): Promise<GatewayHello> {
    return (await this.whenReady()).hello;
  }

  onStatus(listener: (change: GatewayStatusChange) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvent(listener: (event: GatewayEvent) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async health(): Promise<GatewayHealth> {
    const result = await this.call('health', {});
    const agents = Array.isArray(result?.agents) ? result.agents : null;
    return {
      ok: result?.ok !== false,
      defaultAgentId: typeof result?.defaultAgentId === 'string' ? result.defaultAgentId : null,
      agentCount: agents ? agents.length : null,
      sessionCount: typeof result?.sessions?.count === 'number' ? result.sessions.count : null,
    };
  }

  async listAgents(): Promise<GatewayAgent[]> {
    const result = await this.call('agents.list', {});
    return (Array.isArray(result?.agents) ? result.agents : []).map(toAgent);
  }

  async createAgent(input: CreateAgentInput): Promise<CreateAgentResult> {
    if (!AGENT_ID.test(input.agentId)) {
      throw new GatewayLinkError(
        'GATEWAY_ERROR',
        `agent id "${input.agentId}" must be 1–64 of a-z, 0-9, _ and -, starting with a letter or digit`,
        { gatewayCode: 'INVALID_REQUEST', retryable: false, method: 'agents.create' },
      );
    }
    // OpenClaw derives the id from the name: create under the id, then give it its display name.
    let created = true;
    try {
      await this.call('agents.create', {
        name: input.agentId,
        ...(input.workspace ? { workspace: input.workspace } : {}),
        ...(input.model ? { model: input.model } : {}),
      });
    } catch (error) {
      if (!(isGatewayLinkError(error, 'GATEWAY_ERROR') && /already exists/i.test(error.message))) throw error;
      created = false;
    }
    // The gateway answers before its config hot reload makes the agent usable.
    let agent = await this.waitForAgent(input.agentId);
    if (input.name && agent.name !== input.name) {
      await this.call('agents.update', { agentId: input.agentId, name: input.name });
      agent = { ...agent, name: input.name };
    }
    return { agent, created };
  }

  async updateAgent(input: UpdateAgentInput): Promise<void> {
    await this.call('agents.update', {
      agentId: input.agentId,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.workspace !== undefined ? { workspace: input.workspace } : {}),
      ...(input.model !== undefined ? { model: input.model } : {}),
    });
  }

  async deleteAgent(agentId: string, options: DeleteAgentOptions = {}): Promise<void> {
    await this.call('agents.delete', {
      agentId,
      ...(options.deleteFiles !== undefined ? { deleteFiles: options.deleteFiles } : {}),
    });
  }

  async writeAgentFile(
    agentId: string,
    name: string,
    content: string,
    options: WriteAgentFileOptions = {},
  ): Promise<AgentFile> {
    const result = await this.call('agents.files.set', {
      agentId,
      name,
      content,
      ...(options.expectedHash ? { expectedHash: options.expectedHash } : {}),
    });
    return toFile(result?.file ?? { name });
  }

  async listAgentFiles(agentId: string): Promise<AgentFile[]> {
    const result = await this.call('agents.files.list', { agentId });
    return (Array.isArray(result?.files) ? result.files : []).map(toFile);
  }

  async readAgentFile(agentId: string, name: string): Promise<AgentFile & { content: string | null }> {
    const result = await this.call('agents.files.get', { agentId, name });
    const file = result?.file ?? { name, missing: true };
    return { ...toFile(file), content: typeof file.content === 'string' ? file.content : null };
  }

  async openSession(input: OpenSessionInput): Promise<GatewaySession> {
    const result = await this.call('sessions.patch', {
      key: input.sessionKey,
      agentId: input.agentId,
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.model !== undefined ? { model: input.model } : {}),
    });
    const entry = isRecord(result?.entry) ? result.entry : {};
    return {
      key: typeof result?.key === 'string' ? result.key : input.sessionKey,
      agentId: input.agentId,
      sessionId: typeof entry.sessionId === 'string' ? entry.sessionId : null,
      label: typeof entry.label === 'string' ? entry.label : (input.label ?? null),
    };
  }

  async sendChat(input: SendChatInput): Promise<SendChatResult> {
    const result = await this.call('chat.send', {
      sessionKey: input.sessionKey,
      message: input.message,
      idempotencyKey: input.idempotencyKey,
      ...(input.agentId ? { agentId: input.agentId } : {}),
      ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
    });
    return {
      runId: typeof result?.runId === 'string' ? result.runId : input.idempotencyKey,
      status: result?.status === 'started' ? 'started' : 'deduplicated',
    };
  }

  async abortChat(sessionKey: string, runId?: string): Promise<void> {
    await this.call('chat.abort', { sessionKey, ...(runId ? { runId } : {}) });
  }

  async chatHistory(sessionKey: string, options: ChatHistoryOptions = {}): Promise<ChatMessage[]> {
    const result = await this.call('chat.history', {
      sessionKey,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
    return (Array.isArray(result?.messages) ? result.messages : []).map(toChatMessage);
  }

  /**
   * Any other OpenClaw method (`config.get`, `config.patch`, …) on the live connection, with the same
   * deadlines and error mapping. Not part of `GatewayLink`: the params are OpenClaw's own closed schemas.
   */
  request(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    return this.call(method, params);
  }

  async close(): Promise<void> {
    if (this.closedByUser) return;
    this.closedByUser = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const connection = this.connection;
    this.connection = null;
    connection?.close();
    this.rejectWaiters(new GatewayLinkError('CLOSED', 'the link was closed', { retryable: false }));
    this.setStatus('closed', { error: null });
  }

  // -------------------------------------------------------------------------------------------------
  // Connection management

  /** One request on the live connection (connecting first when needed). */
  private async call(method: string, params: Record<string, unknown>): Promise<any> {
    const connection = await this.whenReady();
    return connection.request(method, params, this.config.requestTimeoutMs);
  }

  private whenReady(): Promise<GatewayConnection> {
    if (this.closedByUser)
      return Promise.reject(new GatewayLinkError('CLOSED', 'the link was closed', { retryable: false }));
    // A connection whose gateway announced `shutdown` takes no new calls: they wait for the next one.
    if (this.currentStatus === 'ready' && this.connection?.isOpen && !this.connection.isDraining) {
      return Promise.resolve(this.connection);
    }
    // idle, or stopped by a failure retrying could not fix: a new call tries again.
    if (this.currentStatus === 'idle' || (this.currentStatus === 'closed' && !this.opening)) {
      this.attempt = 0;
      this.openConnection();
    }
    const timeoutMs = this.config.connectTimeoutMs ?? this.config.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            this.lastError ??
              new GatewayLinkError('TIMEOUT', `the gateway link was not ready within ${timeoutMs} ms`, {
                retryable: true,
              }),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private openConnection(): void {
    if (this.opening || this.closedByUser) return;
    this.opening = true;
    this.retryTimer = null;
    if (this.currentStatus !== 'reconnecting') this.setStatus(this.everReady ? 'reconnecting' : 'connecting', {});
    GatewayConnection.open(this.config, {
      onEvent: (frame) => this.dispatch(frame),
      onClose: (error) => this.connectionLost(error),
    }).then(
      (connection) => {
        this.opening = false;
        if (this.closedByUser) {
          connection.close();
          return;
        }
        this.connection = connection;
        this.everReady = true;
        this.attempt = 0;
        this.lastError = null;
        this.setStatus('ready', { hello: connection.hello });
        for (const waiter of [...this.waiters]) {
          this.waiters.delete(waiter);
          clearTimeout(waiter.timer);
          waiter.resolve(connection);
        }
      },
      (error: GatewayLinkError) => {
        this.opening = false;
        if (this.closedByUser) return;
        this.lastError = error;
        if (!error.retryable || !this.reconnect) return this.stop(error);
        this.scheduleRetry(error);
      },
    );
  }

  private connectionLost(error: GatewayLinkError): void {
    this.connection = null;
    this.runText.clear();
    if (this.closedByUser) return;
    this.lastError = error;
    if (!this.reconnect) {
      this.stop(error);
      return;
    }
    this.scheduleRetry(error);
  }

  private scheduleRetry(error: GatewayLinkError): void {
    const policy = this.reconnect!;
    this.attempt += 1;
    if (policy.maxAttempts !== null && this.attempt > policy.maxAttempts) {
      this.stop(error);
      return;
    }
    const delay = Math.max(backoffDelay(policy, this.attempt, this.random), error.retryAfterMs ?? 0);
    this.setStatus('reconnecting', { error, attempt: this.attempt, retryInMs: delay });
    this.retryTimer = setTimeout(() => this.openConnection(), delay);
  }

  /** Give up until the next call: status `closed`, waiters get the error. */
  private stop(error: GatewayLinkError): void {
    this.rejectWaiters(error);
    this.setStatus('closed', { error });
  }

  private rejectWaiters(error: GatewayLinkError): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  private setStatus(status: GatewayLinkStatus, change: Partial<GatewayStatusChange>): void {
    const previous = this.currentStatus;
    this.currentStatus = status;
    const event: GatewayStatusChange = {
      status,
      previous,
      error: change.error ?? null,
      hello: change.hello ?? null,
      attempt: change.attempt ?? null,
      retryInMs: change.retryInMs ?? null,
    };
    for (const listener of [...this.statusListeners]) safely(() => listener(event));
  }

  private async waitForAgent(agentId: string): Promise<GatewayAgent> {
    const deadline = Date.now() + this.config.requestTimeoutMs;
    for (;;) {
      const agent = (await this.listAgents()).find((candidate) => candidate.id === agentId);
      if (agent) return agent;
      if (Date.now() >= deadline) {
        throw new GatewayLinkError('TIMEOUT', `agent ${agentId} did not appear on the gateway after creation`, {
          method: 'agents.create',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, AGENT_POLL_MS));
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Events

  private dispatch(frame: EventFrame): void {
    if (frame.event === 'shutdown') {
      const expected = isRecord(frame.payload) ? frame.payload.restartExpectedMs : undefined;
      this.connection?.drain(
        Math.min(MAX_SHUTDOWN_GRACE_MS, (typeof expected === 'number' ? expected : 4_000) + 1_000),
      );
    }
    const event = this.normalize(frame);
    if (!event) return;
    for (const listener of [...this.eventListeners]) safely(() => listener(event));
  }

  private normalize(frame: EventFrame): GatewayEvent | null {
    const payload: any = frame.payload;
    switch (frame.event) {
      case 'chat':
        return isRecord(payload) ? this.chatEvent(payload) : null;
      case 'agent':
        if (!isRecord(payload)) return null;
        return {
          type: 'agent',
          runId: String(payload.runId ?? ''),
          sessionKey: String(payload.sessionKey ?? ''),
          agentId: typeof payload.agentId === 'string' ? payload.agentId : null,
          stream: String(payload.stream ?? ''),
          data: payload.data ?? null,
        };
      case 'presence': {
        const entries = Array.isArray(payload) ? payload : (payload?.presence ?? payload?.entries);
        return { type: 'presence', entries: Array.isArray(entries) ? entries : [] };
      }
      case 'tick':
        return { type: 'tick', ts: typeof payload?.ts === 'number' ? payload.ts : Date.now() };
      case 'shutdown':
        return {
          type: 'shutdown',
          reason: String(payload?.reason ?? 'shutdown'),
          restartExpectedMs: typeof payload?.restartExpectedMs === 'number' ? payload.restartExpectedMs : null,
        };
      default:
        return { type: 'other', event: frame.event, payload: payload ?? null };
    }
  }

  private chatEvent(payload: Record<string, any>): GatewayEvent | null {
    const base = {
      runId: String(payload.runId ?? ''),
      sessionKey: String(payload.sessionKey ?? ''),
      agentId: typeof payload.agentId === 'string' ? payload.agentId : null,
    };
    const message = isRecord(payload.message) ? (payload.message as ChatMessagePayload) : undefined;
    switch (payload.state) {
      case 'status':
        return { ...base, type: 'chat.status', phase: String(payload.phase ?? '') };
      case 'delta': {
        const deltaText = typeof payload.deltaText === 'string' ? payload.deltaText : '';
        const before = this.runText.get(base.runId) ?? '';
        const text = message ? messageText(message) : payload.replace ? deltaText : before + deltaText;
        this.trackRun(base.runId, text);
        return { ...base, type: 'chat.delta', text, deltaText };
      }
      case 'final': {
        const text = message ? messageText(message) : (this.runText.get(base.runId) ?? '');
        this.runText.delete(base.runId);
        return { ...base, type: 'chat.final', text, stopReason: payload.stopReason ?? null };
      }
      case 'error':
        this.runText.delete(base.runId);
        return {
          ...base,
          type: 'chat.error',
          text: String(payload.errorMessage ?? ''),
          errorKind: payload.errorKind ?? null,
        };
      case 'aborted':
        this.runText.delete(base.runId);
        return { ...base, type: 'chat.aborted', text: String(payload.errorMessage ?? payload.stopReason ?? '') };
      default:
        return { type: 'other', event: 'chat', payload };
    }
  }

  private trackRun(runId: string, text: string): void {
    this.runText.delete(runId);
    this.runText.set(runId, text);
    if (this.runText.size > MAX_TRACKED_RUNS) this.runText.delete(this.runText.keys().next().value!);
  }
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // A listener's failure must not break the connection's frame loop.
  }
}

function toAgent(raw: any): GatewayAgent {
  return {
    id: String(raw?.id ?? ''),
    name: typeof raw?.name === 'string' ? raw.name : typeof raw?.identity?.name === 'string' ? raw.identity.name : null,
    workspace: typeof raw?.workspace === 'string' ? raw.workspace : null,
    model: typeof raw?.model?.primary === 'string' ? raw.model.primary : null,
  };
}

function toFile(raw: any): AgentFile {
  return {
    name: String(raw?.name ?? ''),
    path: typeof raw?.path === 'string' ? raw.path : null,
    missing: raw?.missing === true,
    size: typeof raw?.size === 'number' ? raw.size : null,
    updatedAtMs: typeof raw?.updatedAtMs === 'number' ? raw.updatedAtMs : null,
    hash: typeof raw?.hash === 'string' ? raw.hash : null,
  };
}

const ROLES = new Set(['user', 'assistant', 'system', 'tool']);

function toChatMessage(raw: any): ChatMessage {
  const role = ROLES.has(raw?.role) ? raw.role : String(raw?.role ?? '').startsWith('tool') ? 'tool' : 'assistant';
  const runId =
    typeof raw?.__openclaw?.runId === 'string'
      ? raw.__openclaw.runId
      : typeof raw?.idempotencyKey === 'string'
        ? raw.idempotencyKey.replace(/:user$/, '')
        : null;
  return {
    role,
    text: messageText(raw),
    timestampMs: typeof raw?.timestamp === 'number' ? raw.timestamp : null,
    runId,
  };
}
