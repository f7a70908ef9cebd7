/**
 * Agents: admins create, update and delete them on a gateway of their organization, optionally on a
 * board (which must exist in the organization per work's events, and whose `maxAgents` is respected
 * under a lock of the board's projection row); one gateway-main agent per gateway and one lead per
 * board (unique partial indexes). Each change records `fleet.agent*` in its transaction and, when the
 * gateway must act, bumps the lifecycle generation and hands the agent to the provisioning queue.
 * Agents check in with their own identity.
 */
import {
  badInput,
  byCreation,
  type Clock,
  type Connection,
  conflict,
  type Database,
  type DatabaseHandle,
  DomainError,
  type DomainEvents,
  decodeCursor,
  type EventBus,
  type EventIterator,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  parseFirst,
  parseId,
  requireText,
  toConnection,
} from '@mc/kit';
import {
  type AgentFilter,
  type AgentKindValue,
  type AgentRow,
  type AgentStatusValue,
  AgentStore,
} from '../db/agent-store.ts';
import { BoardStore } from '../db/board-store.ts';
import { type GatewayRow, GatewayStore } from '../db/gateway-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { type AgentChange, fleetEvents } from '../domain-events.ts';
import { type AgentStatusEvent, agentStatusChanged } from '../events.ts';
import { readerOrg, requireAdmin, requireAgentCaller, requireSameOrg } from './access.ts';
import { actorOf, type ChangeScope, Changes } from './changes.ts';
import type { CredentialIssuer } from './identity-credentials.ts';

export const AGENT_NAME_MAX = 120;

export interface CreateAgentInput {
  name: string;
  gatewayId: string;
  boardId?: string | null;
  kind?: AgentKindValue | null;
}

export interface UpdateAgentInput {
  name?: string | null;
  /** Absent: keep; null: take the agent off its board. */
  boardId?: string | null;
  kind?: AgentKindValue | null;
}

export interface ImportAgentInput {
  gatewayId: string;
  remoteAgentId: string;
  name?: string | null;
  boardId?: string | null;
  kind?: AgentKindValue | null;
}

/** OpenClaw's agent id rule. */
const REMOTE_AGENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Finds an agent on a gateway through the link (null: not there); link failures are DomainErrors. */
export type RemoteAgentLookup = (gateway: GatewayRow, remoteAgentId: string) => Promise<{ name: string | null } | null>;

/** Hands an agent to the provisioning orchestrator (after commit). */
export type ProvisionRequest = (agent: AgentRow) => Promise<void>;
/** Removes a deleted agent from its gateway (after commit, best effort). */
export type RemovalRequest = (agent: AgentRow) => Promise<void>;

export const agentChange = (row: AgentRow): AgentChange => ({
  agentId: row.id,
  organizationId: row.organizationId,
  boardId: row.boardId,
  name: row.name,
  status: row.status,
});

export class AgentService {
  private readonly database: DatabaseHandle;
  private readonly store: AgentStore;
  private readonly changes: Changes;
  private readonly bus: EventBus;
  private readonly credentials: CredentialIssuer;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private provision: ProvisionRequest = async () => {};
  private remove: RemovalRequest = async () => {};
  private lookup: RemoteAgentLookup = async () => {
    throw new DomainError('GATEWAY_UNAVAILABLE', 'No gateway link is configured');
  };

  constructor(deps: {
    database: DatabaseHandle;
    events: DomainEvents;
    bus: EventBus;
    credentials: CredentialIssuer;
    clock: Clock;
    logger: Logger;
  }) {
    this.database = deps.database;
    this.store = new AgentStore(deps.database.db);
    this.changes = new Changes(deps.database, deps.events);
    this.bus = deps.bus;
    this.credentials = deps.credentials;
    this.clock = deps.clock;
    this.logger = deps.logger;
  }

  /** Wires the orchestrator (it depends on this service, so it is set after both exist). */
  onLifecycle(handlers: { provision: ProvisionRequest; remove: RemovalRequest; lookup: RemoteAgentLookup }): void {
    this.provision = handlers.provision;
    this.remove = handlers.remove;
    this.lookup = handlers.lookup;
  }

