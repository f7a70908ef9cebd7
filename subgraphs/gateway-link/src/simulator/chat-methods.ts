/**
 * The simulator's sessions and chat methods: sessions.list/patch, idempotent chat.send whose run streams
 * `chat` deltas and a final (plus `agent` lifecycle events) after the ack, chat.abort and chat.history.
 */
import { type SimSession, SimulatorError } from './state.ts';
import type { MethodTable, SimulatorCore } from './types.ts';

interface Run {
  runId: string;
  session: SimSession;
  aborted: boolean;
}

/** The chat runs in flight; they end (as `aborted`) when the simulator stops. */
export class ChatRuns {
  private readonly active = new Map<string, Run>();
  private readonly core: SimulatorCore;

  constructor(core: SimulatorCore) {
    this.core = core;
  }

  abortAll(): void {
    for (const run of this.active.values()) run.aborted = true;
    this.active.clear();
  }

  methods(): MethodTable {
    const { state, options } = this.core;
    return {
      'sessions.list': {
        required: [],
        optional: ['limit', 'offset', 'agentId', 'search', 'includeGlobal'],
        handle: (params) => ({
          sessions: [...state.sessions.values()]
            .filter((session) => !params.agentId || session.agentId === params.agentId)
            .map((session) => ({
              key: session.key,
              agentId: session.agentId,
              sessionId: session.sessionId,
              label: session.label,
            })),
        }),
      },
      'sessions.patch': {
        required: ['key'],
        optional: ['agentId', 'label', 'model', 'thinkingLevel', 'permissionMode', 'sendPolicy', 'expectedSessionId'],
        handle: (params) => {
          const session = state.patchSession(params.key, params.agentId, params);
          return {
            ok: true,
            path: `${options.stateDir}/agents/${session.agentId}/openclaw-agent.sqlite`,
            key: session.key,
            entry: { sessionId: session.sessionId, label: session.label ?? undefined, createdVia: 'operator' },
            resolved: { modelProvider: 'simulated', model: session.model ?? 'canned' },
          };
        },
      },
      'chat.send': {
        required: ['sessionKey', 'message', 'idempotencyKey'],
        optional: ['agentId', 'sessionId', 'thinking', 'timeoutMs', 'deliver', 'queueMode', 'attachments'],
        handle: (params) => this.send(params),
      },
      'chat.abort': {
        required: ['sessionKey'],
        optional: ['agentId', 'runId', 'preserveSideRuns'],
        handle: (params) => {
          const runIds: string[] = [];
          for (const run of this.active.values()) {
            if (run.session.key !== params.sessionKey || (params.runId && run.runId !== params.runId)) continue;
            run.aborted = true;
            runIds.push(run.runId);
          }
          return { ok: true, aborted: runIds.length > 0, runIds };
        },
      },
      'chat.history': {
        required: ['sessionKey'],
        optional: ['agentId', 'limit', 'cursor', 'offset', 'maxBytes', 'maxChars', 'sessionId'],
        handle: (params) => {
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
        },
      },
    };
  }

  private send(params: Record<string, any>) {
    const { state } = this.core;
    const runId = params.idempotencyKey as string;
    const existing = state.runs.get(runId);
    if (existing) {
      if (existing.sessionKey !== params.sessionKey || existing.message !== params.message) {
        throw new SimulatorError(
          'INVALID_REQUEST',
          'This message ID was already used for different input. Check the conversation history and use a new message ID to send again.',
        );
      }
      return { runId, status: 'ok' };
    }
    const session = state.chatSession(params.sessionKey, params.agentId);
    state.runs.set(runId, { sessionKey: params.sessionKey, message: params.message });
    state.append(
      session,
      { role: 'user', content: params.message, timestamp: Date.now(), idempotencyKey: `${runId}:user` },
      runId,
    );
    const run: Run = { runId, session, aborted: false };
    this.active.set(runId, run);
    // The ack goes out first; the run streams after it, like the real gateway.
    setTimeout(() => {
      this.stream(run, params.message).catch(() => {});
    }, 0);
    return { runId, status: 'started' };
  }

  private async stream(run: Run, message: string): Promise<void> {
    const { state, options } = this.core;
    const { session, runId } = run;
    const base = { runId, sessionKey: session.key, agentId: session.agentId };
    let seq = 0;
    const chat = (payload: Record<string, unknown>) => this.core.broadcast('chat', { ...base, seq: seq++, ...payload });
    const agentEvent = (stream: string, data: unknown) =>
      this.core.broadcast('agent', { ...base, stream, data, seq, ts: Date.now(), isHeartbeat: false });
    const finishAborted = () => chat({ state: 'aborted', stopReason: 'aborted' });
    try {
      chat({ state: 'status', phase: 'preparing_workspace' });
      agentEvent('lifecycle', { phase: 'start', startedAt: Date.now() });
      const agent = state.agents.get(session.agentId);
      const files = Object.fromEntries([...(agent?.files ?? new Map())].map(([name, file]) => [name, file.content]));
      const reply = await options.reply(message, { agentId: session.agentId, sessionKey: session.key, runId, files });
      if (run.aborted) return finishAborted();
      if (typeof reply !== 'string') {
        chat({ state: 'error', errorMessage: reply.error, errorKind: reply.errorKind ?? 'unknown' });
        agentEvent('lifecycle', { phase: 'end', stopReason: 'error' });
        return;
      }
      let text = '';
      for (const chunk of splitReply(reply, options.replyChunks)) {
        await new Promise((resolve) => setTimeout(resolve, options.replyChunkDelayMs));
        if (run.aborted) return finishAborted();
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
      state.append(session, final, runId);
      chat({ state: 'final', stopReason: 'stop', message: final });
      agentEvent('lifecycle', {
        phase: 'end',
        stopReason: 'stop',
        terminalReply: { disposition: 'visible', text: reply },
      });
    } finally {
      this.active.delete(runId);
    }
  }
}

function splitReply(reply: string, chunks: number): string[] {
  if (reply.length === 0) return [''];
  const size = Math.ceil(reply.length / Math.max(1, chunks));
  const parts: string[] = [];
  for (let i = 0; i < reply.length; i += size) parts.push(reply.slice(i, i + size));
  return parts;
}
