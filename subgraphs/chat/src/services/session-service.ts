/**
 * Sessions: an H5 user opens one per assigned agent (opening again re-opens it); its H5 user, its
 * agent and the organization's admins (support view) read it and its history; nobody else can —
 * they get SESSION_NOT_FOUND, exactly as for an id that does not exist.
 */
import {
  badInput,
  byCreation,
  type Connection,
  type Database,
  decodeCursor,
  type EventBus,
  type EventIterator,
  type Identity,
  isUuid,
  parseFirst,
  parseId,
  type SubgraphRuntime,
  toConnection,
} from '@mc/kit';
import { AssignmentStore } from '../db/assignment-store.ts';
import { type MessageRow, MessageStore } from '../db/message-store.ts';
import { ProjectionStore } from '../db/projection-store.ts';
import { type ActivityPosition, type SessionListOrder, type SessionRow, SessionStore } from '../db/session-store.ts';
import { sessionOpenedTopic, sessionUpdatedTopic } from '../events.ts';
import { requireAdmin, requireAgent, requireAssigned, requireH5, sessionRole } from './access.ts';
import { agentUnavailable, assignmentNotFound, sessionNotFound } from './errors.ts';

export type SessionOrder = 'CREATED' | 'LAST_ACTIVITY';

export interface SessionListArgs {
  agentId?: string | null;
  h5UserId?: string | null;
  orderBy?: SessionOrder | null;
  first?: number | null;
  after?: string | null;
}

/** The cursor of a session in last-activity order: its last message's time (null: none yet) and its id. */
function encodeActivityCursor(row: SessionRow): string {
  return Buffer.from(JSON.stringify(['activity', row.lastMessageAt?.toISOString() ?? null, row.id])).toString(
    'base64url',
  );
}

function decodeActivityCursor(cursor: string | null | undefined, field = 'after'): ActivityPosition | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const [kind, iso, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = typeof iso === 'string' ? new Date(iso) : iso === null ? null : undefined;
    const valid = kind === 'activity' && at !== undefined && (at === null || !Number.isNaN(at.getTime()));
    if (valid && typeof id === 'string' && isUuid(id)) return { at, id: id.toLowerCase() };
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw badInput(`${field} is not a valid cursor`, field);
}

/** `toConnection` for an order whose cursor is not an (instant, id) pair: a page from `limit + 1` rows. */
function toKeyedConnection<T>(rows: T[], limit: number, cursor: (row: T) => string): Connection<T> {
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  return {
    get edges() {
      return nodes.map((node) => ({ cursor: cursor(node), node }));
    },
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : cursor(last) },
  };
}

export interface HistoryArgs {
  first?: number | null;
  after?: string | null;
  newestFirst?: boolean | null;
}

export class SessionService {
  private readonly store: SessionStore;
  private readonly assignments: AssignmentStore;
  private readonly messages: MessageStore;
  private readonly projections: ProjectionStore;
  private readonly bus: EventBus;
  private readonly logger: SubgraphRuntime['logger'];

  constructor(db: Database, bus: EventBus, logger: SubgraphRuntime['logger']) {
    this.bus = bus;
    this.logger = logger;
    this.store = new SessionStore(db);
    this.assignments = new AssignmentStore(db);
    this.messages = new MessageStore(db);
    this.projections = new ProjectionStore(db);
  }

  /** Opens (or re-opens) the caller's session with an agent they are assigned to. */
  async open(identity: Identity, rawAgentId: string): Promise<SessionRow> {
    const caller = requireH5(identity);
    const agentId = parseId(rawAgentId, 'agentId');
    await this.projections.rememberH5User(caller.h5UserId, caller.orgId);
    const assignment = await this.assignments.byPair(caller.h5UserId, agentId);
    if (!assignment || assignment.organizationId !== caller.orgId) throw assignmentNotFound();
    const agent = (await this.projections.agents([agentId])).get(agentId);
    if (!agent || agent.deletedAt) throw agentUnavailable(agentId);
    const { session, created } = await this.store.openOrGet({
      organizationId: caller.orgId,
      agentId,
      h5UserId: caller.h5UserId,
    });
    // Live only: a lost publish leaves the support list to its next refetch (reconnect or poll).
    if (created) {
      for (const topic of [sessionOpenedTopic(session.organizationId), sessionUpdatedTopic(session.organizationId)]) {
        await this.bus
          .publish(topic, session)
          .catch((error) => this.logger.warn({ err: error, sessionId: session.id }, 'session-opened publish failed'));
      }
    }
    return session;
  }

