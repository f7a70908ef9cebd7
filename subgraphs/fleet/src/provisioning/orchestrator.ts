/**
 * The provisioning orchestrator: brings an agent to life on its gateway through the GatewayLink
 * (never a transport directly). One job per agent and lifecycle generation (deterministic job ids:
 * a generation is provisioned once), every state write a compare-and-set on (generation, status), so
 * work for an older generation is discarded. Steps: create the agent (idempotent: "already exists" is
 * fine), write its workspace files, open its main session, send the wake message, then wait for its
 * check-in — a delayed job per wake (30 s by default), up to 3 wakes, then OFFLINE with the error.
 * Retryable link failures (timeouts, connection refused, drops) retry with backoff; the others, or the
 * last retry, end in ERROR with `lastError`. A reconcile schedule marks every agent still PROVISIONING
 * after its deadline OFFLINE and restarts provisioning that never started (e.g. lost with a process).
 * Any transport: a dial-in gateway's link is its inbox (`gateway-links.ts`). While a dial-in gateway
 * cannot be reached (no bridge follows its inbox, or it does not answer) provisioning waits for it until
 * the deadline, then the agent goes OFFLINE marked as lost with its gateway — the bridge's return
 * provisions it again (`gateway-availability.ts`).
 */
import { type GatewayLink, isGatewayLinkError, sessionKeyFor } from '@mc/gateway-link';
import {
  type Clock,
  type DatabaseHandle,
  DomainError,
  type DomainEvents,
  type EventBus,
  type JobQueue,
  type Logger,
  type SubgraphRuntime,
} from '@mc/kit';
import { type AgentRow, type AgentStatusValue, AgentStore } from '../db/agent-store.ts';
import { type GatewayRow, GatewayStore } from '../db/gateway-store.ts';
import { Changes, SYSTEM_ACTOR } from '../services/changes.ts';
import { recordStatusChange } from '../services/gateway-status.ts';
import { recordAgentStatus } from './gateway-availability.ts';
import { type GatewayLinks, isDialIn } from './gateway-links.ts';
import { gatewayAgentId, NoDialOutError } from './link-config.ts';
import { renderAgentFiles, wakeMessage } from './templates.ts';

export interface ProvisioningSettings {
  checkInTimeoutMs: number;
  maxWakes: number;
  requestTimeoutMs: number;
  /** Time allowed for create + files + session before the first wake. */
  setupBudgetMs: number;
  reconcileEveryMs: number;
  /** Attempts of a provisioning step on retryable link failures. */
  attempts: number;
  backoffMs: number;
}

type ProvisionJob =
  | { kind: 'provision'; agentId: string; generation: number }
  | { kind: 'check'; agentId: string; generation: number; wake: number };

interface RemovalJob {
  agentId: string;
  gatewayId: string;
  remoteAgentId?: string | null;
}

export const PROVISIONING_QUEUE = 'agent-provisioning';
export const REMOVAL_QUEUE = 'agent-removals';
export const RECONCILE_QUEUE = 'agent-reconcile';

export class ProvisioningOrchestrator {
  private readonly database: DatabaseHandle;
  private readonly changes: Changes;
  private readonly bus: EventBus;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly links: GatewayLinks;
  private readonly settings: ProvisioningSettings;
  private readonly jobs: JobQueue<ProvisionJob>;
  private readonly removals: JobQueue<RemovalJob>;
  private readonly reconciles: JobQueue<Record<string, never>>;

  constructor(runtime: SubgraphRuntime, links: GatewayLinks, settings: ProvisioningSettings) {
    this.database = runtime.database;
    this.changes = new Changes(runtime.database, runtime.events as DomainEvents);
    this.bus = runtime.bus;
    this.clock = runtime.clock;
    this.logger = runtime.logger.child({ component: 'provisioning' });
    this.links = links;
    this.settings = settings;
    this.jobs = runtime.queue<ProvisionJob>(PROVISIONING_QUEUE);
    this.removals = runtime.queue<RemovalJob>(REMOVAL_QUEUE);
    this.reconciles = runtime.queue<Record<string, never>>(RECONCILE_QUEUE);
  }

  async start(): Promise<void> {
    this.jobs.process((job) => this.run(job.data, job.attempt), { concurrency: 4 });
    this.removals.process((job) => this.removeFromGateway(job.data), { concurrency: 2 });
    this.reconciles.process(() => this.reconcile().then(() => undefined));
    await this.reconciles.schedule('agent-reconcile', this.settings.reconcileEveryMs, {});
  }

