/**
 * One dial-out connection per gateway URL + credential, shared by everyone who asks for it. Each `link()`
 * returns a handle: its listeners and `close()` are its own; the connection closes with its last handle.
 */
import { createHash } from 'node:crypto';
import type {
  GatewayEvent,
  GatewayLink,
  GatewayLinkConfig,
  GatewayLinkFactory,
  GatewayStatusChange,
  Unsubscribe,
} from '../link.ts';
import { GatewayLinkError } from '../link.ts';
import { DialOutLink, type DialOutLinkOptions } from './dial-out-link.ts';

interface Entry {
  link: DialOutLink;
  handles: number;
}

export class DialOutLinkPool implements GatewayLinkFactory {
  private readonly entries = new Map<string, Entry>();
  private readonly options: DialOutLinkOptions;

  constructor(options: DialOutLinkOptions = {}) {
    this.options = options;
  }

  /** How many distinct connections the pool holds. */
  get size(): number {
    return this.entries.size;
  }

  link(config: GatewayLinkConfig): GatewayLink {
    const key = poolKey(config);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { link: new DialOutLink(config, this.options), handles: 0 };
      this.entries.set(key, entry);
    }
    entry.handles += 1;
    const shared = entry;
    return new PooledLink(shared.link, async () => {
      shared.handles -= 1;
      if (shared.handles > 0 || this.entries.get(key) !== shared) return;
      this.entries.delete(key);
      await shared.link.close();
    });
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => entry.link.close()));
  }
}

/**
 * The identity of a connection: the URL and everything that changes who we are to the gateway. Secrets are
 * hashed so the key can be logged or inspected safely.
 */
function poolKey(config: GatewayLinkConfig): string {
  const credential = JSON.stringify([
    config.pairing,
    config.token ?? null,
    config.deviceIdentity?.deviceId ?? null,
    config.deviceToken ?? null,
    config.allowSelfSigned === true,
    config.scopes ?? null,
    config.minVersion,
  ]);
  return `${config.url}#${createHash('sha256').update(credential).digest('hex')}`;
}

/** A handle on a shared link: forwards everything, owns its listeners, releases on close. */
class PooledLink implements GatewayLink {
  readonly transport = 'dial-out' as const;
  private readonly shared: DialOutLink;
  private readonly release: () => Promise<void>;
  private readonly subscriptions = new Set<Unsubscribe>();
  private released = false;

  constructor(shared: DialOutLink, release: () => Promise<void>) {
    this.shared = shared;
    this.release = release;
  }

  get status() {
    return this.released ? 'closed' : this.shared.status;
  }

  get hello() {
    return this.released ? null : this.shared.hello;
  }

  private get live(): DialOutLink {
    if (this.released) throw new GatewayLinkError('CLOSED', 'this link handle was closed', { retryable: false });
    return this.shared;
  }

  connect = () => this.run(() => this.live.connect());
  health = () => this.run(() => this.live.health());
  listAgents = () => this.run(() => this.live.listAgents());
  createAgent: GatewayLink['createAgent'] = (input) => this.run(() => this.live.createAgent(input));
  updateAgent: GatewayLink['updateAgent'] = (input) => this.run(() => this.live.updateAgent(input));
  deleteAgent: GatewayLink['deleteAgent'] = (agentId, options) =>
    this.run(() => this.live.deleteAgent(agentId, options));
  writeAgentFile: GatewayLink['writeAgentFile'] = (agentId, name, content, options) =>
    this.run(() => this.live.writeAgentFile(agentId, name, content, options));
  listAgentFiles: GatewayLink['listAgentFiles'] = (agentId) => this.run(() => this.live.listAgentFiles(agentId));
  readAgentFile: GatewayLink['readAgentFile'] = (agentId, name) =>
    this.run(() => this.live.readAgentFile(agentId, name));
  openSession: GatewayLink['openSession'] = (input) => this.run(() => this.live.openSession(input));
  sendChat: GatewayLink['sendChat'] = (input) => this.run(() => this.live.sendChat(input));
  abortChat: GatewayLink['abortChat'] = (sessionKey, runId) => this.run(() => this.live.abortChat(sessionKey, runId));
  chatHistory: GatewayLink['chatHistory'] = (sessionKey, options) =>
    this.run(() => this.live.chatHistory(sessionKey, options));

  onStatus(listener: (change: GatewayStatusChange) => void): Unsubscribe {
    return this.track(this.live.onStatus(listener));
  }

  onEvent(listener: (event: GatewayEvent) => void): Unsubscribe {
    return this.track(this.live.onEvent(listener));
  }

  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions.clear();
    await this.release();
  }

  private track(unsubscribe: Unsubscribe): Unsubscribe {
    this.subscriptions.add(unsubscribe);
    return () => {
      this.subscriptions.delete(unsubscribe);
      unsubscribe();
    };
  }

  /** Runs a call so that a closed handle rejects (CLOSED) instead of throwing synchronously. */
  private async run<T>(action: () => Promise<T>): Promise<T> {
    return action();
  }
}