  async get(identity: Identity, rawId: string): Promise<AgentRow> {
    const orgId = readerOrg(identity);
    const id = parseId(rawId);
    return requireSameOrg((await this.store.byIds([id])).get(id), orgId, 'Agent', id);
  }

  async load(identity: Identity, ids: readonly string[]): Promise<(AgentRow | Error)[]> {
    let orgId: string;
    try {
      orgId = readerOrg(identity);
    } catch (error) {
      return ids.map(() => error as Error);
    }
    const rows = await this.store.byIds(ids.filter(isUuid).map((id) => id.toLowerCase()));
    return ids.map((id) => {
      const row = rows.get(id.toLowerCase());
      return row && row.organizationId === orgId ? row : notFound('Agent', id);
    });
  }

  async list(
    identity: Identity,
    args: {
      gatewayId?: string | null;
      boardId?: string | null;
      status?: AgentStatusValue | null;
      first?: number | null;
      after?: string | null;
    },
  ): Promise<Connection<AgentRow>> {
    const orgId = readerOrg(identity);
    const limit = parseFirst(args.first);
    const filter: AgentFilter = {
      gatewayId: args.gatewayId == null ? undefined : parseId(args.gatewayId, 'filter.gatewayId'),
      boardId: args.boardId == null ? undefined : parseId(args.boardId, 'filter.boardId'),
      status: args.status ?? undefined,
    };
    return toConnection(await this.store.page(orgId, filter, limit, decodeCursor(args.after)), limit, byCreation);
  }

  /** Agents of these gateways or boards, of the caller's organization only. */
  async byParent(identity: Identity, column: 'gatewayId' | 'boardId', ids: readonly string[]): Promise<AgentRow[][]> {
    const orgId = readerOrg(identity);
    const grouped = await this.store.byParent(column, ids.filter(isUuid));
    return ids.map((id) => (grouped.get(id) ?? []).filter((row) => row.organizationId === orgId));
  }

  async create(identity: Identity, input: CreateAgentInput): Promise<AgentRow> {
    const org = requireAdmin(identity);
    const name = requireText(input.name, 'input.name', AGENT_NAME_MAX);
    const placement = this.parsePlacement(input);
    const gateway = await this.requireGateway(org.id, input.gatewayId);
    return this.insert(identity, org.id, { ...placement, gatewayId: gateway.id, name, remoteAgentId: null });
  }

  /**
   * Adopts an agent that already exists on a gateway (`remoteAgentId`, OpenClaw's id): it must be
   * listed by the gateway; it is then provisioned like a new one (its files get Mission Control's
   * instructions, it is woken and must check in). Importing it twice is CONFLICT.
   */
  async import(identity: Identity, input: ImportAgentInput): Promise<AgentRow> {
    const org = requireAdmin(identity);
    const remoteAgentId = input.remoteAgentId.trim().toLowerCase();
    if (!REMOTE_AGENT_ID.test(remoteAgentId)) {
      throw badInput('input.remoteAgentId must be 1–64 of a-z, 0-9, _ and -', 'input.remoteAgentId');
    }
    const placement = this.parsePlacement(input);
    const name = input.name == null ? null : requireText(input.name, 'input.name', AGENT_NAME_MAX);
    const gateway = await this.requireGateway(org.id, input.gatewayId);
    const remote = await this.lookup(gateway, remoteAgentId);
    if (!remote) {
      throw new DomainError('NOT_FOUND', 'The gateway has no agent with this id', {
        field: 'input.remoteAgentId',
        ids: [remoteAgentId],
      });
    }
    return this.insert(identity, org.id, {
      ...placement,
      gatewayId: gateway.id,
      name: name ?? (remote.name?.trim() || remoteAgentId).slice(0, AGENT_NAME_MAX),
      remoteAgentId,
    });
  }

  private parsePlacement(input: { boardId?: string | null; kind?: AgentKindValue | null }) {
    const boardId = input.boardId == null ? null : parseId(input.boardId, 'input.boardId');
    const kind = input.kind ?? 'WORKER';
    checkKind(kind, boardId);
    return { boardId, kind };
  }