  /** Queues provisioning of the agent's current generation (once per generation). */
  async request(agent: AgentRow): Promise<void> {
    await this.jobs.add(
      { kind: 'provision', agentId: agent.id, generation: agent.lifecycleGeneration },
      {
        id: jobId({ kind: 'provision', agentId: agent.id, generation: agent.lifecycleGeneration }),
        attempts: this.settings.attempts,
        backoffMs: this.settings.backoffMs,
      },
    );
  }

  async requestRemoval(agent: AgentRow): Promise<void> {
    await this.removals.add(
      { agentId: agent.id, gatewayId: agent.gatewayId, remoteAgentId: agent.remoteAgentId },
      { id: `remove:${agent.id}`, attempts: this.settings.attempts, backoffMs: this.settings.backoffMs },
    );
  }

  /** Whether the gateway has this agent (for imports); link failures are GATEWAY_UNAVAILABLE. */
  async lookup(gateway: GatewayRow, remoteAgentId: string): Promise<{ name: string | null } | null> {
    let link: GatewayLink | null = null;
    try {
      link = await this.links.open(gateway, { requestTimeoutMs: this.settings.requestTimeoutMs, reconnect: false });
      const found = (await link.listAgents()).find((agent) => agent.id === remoteAgentId);
      return found ? { name: found.name } : null;
    } catch (error) {
      throw new DomainError('GATEWAY_UNAVAILABLE', `The gateway could not be asked: ${describe(error)}`, {
        field: 'input.gatewayId',
        ids: [gateway.id],
      });
    } finally {
      await link?.close();
    }
  }

