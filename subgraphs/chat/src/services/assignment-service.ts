/**
 * Assignments: organization admins let an H5 user talk to an agent, and take it back. Both sides
 * are checked against the admin's organization through chat's projections (fleet's agent events,
 * identity's H5 user events): anything unknown or of another organization is NOT_FOUND.
 */
import {
  byCreation,
  type Connection,
  type Database,
  decodeCursor,
  type EventBus,
  type Identity,
  notFound,
  parseFirst,
  parseId,
  type SubgraphRuntime,
  toConnection,
} from '@mc/kit';
import { type AssignmentRow, AssignmentStore } from '../db/assignment-store.ts';
import { type AgentState, ProjectionStore } from '../db/projection-store.ts';
import { type SessionRow, SessionStore } from '../db/session-store.ts';
import { sessionTopic } from '../events.ts';
import { requireAdmin, requireH5 } from './access.ts';
import { assignmentNotFound } from './errors.ts';

export interface AssignmentListArgs {
  agentId?: string | null;
  h5UserId?: string | null;
  first?: number | null;
  after?: string | null;
}

export class AssignmentService {
  private readonly store: AssignmentStore;
  private readonly projections: ProjectionStore;
  private readonly sessions: SessionStore;
  private readonly bus: EventBus;
  private readonly logger: SubgraphRuntime['logger'];

  constructor(db: Database, bus: EventBus, logger: SubgraphRuntime['logger']) {
    this.store = new AssignmentStore(db);
    this.projections = new ProjectionStore(db);
    this.sessions = new SessionStore(db);
    this.bus = bus;
    this.logger = logger;
  }

  async assign(identity: Identity, input: { agentId: string; h5UserId: string }): Promise<AssignmentRow> {
    const org = requireAdmin(identity);
    const agentId = parseId(input.agentId, 'input.agentId');
    const h5UserId = parseId(input.h5UserId, 'input.h5UserId');
    const agent = (await this.projections.agents([agentId])).get(agentId);
    if (!agent || agent.organizationId !== org.id || agent.deletedAt) throw notFound('Agent', agentId);
    const h5User = (await this.projections.h5Users([h5UserId])).get(h5UserId);
    if (!h5User || h5User.organizationId !== org.id) throw notFound('H5 user', h5UserId);
    const { row } = await this.store.insertOrGet({
      organizationId: org.id,
      agentId,
      h5UserId,
      assignedByKind: 'USER',
      assignedById: identity.kind === 'user' ? identity.userId : 'unknown',
    });
    return row;
  }

  async unassign(identity: Identity, rawId: string): Promise<AssignmentRow> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    const row = (await this.store.byIds([id])).get(id);
    if (!row || row.organizationId !== org.id) throw assignmentNotFound(id);
    const deleted = await this.store.delete(id);
    if (!deleted) throw assignmentNotFound(id);
    // The user's live subscriptions end now (on every instance); if this publish is lost, the
    // subscriptions' head poll notices the missing assignment.
    const session = (await this.sessions.byPairs([deleted])).get(`${deleted.h5UserId}:${deleted.agentId}`);
    if (session) {
      await this.bus
        .publish(sessionTopic(session.id), { type: 'ACCESS_REVOKED', sessionId: session.id })
        .catch((error) =>
          this.logger.warn({ err: error, sessionId: session.id }, 'revocation publish failed; polls end it'),
        );
    }
    return deleted;
  }

  /** The organization's assignments (admins), oldest first. */
  async list(identity: Identity, args: AssignmentListArgs): Promise<Connection<AssignmentRow>> {
    const org = requireAdmin(identity);
    const limit = parseFirst(args.first);
    const rows = await this.store.list({
      organizationId: org.id,
      agentId: args.agentId == null ? undefined : parseId(args.agentId, 'filter.agentId'),
      h5UserId: args.h5UserId == null ? undefined : parseId(args.h5UserId, 'filter.h5UserId'),
      after: decodeCursor(args.after),
      limit: limit + 1,
    });
    return toConnection(rows, limit, byCreation);
  }

  /** The signed-in H5 user's assignments (their agents), oldest first. */
  async mine(identity: Identity): Promise<AssignmentRow[]> {
    const caller = requireH5(identity);
    await this.projections.rememberH5User(caller.h5UserId, caller.orgId);
    return this.store.ofH5User(caller.h5UserId, caller.orgId);
  }

  /** For `ChatAssignment.agent` / `ChatSession.agent`, batched. */
  async agents(ids: readonly string[]): Promise<(AgentState | null)[]> {
    const found = await this.projections.agents(ids);
    return ids.map((id) => found.get(id) ?? null);
  }

  /** For `ChatAssignment.session`, batched: the pair's session if it was opened. */
  async sessionsOf(rows: readonly AssignmentRow[]): Promise<(SessionRow | null)[]> {
    const found = await this.sessions.byPairs(rows.map((row) => ({ h5UserId: row.h5UserId, agentId: row.agentId })));
    return rows.map((row) => found.get(`${row.h5UserId}:${row.agentId}`) ?? null);
  }
}