  private async requireGateway(organizationId: string, rawId: string): Promise<GatewayRow> {
    const gatewayId = parseId(rawId, 'input.gatewayId');
    const gateway = (await new GatewayStore(this.database.db).byIds([gatewayId])).get(gatewayId);
    if (!gateway || gateway.organizationId !== organizationId) {
      throw new DomainError('NOT_FOUND', 'Gateway not found', { field: 'input.gatewayId', ids: [gatewayId] });
    }
    return gateway;
  }

  private async insert(
    identity: Identity,
    organizationId: string,
    fields: {
      gatewayId: string;
      boardId: string | null;
      kind: AgentKindValue;
      name: string;
      remoteAgentId: string | null;
    },
  ): Promise<AgentRow> {
    const actor = actorOf(identity);
    const row = await this.changes
      .run(async (scope) => {
        if (fields.boardId) await this.requireBoardRoom(scope.tx, organizationId, fields.boardId, null);
        const created = await new AgentStore(scope.tx).create({ organizationId, ...fields });
        await scope.record(fleetEvents.agentCreated, agentChange(created), { organizationId, actor });
        this.notifyStatus(scope, created);
        return created;
      })
      .catch(rethrowAgentConflict);
    await this.provision(row);
    return row;
  }

  async update(identity: Identity, rawId: string, input: UpdateAgentInput): Promise<AgentRow> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    requireSameOrg((await this.store.byIds([id])).get(id), org.id, 'Agent', id);
    const name = input.name == null ? undefined : requireText(input.name, 'input.name', AGENT_NAME_MAX);
    const boardId =
      input.boardId === undefined ? undefined : input.boardId === null ? null : parseId(input.boardId, 'input.boardId');
    const actor = actorOf(identity);
    const { row, reprovision } = await this.changes
      .run(async (scope) => {
        const agents = new AgentStore(scope.tx);
        const current = await agents.lock(id);
        if (!current) throw notFound('Agent', id);
        const next = {
          name: name ?? current.name,
          boardId: boardId === undefined ? current.boardId : boardId,
          kind: input.kind ?? current.kind,
        };
        checkKind(next.kind, next.boardId);
        if (next.boardId && next.boardId !== current.boardId) {
          await this.requireBoardRoom(scope.tx, org.id, next.boardId, id);
        }
        const changed = next.name !== current.name || next.boardId !== current.boardId || next.kind !== current.kind;
        if (!changed) return { row: current, reprovision: false };
        // The agent's files name its board and role: the gateway must be brought up to date.
        const updated = (await agents.update(id, {
          ...next,
          status: 'PROVISIONING',
          lifecycleGeneration: current.lifecycleGeneration + 1,
          wakeAttempts: 0,
          provisionDeadlineAt: null,
          updatedAt: this.clock.now(),
        })) as AgentRow;
        await scope.record(fleetEvents.agentUpdated, agentChange(updated), { organizationId: org.id, actor });
        this.notifyStatus(scope, updated);
        return { row: updated, reprovision: true };
      })
      .catch(rethrowAgentConflict);
    if (reprovision) await this.provision(row);
    return row;
  }

  async delete(identity: Identity, rawId: string): Promise<{ id: string }> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    requireSameOrg((await this.store.byIds([id])).get(id), org.id, 'Agent', id);
    const actor = actorOf(identity);
    const removed = await this.changes.run(async (scope) => {
      const row = await new AgentStore(scope.tx).delete(id);
      if (!row) throw notFound('Agent', id);
      await scope.record(
        fleetEvents.agentDeleted,
        { ...agentChange(row), status: 'DELETING' },
        { organizationId: org.id, actor },
      );
      this.notifyStatus(scope, row, true);
      return row;
    });
    try {
      await this.credentials.revokeAll({ organizationId: org.id, kind: 'AGENT', subjectId: id });
    } catch (error) {
      this.logger.warn({ err: error, agentId: id }, 'could not revoke the tokens of a deleted agent');
    }
    await this.remove(removed);
    return { id };
  }

  /** A new agent token (`mca_…`, shown once); the agent's previous tokens are revoked. */
  async rotateToken(identity: Identity, rawId: string): Promise<{ agent: AgentRow; token: string }> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    const agent = requireSameOrg((await this.store.byIds([id])).get(id), org.id, 'Agent', id);
    const issued = await this.credentials.issue({
      organizationId: org.id,
      kind: 'AGENT',
      subjectId: id,
      name: `agent ${agent.name}`.slice(0, 120),
      rotate: true,
    });
    return { agent, token: issued.token };
  }

  /** The agent itself reports in: ONLINE, `checkedInAt` now, last error cleared. */
  async checkIn(identity: Identity): Promise<AgentRow> {
    const caller = requireAgentCaller(identity);
    const id = caller.agentId.toLowerCase();
    const now = this.clock.now();
    return this.changes.run(async (scope) => {
      const agents = new AgentStore(scope.tx);
      const current = isUuid(id) ? await agents.lock(id) : undefined;
      if (!current || current.organizationId !== caller.orgId) throw notFound('Agent', id);
      const row = (await agents.update(id, {
        status: 'ONLINE',
        checkedInAt: now,
        lastError: null,
        wakeAttempts: 0,
        provisionDeadlineAt: null,
        updatedAt: now,
      })) as AgentRow;
      if (current.status !== 'ONLINE') {
        await scope.record(fleetEvents.agentUpdated, agentChange(row), {
          organizationId: row.organizationId,
          actor: actorOf(identity),
        });
        this.notifyStatus(scope, row);
      }
      return row;
    });
  }

  /** Status changes of the caller's organization's agents, live. */
  watch(identity: Identity): Promise<EventIterator<AgentStatusEvent>> {
    return this.bus.iterate(agentStatusChanged(readerOrg(identity)));
  }

  /** Publishes the agent's status (or its deletion) on its organization's live channel after commit. */
  notifyStatus(scope: ChangeScope, row: AgentRow, deleted = false): void {
    scope.afterCommit(() =>
      this.bus.publish(agentStatusChanged(row.organizationId), {
        agentId: row.id,
        organizationId: row.organizationId,
        status: row.status,
        lastError: row.lastError,
        ...(deleted ? { deleted } : {}),
      }),
    );
  }

  /** The board exists in the organization (per work's events) and has room; locks its row. */
  private async requireBoardRoom(tx: Database, organizationId: string, boardId: string, exceptAgentId: string | null) {
    const board = await new BoardStore(tx).lock(boardId);
    if (!board || board.organizationId !== organizationId || board.deletedAt) {
      throw new DomainError('NOT_FOUND', 'Board not found', { field: 'input.boardId', ids: [boardId] });
    }
    const placed = await new AgentStore(tx).countOnBoard(boardId, exceptAgentId ?? undefined);
    if (placed >= board.maxAgents) {
      throw new DomainError('AGENT_LIMIT_REACHED', `The board allows at most ${board.maxAgents} agent(s)`, {
        field: 'input.boardId',
        ids: [boardId],
      });
    }
  }
}

function checkKind(kind: AgentKindValue, boardId: string | null): void {
  if (kind === 'GATEWAY_MAIN' && boardId) throw badInput('A gateway-main agent belongs to no board', 'input.boardId');
  if (kind === 'LEAD' && !boardId) throw badInput('A lead agent needs a board', 'input.boardId');
}

function rethrowAgentConflict(error: unknown): never {
  switch (uniqueViolation(error)) {
    case 'agents_one_gateway_main_key':
      throw conflict('The gateway already has a gateway-main agent', { field: 'input.kind' });
    case 'agents_one_lead_per_board_key':
      throw conflict('The board already has a lead agent', { field: 'input.kind' });
    case 'agents_gateway_name_key':
      throw conflict('An agent with this name already exists on the gateway', { field: 'input.name' });
    case 'agents_gateway_remote_key':
      throw conflict('This gateway agent is already imported', { field: 'input.remoteAgentId' });
    default:
      throw error;
  }
}