  /** Marks overdue PROVISIONING agents OFFLINE and restarts provisioning that never started. */
  async reconcile(): Promise<{ overdue: number; restarted: number }> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - this.settings.setupBudgetMs);
    const { overdue, unstarted } = await new AgentStore(this.database.db).provisioningDue(now, staleBefore);
    let marked = 0;
    for (const agent of overdue) {
      // One waiting for its gateway says why (and stays marked lost with it: its return provisions it again).
      const reason = agent.gatewayLostAt
        ? `provisioning deadline passed: ${agent.lastError ?? 'the gateway could not be reached'}`
        : 'provisioning deadline passed without a check-in';
      if (await this.finish(agent, 'OFFLINE', reason)) marked += 1;
    }
    for (const agent of unstarted) await this.request(agent);
    return { overdue: marked, restarted: unstarted.length };
  }

  private async run(job: ProvisionJob, attempt: number): Promise<void> {
    const agent = await this.current(job.agentId, job.generation);
    if (!agent) return;
    const gateway = (await new GatewayStore(this.database.db).byIds([agent.gatewayId])).get(agent.gatewayId);
    if (!gateway) return;
    let link: GatewayLink | null = null;
    try {
      link = await this.links.open(gateway, { requestTimeoutMs: this.settings.requestTimeoutMs });
      if (job.kind === 'provision') await this.provision(link, agent, gateway);
      else await this.check(link, agent, job.wake);
    } catch (error) {
      const last = attempt >= this.settings.attempts;
      const retryable = isGatewayLinkError(error) && error.retryable;
      if (retryable && !last) throw error;
      const message = describe(error);
      if (retryable && isDialIn(gateway)) {
        await this.awaitGateway(job, message);
        return;
      }
      this.logger.warn({ agentId: agent.id, err: error }, 'provisioning failed');
      const gatewayAtFault =
        isGatewayLinkError(error, 'AUTH_FAILED') ||
        isGatewayLinkError(error, 'VERSION_UNSUPPORTED') ||
        isGatewayLinkError(error, 'CONNECT_FAILED') ||
        isGatewayLinkError(error, 'PROTOCOL_ERROR') ||
        error instanceof NoDialOutError ||
        (retryable && last);
      // The gateway first: whoever sees the agent fail also sees why on the gateway.
      if (gatewayAtFault) await this.gatewayError(gateway, message);
      await this.finish(agent, 'ERROR', message, null);
    } finally {
      await link?.close();
    }
  }

  private async provision(link: GatewayLink, agent: AgentRow, gateway: GatewayRow): Promise<void> {
    const deadline = new Date(
      this.clock.now().getTime() +
        this.settings.setupBudgetMs +
        this.settings.maxWakes * this.settings.checkInTimeoutMs,
    );
    const started = await new AgentStore(this.database.db).updateIf(
      agent.id,
      agent.lifecycleGeneration,
      'PROVISIONING',
      {
        provisionDeadlineAt: agent.provisionDeadlineAt ?? deadline,
        wakeAttempts: 0,
      },
    );
    if (!started) return;
    const remoteId = gatewayAgentId(agent);
    await link.connect();
    const workspace = gateway.workspaceRoot.startsWith('/') ? `${gateway.workspaceRoot}/${remoteId}` : undefined;
    await link.createAgent({ agentId: remoteId, name: agent.name, workspace });
    // Each remote step is checked against the lifecycle: an agent deleted meanwhile (its removal may
    // have run before this create reached the gateway) is taken off the gateway again, here.
    if (!(await this.stillWanted(link, agent))) return;
    for (const file of renderAgentFiles(agent)) {
      await link.writeAgentFile(remoteId, file.name, file.content);
      if (!(await this.stillWanted(link, agent))) return;
    }
    await link.openSession({ agentId: remoteId, sessionKey: sessionKeyFor(remoteId), label: agent.name });
    if (!(await this.stillWanted(link, agent))) return;
    await this.wake(link, agent, 1);
  }

  /**
   * A dial-in gateway that cannot be reached: the same job again after a pause while the deadline allows
   * (the agent says what it waits for, marked as lost with its gateway), then OFFLINE with the reason.
   */
  private async awaitGateway(job: ProvisionJob, message: string): Promise<void> {
    const agent = await this.current(job.agentId, job.generation);
    if (!agent) return;
    const now = this.clock.now();
    if (agent.provisionDeadlineAt && agent.provisionDeadlineAt <= now) {
      await this.finish(
        agent,
        'OFFLINE',
        `the gateway could not be reached before the provisioning deadline: ${message}`,
      );
      return;
    }
    const lastError = `waiting for the gateway: ${message}`.slice(0, 1000);
    const waiting = await this.changes.run(async (scope) => {
      const row = await new AgentStore(scope.tx).updateIf(agent.id, job.generation, 'PROVISIONING', {
        lastError,
        gatewayLostAt: agent.gatewayLostAt ?? now,
      });
      // What it waits for is news to the consoles (still PROVISIONING): live, once per reason.
      if (row && agent.lastError !== lastError) await recordAgentStatus(scope, this.bus, row);
      return row;
    });
    if (!waiting) return;
    this.logger.info({ agentId: agent.id, reason: message }, 'provisioning waits for its dial-in gateway');
    await this.jobs.add(job, {
      id: `${jobId(job)}:wait:${now.getTime()}`,
      delayMs: Math.min(this.settings.backoffMs * 2 ** this.settings.attempts, 10_000),
      attempts: this.settings.attempts,
      backoffMs: this.settings.backoffMs,
    });
  }

  /**
   * True while this generation is still wanted. When the agent was deleted during the work, what was
   * created on the gateway is removed (NOT_FOUND is fine: the removal job got there first); a newer
   * generation just ends this one's work (its own job carries on).
   */
  private async stillWanted(link: GatewayLink, agent: AgentRow): Promise<boolean> {
    const row = (await new AgentStore(this.database.db).byIds([agent.id])).get(agent.id);
    if (row && row.status !== 'DELETING') {
      return row.lifecycleGeneration === agent.lifecycleGeneration && row.status === 'PROVISIONING';
    }
    try {
      await link.deleteAgent(gatewayAgentId(agent));
      this.logger.info({ agentId: agent.id }, 'agent deleted during provisioning: removed from its gateway again');
    } catch (error) {
      if (!isGatewayLinkError(error, 'NOT_FOUND')) throw error;
    }
    return false;
  }

  /** A wake's check-in deadline passed: done if the agent checked in, else wake again or give up. */
  private async check(link: GatewayLink, agent: AgentRow, wake: number): Promise<void> {
    if (wake >= this.settings.maxWakes) {
      await this.finish(
        agent,
        'OFFLINE',
        `no check-in after ${wake} wake message(s), ${Math.round(this.settings.checkInTimeoutMs / 1000)} s each`,
      );
      return;
    }
    await this.wake(link, agent, wake + 1);
  }

  private async wake(link: GatewayLink, agent: AgentRow, wake: number): Promise<void> {
    const remoteId = gatewayAgentId(agent);
    await link.sendChat({
      agentId: remoteId,
      sessionKey: sessionKeyFor(remoteId),
      message: wakeMessage(agent, wake),
      idempotencyKey: `mc-wake-${agent.id}-${agent.lifecycleGeneration}-${wake}`,
    });
    const updated = await new AgentStore(this.database.db).updateIf(
      agent.id,
      agent.lifecycleGeneration,
      'PROVISIONING',
      // The gateway answered: whatever this generation waited for is over.
      { wakeAttempts: wake, lastError: null, gatewayLostAt: null },
    );
    if (!updated) {
      await this.stillWanted(link, agent);
      return;
    }
    const check: ProvisionJob = { kind: 'check', agentId: agent.id, generation: agent.lifecycleGeneration, wake };
    await this.jobs.add(check, {
      id: jobId(check),
      delayMs: this.settings.checkInTimeoutMs,
      attempts: this.settings.attempts,
      backoffMs: this.settings.backoffMs,
    });
  }

  /** The agent if it is still PROVISIONING at this generation; null means the work is stale. */
  private async current(agentId: string, generation: number): Promise<AgentRow | null> {
    const agent = (await new AgentStore(this.database.db).byIds([agentId])).get(agentId);
    return agent && agent.lifecycleGeneration === generation && agent.status === 'PROVISIONING' ? agent : null;
  }

  /**
   * Ends provisioning of this generation (compare-and-set), with the durable and live events.
   * `gatewayLostAt`: undefined keeps the mark of a gateway loss, null clears it.
   */
  private async finish(
    agent: AgentRow,
    status: AgentStatusValue,
    lastError: string,
    gatewayLostAt?: Date | null,
  ): Promise<boolean> {
    return this.changes.run(async (scope) => {
      const now = this.clock.now();
      const row = await new AgentStore(scope.tx).updateIf(agent.id, agent.lifecycleGeneration, 'PROVISIONING', {
        status,
        lastError: lastError.slice(0, 1000),
        provisionDeadlineAt: null,
        updatedAt: now,
        ...(gatewayLostAt === undefined ? {} : { gatewayLostAt }),
      });
      if (!row) return false;
      await recordAgentStatus(scope, this.bus, row);
      return true;
    });
  }

  /** A gateway the link cannot use (auth, version, unreachable): ERROR with the reason, live. */
  private async gatewayError(gateway: GatewayRow, message: string): Promise<void> {
    const now = this.clock.now();
    await this.changes.run(async (scope) => {
      const gateways = new GatewayStore(scope.tx);
      const current = await gateways.lock(gateway.id);
      if (!current) return;
      const row = (await gateways.update(gateway.id, {
        status: 'ERROR',
        lastError: message.slice(0, 1000),
        statusChangedAt: current.status === 'ERROR' ? current.statusChangedAt : now,
        updatedAt: now,
      })) as GatewayRow;
      await recordStatusChange(scope, this.bus, {
        gateway: row,
        from: current.status,
        to: 'ERROR',
        lastSeenAt: row.lastSeenAt,
        at: now,
        reason: message.slice(0, 200),
        actor: SYSTEM_ACTOR,
      });
    });
  }

  private async removeFromGateway(job: RemovalJob): Promise<void> {
    const gateway = (await new GatewayStore(this.database.db).byIds([job.gatewayId])).get(job.gatewayId);
    if (!gateway || (!gateway.url && !isDialIn(gateway))) return;
    const link = await this.links.open(gateway, { requestTimeoutMs: this.settings.requestTimeoutMs });
    try {
      await link.deleteAgent(job.remoteAgentId ?? gatewayAgentId({ id: job.agentId, remoteAgentId: null }));
    } catch (error) {
      if (!isGatewayLinkError(error, 'NOT_FOUND')) throw error;
    } finally {
      await link.close();
    }
  }
}

function describe(error: unknown): string {
  if (isGatewayLinkError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof NoDialOutError) return error.message;
  return 'provisioning failed unexpectedly';
}

/** Deterministic job ids: a generation is provisioned once, each wake checked once. */
function jobId(job: ProvisionJob): string {
  return job.kind === 'provision'
    ? `provision:${job.agentId}:${job.generation}`
    : `check:${job.agentId}:${job.generation}:${job.wake}`;
}
