/**
 * What a simulated OpenClaw gateway knows: its agents and their workspace files, sessions with their
 * transcripts, chat runs, and its config. Behaves like openclaw 2026.9.x where Mission Control can observe
 * it (error messages, id rules, allowed file names, idempotent chat.send, delayed agent hot reload); state
 * lives in memory and survives simulated restarts, like the real gateway's state directory.
 */
import { createHash, randomUUID } from 'node:crypto';

export const SIMULATOR_AGENT_FILES = ['AGENTS.md', 'SOUL.md', 'IDENTITY.md', 'USER.md', 'BOOTSTRAP.md', 'MEMORY.md'];
const TEMPLATE_FILES: Record<string, string> = {
  'AGENTS.md': '# AGENTS.md\n\nThis folder is home. Treat it that way.\n',
  'SOUL.md': '# SOUL.md\n\nBe genuinely helpful.\n',
  'USER.md': '# USER.md\n\nAbout your human.\n',
  'BOOTSTRAP.md': '# BOOTSTRAP.md\n\nHello, world. You just woke up.\n',
};

const AGENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** A gateway error as OpenClaw sends it. */
export class SimulatorError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

const invalid = (message: string, details?: Record<string, unknown>) =>
  new SimulatorError('INVALID_REQUEST', message, details);

export interface SimAgent {
  id: string;
  name: string;
  workspace: string;
  model: string | null;
  createdAt: number;
  /** When the config hot reload makes it visible (OpenClaw answers agents.create before that). */
  visibleAt: number;
  files: Map<string, { content: string; updatedAtMs: number }>;
}

export interface SimMessage {
  role: 'user' | 'assistant';
  content: string | Array<{ type: 'text'; text: string }>;
  timestamp: number;
  idempotencyKey?: string;
  __openclaw: { id: string; seq: number; runId?: string };
}

export interface SimSession {
  key: string;
  agentId: string;
  sessionId: string;
  label: string | null;
  model: string | null;
  messages: SimMessage[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Normalize an agent id like OpenClaw (`normalizeAgentIdStrict`). */
export function normalizeAgentId(raw: string): string | null {
  const trimmed = raw.trim();
  if (AGENT_ID.test(trimmed)) return trimmed.toLowerCase();
  const slug = trimmed
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+/, '')
    .replace(/-+$/, '')
    .slice(0, 64);
  return slug || null;
}

/** `agent:<agentId>:<name>` → agentId. */
export const agentIdOfSessionKey = (key: string) => /^agent:([^:]+):.+$/.exec(key)?.[1] ?? null;

export interface GatewayStateOptions {
  stateDir: string;
  /** Delay before a created agent becomes usable (OpenClaw: ~0.3–0.5 s). */
  agentReloadDelayMs: number;
  now?: () => number;
}

export class GatewayState {
  readonly agents = new Map<string, SimAgent>();
  readonly sessions = new Map<string, SimSession>();
  /** idempotencyKey → the chat.send it accepted (its run id is the key; the message must match on resend). */
  readonly runs = new Map<string, { sessionKey: string; message: string }>();
  config: Record<string, any>;
  private readonly options: GatewayStateOptions;
  private seq = 0;

  constructor(options: GatewayStateOptions, config: Record<string, any>) {
    this.options = options;
    this.config = config;
    const now = this.now();
    this.agents.set('main', this.newAgent('main', 'main', `${options.stateDir}/workspace`, null, now - 1));
  }

  now(): number {
    return this.options.now?.() ?? Date.now();
  }

  // --- agents ---------------------------------------------------------------------------------------

  visibleAgents(): SimAgent[] {
    const now = this.now();
    return [...this.agents.values()].filter((agent) => agent.visibleAt <= now);
  }

  /** A usable agent, or the error OpenClaw answers for an unknown one. */
  agent(rawId: string): SimAgent {
    const id = normalizeAgentId(rawId);
    const agent = id ? this.agents.get(id) : undefined;
    if (!agent || agent.visibleAt > this.now()) throw invalid(`agent "${rawId}" not found`);
    return agent;
  }

  createAgent(name: string, workspace?: string, model?: string): SimAgent {
    const id = normalizeAgentId(name);
    if (!id) throw invalid(`Agent name "${name}" has no valid id characters. Use at least one letter a-z or digit.`);
    if (this.agents.has(id)) throw invalid(`agent "${id}" already exists`);
    const now = this.now();
    const agent = this.newAgent(
      id,
      name.trim(),
      workspace ?? `${this.options.stateDir}/workspace-${id}`,
      model ?? null,
      now + this.options.agentReloadDelayMs,
    );
    this.agents.set(id, agent);
    return agent;
  }

