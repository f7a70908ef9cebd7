/**
 * Dial-in: the second transport behind `GatewayLink`. The gateway (or a bridge beside it) reaches Mission
 * Control, not the other way round: every call becomes a `DialInRequest` put in the gateway's inbox (the
 * `DialInTransport`: in fleet, durable rows the gateway follows over graphql-ws, answered by mutation),
 * and the gateway's chat events come back through the same transport. The requests carry the domain
 * operation (`sendChat`, `createAgent`, …), not OpenClaw frames: the bridge runs them on its own local
 * dial-out link (`executeDialInRequest`), so OpenClaw's quirks stay handled in one place.
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
  GatewayLinkError,
  type GatewayLinkErrorCode,
  type GatewayLinkStatus,
  type GatewaySession,
  type GatewayStatusChange,
  type OpenSessionInput,
  type SendChatInput,
  type SendChatResult,
  type Unsubscribe,
  type UpdateAgentInput,
  type WriteAgentFileOptions,
} from '../link.ts';

/** The `GatewayLink` members a dial-in request may name (plus `hello`, the bridge's local connect). */
export const DIAL_IN_OPERATIONS = [
  'hello',
  'health',
  'listAgents',
  'createAgent',
  'updateAgent',
  'deleteAgent',
  'writeAgentFile',
  'listAgentFiles',
  'readAgentFile',
  'openSession',
  'sendChat',
  'abortChat',
  'chatHistory',
] as const;
export type DialInOperation = (typeof DIAL_IN_OPERATIONS)[number];

export interface DialInRequest {
  /** Unique per request: the answer names it. */
  id: string;
  operation: DialInOperation;
  /** The method's arguments, JSON. */
  args: unknown[];
  /** Epoch ms after which nobody waits for the answer (the bridge may skip it). */
  deadline: number;
}

export interface DialInError {
  code: GatewayLinkErrorCode;
  message: string;
  gatewayCode: string | null;
  retryable: boolean;
  retryAfterMs: number | null;
}

export type DialInAnswer =
  | { requestId: string; ok: true; result: unknown }
  | { requestId: string; ok: false; error: DialInError };

/** How requests reach the gateway and answers and events come back (fleet implements it). */
export interface DialInTransport {
  /**
   * Puts the request in the gateway's inbox and resolves with its answer. Rejects (or answers) with
   * TIMEOUT when no answer came by the deadline.
   */
  send(request: DialInRequest): Promise<DialInAnswer>;
  /** The gateway's events (`chat.*`, …), as its bridge forwarded them. */
  onEvent(listener: (event: GatewayEvent) => void): Unsubscribe;
  /** Whether the gateway follows its inbox now, and changes of it. */
  readonly connected: boolean;
  onConnected(listener: (connected: boolean) => void): Unsubscribe;
}

export interface DialInLinkOptions {
  requestTimeoutMs: number;
}

export class DialInLink implements GatewayLink {
  readonly transport = 'dial-in' as const;
  private readonly inbox: DialInTransport;
  private readonly options: DialInLinkOptions;
  private current: GatewayLinkStatus = 'idle';
  private currentHello: GatewayHello | null = null;
  private readonly statusListeners = new Set<(change: GatewayStatusChange) => void>();
  private readonly eventListeners = new Set<(event: GatewayEvent) => void>();
  private readonly detach: Unsubscribe[] = [];

  constructor(inbox: DialInTransport, options: DialInLinkOptions) {
    this.inbox = inbox;
    this.options = options;
    this.detach.push(
      inbox.onEvent((event) => {
        for (const listener of [...this.eventListeners]) {
          try {
            listener(event);
          } catch {
            // A throwing listener must not stop the others.
          }
        }
      }),
      inbox.onConnected((connected) => {
        if (this.current === 'closed') return;
        if (!connected && this.current === 'ready') this.setStatus('reconnecting', null);
        if (connected && this.current === 'reconnecting') this.setStatus('ready', null);
      }),
    );
  }

  get status(): GatewayLinkStatus {
    return this.current;
  }

  get hello(): GatewayHello | null {
    return this.current === 'ready' ? this.currentHello : null;
  }

  async connect(): Promise<GatewayHello> {
    if (this.current === 'ready' && this.currentHello) return this.currentHello;
    if (this.current === 'idle') this.setStatus('connecting', null);
    try {
      const hello = (await this.call('hello', [])) as GatewayHello;
      this.currentHello = hello;
      this.setStatus('ready', null);
      return hello;
    } catch (error) {
      if (this.current === 'connecting') this.setStatus('idle', error as GatewayLinkError);
      throw error;
    }
  }