  /** Sessions opened in the organization the admin acts in, live (support view). */
  watchOpened(identity: Identity): Promise<EventIterator<SessionRow>> {
    const organizationId = requireAdmin(identity).id.toLowerCase();
    return this.bus.iterate(sessionOpenedTopic(organizationId));
  }

  /** Sessions of the organization the admin acts in as they change (opened, message stored), live. */
  watchUpdated(identity: Identity): Promise<EventIterator<SessionRow>> {
    const organizationId = requireAdmin(identity).id.toLowerCase();
    return this.bus.iterate(sessionUpdatedTopic(organizationId));
  }

  /**
   * A session the caller may read; anything else is SESSION_NOT_FOUND. Its H5 user reads it only
   * while assigned to its agent (ASSIGNMENT_NOT_FOUND after an unassignment; re-assigned, it is back).
   */
  async get(identity: Identity, rawId: string, field = 'id'): Promise<SessionRow> {
    const id = parseId(rawId, field);
    const session = (await this.store.byIds([id])).get(id);
    const role = session ? sessionRole(identity, session) : null;
    if (!session || role === null) throw sessionNotFound(id);
    if (role === 'H5_USER') await requireAssigned(this.assignments, session);
    return session;
  }

  /** The organization's sessions (admins' support view), or an agent's own sessions; newest first. */
  async list(identity: Identity, args: SessionListArgs): Promise<Connection<SessionRow>> {
    const agent = identity.kind === 'agent' ? requireAgent(identity) : null;
    const organizationId = agent ? agent.orgId : requireAdmin(identity).id;
    const agentId = args.agentId == null ? undefined : parseId(args.agentId, 'filter.agentId');
    const limit = parseFirst(args.first);
    const byActivity = args.orderBy === 'LAST_ACTIVITY';
    const order: SessionListOrder = byActivity
      ? { by: 'LAST_ACTIVITY', after: decodeActivityCursor(args.after) }
      : { by: 'CREATED', after: decodeCursor(args.after) };
    const connection = (rows: SessionRow[]) =>
      byActivity
        ? toKeyedConnection(rows, limit, encodeActivityCursor)
        : toConnection<SessionRow>(rows, limit, byCreation);
    // An agent sees its own sessions only: another agent's id in the filter finds nothing.
    if (agent && agentId && agentId !== agent.agentId) return connection([]);
    const rows = await this.store.list({
      organizationId,
      agentId: agent ? agent.agentId : agentId,
      h5UserId: args.h5UserId == null ? undefined : parseId(args.h5UserId, 'filter.h5UserId'),
      order,
      limit: limit + 1,
    });
    return connection(rows);
  }

  /** For `ChatSession.lastMessage`, batched (session lists with a preview). */
  async lastMessages(sessionIds: readonly string[]): Promise<(MessageRow | null)[]> {
    const found = await this.messages.lastOfSessions(sessionIds);
    return sessionIds.map((id) => found.get(id) ?? null);
  }

  /**
   * A page of a readable session's messages by sequence: oldest first (`after` = the last
   * sequence seen), or newest first to scroll back (`after` = the oldest seen).
   */
  async history(session: SessionRow, args: HistoryArgs): Promise<Connection<MessageRow>> {
    const limit = parseFirst(args.first);
    const newestFirst = args.newestFirst ?? false;
    const position = decodeSequenceCursor(args.after);
    const rows = await this.messages.history(session.id, {
      newestFirst,
      after: newestFirst ? undefined : position,
      before: newestFirst ? position : undefined,
      limit: limit + 1,
    });
    const nodes = rows.slice(0, limit);
    const edges = nodes.map((node) => ({ cursor: encodeSequenceCursor(node.sequence), node }));
    return {
      edges,
      nodes,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}

export function encodeSequenceCursor(sequence: number): string {
  return Buffer.from(`seq:${sequence}`).toString('base64url');
}

export function decodeSequenceCursor(cursor: string | null | undefined, field = 'after'): number | undefined {
  if (cursor == null) return undefined;
  const match = /^seq:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput(`${field} is not a valid cursor`, field);
  return Number(match[1]);
}