  updateAgent(rawId: string, changes: { name?: string; workspace?: string; model?: string | null }): SimAgent {
    const agent = this.agent(rawId);
    if (changes.name) {
      agent.name = changes.name.trim();
      agent.files.set('IDENTITY.md', { content: identityFile(agent.name), updatedAtMs: this.now() });
    }
    if (changes.workspace) agent.workspace = changes.workspace;
    if (changes.model !== undefined) agent.model = changes.model;
    return agent;
  }

  deleteAgent(rawId: string): SimAgent {
    const agent = this.agent(rawId);
    if (this.visibleAgents().length === 1) {
      throw invalid(`Agent "${agent.id}" is the only configured agent and cannot be deleted.`);
    }
    this.agents.delete(agent.id);
    for (const [key, session] of this.sessions) if (session.agentId === agent.id) this.sessions.delete(key);
    return agent;
  }

  /** A file's entry: lists carry no hash or content (like OpenClaw), get/set carry both. */
  fileEntry(agent: SimAgent, name: string, withContent: boolean) {
    const file = agent.files.get(name);
    const path = `${agent.workspace}/${name}`;
    if (!file) return { name, path, missing: true, ...(name === 'MEMORY.md' ? { expectedAbsent: true } : {}) };
    return {
      name,
      path,
      missing: false,
      size: Buffer.byteLength(file.content),
      updatedAtMs: file.updatedAtMs,
      ...(withContent ? { hash: sha256(file.content), content: file.content } : {}),
    };
  }

  writeFile(agent: SimAgent, rawName: string, content: string, expectedHash?: string) {
    const name = rawName.trim();
    if (!SIMULATOR_AGENT_FILES.includes(name)) throw invalid(`unsupported file "${name}"`);
    const current = agent.files.get(name);
    if (expectedHash !== undefined && (current ? sha256(current.content) : null) !== expectedHash) {
      throw invalid(`agent file "${name}" changed since it was read`, { type: 'agent_file_conflict', name });
    }
    agent.files.set(name, { content, updatedAtMs: this.now() });
    return this.fileEntry(agent, name, true);
  }

  // --- sessions -------------------------------------------------------------------------------------

  /**
   * Create or update a session (OpenClaw's sessions.patch). Like OpenClaw 2026.9.6 it does not check that
   * the agent exists: the entry is created for whatever agent the key names; chat.send checks.
   */
  patchSession(key: string, agentIdParam: string | undefined, changes: { label?: string; model?: string }) {
    const agentId = normalizeAgentId(agentIdParam ?? agentIdOfSessionKey(key) ?? 'main');
    if (!agentId) throw invalid(`invalid session key "${key}"`);
    // Labels are unique among an agent's sessions (OpenClaw: `label already in use`).
    if (changes.label !== undefined) {
      for (const other of this.sessions.values()) {
        if (other.agentId === agentId && other.key !== key && other.label === changes.label) {
          throw invalid(`label already in use: ${changes.label}`);
        }
      }
    }
    let session = this.sessions.get(key);
    if (!session) {
      session = { key, agentId, sessionId: randomUUID(), label: null, model: null, messages: [] };
      this.sessions.set(key, session);
    }
    if (changes.label !== undefined) session.label = changes.label;
    if (changes.model !== undefined) session.model = changes.model;
    return session;
  }

  /** The session of a chat.send: created on first use, its agent must exist. */
  chatSession(key: string, agentIdParam?: string): SimSession {
    const agentId = agentIdParam ?? agentIdOfSessionKey(key) ?? 'main';
    const id = normalizeAgentId(agentId);
    const agent = id ? this.agents.get(id) : undefined;
    if (!agent || agent.visibleAt > this.now()) throw invalid(`Agent "${agentId}" no longer exists in configuration`);
    return this.sessions.get(key) ?? this.patchSession(key, agent.id, {});
  }

  append(session: SimSession, message: Omit<SimMessage, '__openclaw'>, runId?: string): SimMessage {
    this.seq += 1;
    const stored: SimMessage = {
      ...message,
      __openclaw: { id: randomUUID(), seq: this.seq, ...(runId ? { runId } : {}) },
    };
    session.messages.push(stored);
    return stored;
  }

  // --- internals ------------------------------------------------------------------------------------

  private newAgent(id: string, name: string, workspace: string, model: string | null, visibleAt: number): SimAgent {
    const now = this.now();
    const files = new Map<string, { content: string; updatedAtMs: number }>();
    for (const [file, content] of Object.entries(TEMPLATE_FILES)) files.set(file, { content, updatedAtMs: now });
    files.set('IDENTITY.md', { content: identityFile(name), updatedAtMs: now });
    return { id, name, workspace, model, createdAt: now, visibleAt, files };
  }
}

const identityFile = (name: string) => `# IDENTITY.md\n\n- **Name:** ${name}\n`;