  onStatus(listener: (change: GatewayStatusChange) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvent(listener: (event: GatewayEvent) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  health(): Promise<GatewayHealth> {
    return this.call('health', []) as Promise<GatewayHealth>;
  }
  listAgents(): Promise<GatewayAgent[]> {
    return this.call('listAgents', []) as Promise<GatewayAgent[]>;
  }
  createAgent(input: CreateAgentInput): Promise<CreateAgentResult> {
    return this.call('createAgent', [input]) as Promise<CreateAgentResult>;
  }
  async updateAgent(input: UpdateAgentInput): Promise<void> {
    await this.call('updateAgent', [input]);
  }
  async deleteAgent(agentId: string, options?: DeleteAgentOptions): Promise<void> {
    await this.call('deleteAgent', options ? [agentId, options] : [agentId]);
  }
  writeAgentFile(agentId: string, name: string, content: string, options?: WriteAgentFileOptions): Promise<AgentFile> {
    return this.call(
      'writeAgentFile',
      options ? [agentId, name, content, options] : [agentId, name, content],
    ) as Promise<AgentFile>;
  }
  listAgentFiles(agentId: string): Promise<AgentFile[]> {
    return this.call('listAgentFiles', [agentId]) as Promise<AgentFile[]>;
  }
  readAgentFile(agentId: string, name: string): Promise<AgentFile & { content: string | null }> {
    return this.call('readAgentFile', [agentId, name]) as Promise<AgentFile & { content: string | null }>;
  }
  openSession(input: OpenSessionInput): Promise<GatewaySession> {
    return this.call('openSession', [input]) as Promise<GatewaySession>;
  }
  sendChat(input: SendChatInput): Promise<SendChatResult> {
    return this.call('sendChat', [input]) as Promise<SendChatResult>;
  }
  async abortChat(sessionKey: string, runId?: string): Promise<void> {
    await this.call('abortChat', runId === undefined ? [sessionKey] : [sessionKey, runId]);
  }
  chatHistory(sessionKey: string, options?: ChatHistoryOptions): Promise<ChatMessage[]> {
    return this.call('chatHistory', options ? [sessionKey, options] : [sessionKey]) as Promise<ChatMessage[]>;
  }

  async close(): Promise<void> {
    if (this.current === 'closed') return;
    for (const off of this.detach.splice(0)) off();
    this.setStatus('closed', null);
    this.eventListeners.clear();
  }

  private async call(operation: DialInOperation, args: unknown[]): Promise<unknown> {
    if (this.current === 'closed') throw new GatewayLinkError('CLOSED', 'the link was closed', { retryable: false });
    const request: DialInRequest = {
      id: crypto.randomUUID(),
      operation,
      args,
      deadline: Date.now() + this.options.requestTimeoutMs,
    };
    let answer: DialInAnswer;
    try {
      answer = await this.inbox.send(request);
    } catch (error) {
      if (error instanceof GatewayLinkError) throw error;
      throw new GatewayLinkError('CONNECT_FAILED', `the gateway's inbox failed: ${String(error)}`, { cause: error });
    }
    if (answer.ok) return answer.result;
    throw new GatewayLinkError(answer.error.code, answer.error.message, {
      gatewayCode: answer.error.gatewayCode,
      retryable: answer.error.retryable,
      retryAfterMs: answer.error.retryAfterMs,
      method: operation,
    });
  }

  private setStatus(status: GatewayLinkStatus, error: GatewayLinkError | null): void {
    const previous = this.current;
    if (previous === status) return;
    this.current = status;
    const change: GatewayStatusChange = {
      status,
      previous,
      error,
      hello: status === 'ready' ? this.currentHello : null,
      attempt: null,
      retryInMs: null,
    };
    for (const listener of [...this.statusListeners]) {
      try {
        listener(change);
      } catch {
        // A throwing listener must not stop the others.
      }
    }
  }
}

/**
 * The bridge's side: runs one dial-in request on the local gateway link and turns the outcome into the
 * answer (link failures keep their code, OpenClaw code and retryability; anything else is GATEWAY_ERROR).
 */
export async function executeDialInRequest(link: GatewayLink, request: DialInRequest): Promise<DialInAnswer> {
  if (!DIAL_IN_OPERATIONS.includes(request.operation) || !Array.isArray(request.args)) {
    return failure(
      request.id,
      new GatewayLinkError('PROTOCOL_ERROR', `unknown operation ${String(request.operation)}`),
    );
  }
  try {
    const result =
      request.operation === 'hello'
        ? await link.connect()
        : await (link[request.operation] as (...args: unknown[]) => Promise<unknown>).apply(link, request.args);
    return { requestId: request.id, ok: true, result: result ?? null };
  } catch (error) {
    return failure(
      request.id,
      error instanceof GatewayLinkError
        ? error
        : new GatewayLinkError('GATEWAY_ERROR', error instanceof Error ? error.message : String(error)),
    );
  }
}

function failure(requestId: string, error: GatewayLinkError): DialInAnswer {
  return {
    requestId,
    ok: false,
    error: {
      code: error.code,
      message: error.message,
      gatewayCode: error.gatewayCode,
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
    },
  };
}
