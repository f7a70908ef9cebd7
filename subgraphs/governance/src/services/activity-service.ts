/**
 * The activity timeline: read side (org-scoped, board entries only for boards the caller may
 * read, filters, newest first) and the projector that turns work's domain events into entries and
 * into the board/task projections metrics use. Entries are append-only: no API changes or removes
 * them, and the table refuses updates and deletes. Work's events never carry HIDDEN custom-field
 * values; ADMIN_ONLY ones (`adminOnlyCustomFields` in before/after) are shown to admins and owners only.
 */
import {
  badInput,
  type Connection,
  type Database,
  type DomainEvent,
  decodeCursor,
  type Identity,
  isUuid,
  type OrgAccess,
  parseFirst,
  parseId,
  toConnection,
} from '@mc/kit';
import type { WorkChange } from '@mc/kit/topics/work';
import { type ActivityRow, ActivityStore } from '../db/activity-store.ts';
import { ProjectionStore } from '../db/projection-store.ts';
import { type ActorKind, actorFromEvent } from '../events.ts';
import { readScope, requireBoard } from './access.ts';

export interface ActivityFilter {
  boardId?: string | null;
  taskId?: string | null;
  actorKind?: ActorKind | null;
  actorId?: string | null;
  types?: readonly string[] | null;
  since?: Date | null;
  until?: Date | null;
}

const MAX_TYPES = 50;

export class ActivityService {
  private readonly store: ActivityStore;
  private readonly projections: ProjectionStore;

  constructor(db: Database) {
    this.store = new ActivityStore(db);
    this.projections = new ProjectionStore(db);
  }

  async list(
    identity: Identity,
    filter: ActivityFilter,
    page: { first?: number | null; after?: string | null },
  ): Promise<Connection<ActivityRow>> {
    const { org, readable } = readScope(identity);
    const limit = parseFirst(page.first);
    const after = decodeCursor(page.after);
    const boardId = filter.boardId == null ? undefined : parseId(filter.boardId, 'filter.boardId');
    if (boardId) await requireBoard(this.projections, identity, boardId, 'read');
    const taskId = filter.taskId == null ? undefined : parseId(filter.taskId, 'filter.taskId');
    if (filter.types && filter.types.length > MAX_TYPES) {
      throw badInput(`filter.types takes at most ${MAX_TYPES} types`, 'filter.types');
    }
    if (filter.since && filter.until && filter.since >= filter.until) {
      throw badInput('filter.since must be before filter.until', 'filter.since');
    }
    const rows = await this.store.list({
      organizationId: org.id,
      readable,
      boardId,
      taskId,
      actorKind: filter.actorKind ?? undefined,
      actorId: filter.actorId ?? undefined,
      verbs: filter.types ?? undefined,
      since: filter.since ?? undefined,
      until: filter.until ?? undefined,
      after,
      limit: limit + 1,
    });
    return toConnection(rows.map(entryShownTo(org)), limit, (row) => ({ at: row.occurredAt, id: row.id }));
  }
}

/** Where work's events put the custom-field values only admins and owners may see. */
export const ADMIN_ONLY_KEY = 'adminOnlyCustomFields';

/** An entry as `org`'s member may see it (the query and the live stream alike). */
export function entryShownTo(org: OrgAccess): (row: ActivityRow) => ActivityRow {
  return org.role === 'ADMIN' || org.role === 'OWNER' ? (row) => row : withoutAdminOnly;
}

function withoutAdminOnly(row: ActivityRow): ActivityRow {
  const strip = (side: unknown) => {
    if (!side || typeof side !== 'object' || !(ADMIN_ONLY_KEY in side)) return side;
    const { [ADMIN_ONLY_KEY]: _hidden, ...rest } = side as Record<string, unknown>;
    return rest;
  };
  return { ...row, before: strip(row.before), after: strip(row.after) } as ActivityRow;
}

const uuidOrNull = (value: unknown): string | null =>
  typeof value === 'string' && isUuid(value) ? value.toLowerCase() : null;

/** What a work event is about, for the timeline. */
function targetOf(topic: string, change: WorkChange): { type: string; id: string | null } {
  const event = topic.slice(topic.indexOf('.') + 1);
  if (event.startsWith('boardGroup')) return { type: 'BOARD_GROUP', id: uuidOrNull(change.boardGroupId) };
  if (event.startsWith('board')) return { type: 'BOARD', id: uuidOrNull(change.boardId) };
  if (event.startsWith('task')) return { type: 'TASK', id: uuidOrNull(change.taskId) };
  if (event.startsWith('tag')) return { type: 'TAG', id: uuidOrNull(change.tagId) };
  // `agentMentioned`: the agent a comment mentioned (under its board and task).
  if (event.startsWith('agent')) return { type: 'AGENT', id: uuidOrNull((change as { agentId?: unknown }).agentId) };
  // Definitions, and their binding to a board (the entry then also names the board).
  if (event.startsWith('customField')) return { type: 'CUSTOM_FIELD', id: uuidOrNull(change.customFieldId) };
  // Definitions and deliveries (whose payload names the webhook too; its body is not kept).
  if (event.startsWith('webhook')) {
    return { type: 'WEBHOOK', id: uuidOrNull(change.webhookId) };
  }
  return { type: 'OTHER', id: null };
}

/**
 * Applies one work event in the consumer's transaction (the kit inbox makes it once per event;
 * the unique event ids make it harmless even without it).
 */
export async function projectWorkEvent(tx: Database, event: DomainEvent<WorkChange>): Promise<void> {
  const organizationId = uuidOrNull(event.organizationId);
  const change = (event.payload ?? {}) as WorkChange;
  if (!organizationId || !isUuid(event.id)) return;
  const at = new Date(event.occurredAt);
  const boardId = uuidOrNull(change.boardId);
  const taskId = uuidOrNull(change.taskId);
  const actor = actorFromEvent(event.actor);
  const target = targetOf(event.topic, change);
  await new ActivityStore(tx).append({
    eventId: event.id,
    organizationId,
    boardId,
    taskId,
    actorKind: actor.kind,
    actorId: actor.id,
    verb: event.topic,
    targetType: target.type,
    targetId: target.id,
    before: change.before ?? null,
    after: change.after ?? null,
    occurredAt: at,
  });
  await project(new ProjectionStore(tx), event, { organizationId, boardId, taskId, at, change });
}

async function project(
  store: ProjectionStore,
  event: DomainEvent<WorkChange>,
  ctx: { organizationId: string; boardId: string | null; taskId: string | null; at: Date; change: WorkChange },
): Promise<void> {
  const { organizationId, boardId, taskId, at, change } = ctx;
  const name = event.topic.slice(event.topic.indexOf('.') + 1);
  // Any event naming a board tells which organization the board belongs to.
  if (boardId && !name.startsWith('board')) await store.upsertBoard({ boardId, organizationId, at });
  switch (name) {
    case 'boardCreated':
    case 'boardUpdated': {
      if (!boardId) return;
      const after = change.after ?? {};
      const groupId =
        'boardGroupId' in after
          ? uuidOrNull(after.boardGroupId)
          : change.boardGroupId !== undefined
            ? uuidOrNull(change.boardGroupId)
            : undefined;
      const leadAgentId = 'leadAgentId' in after ? uuidOrNull(after.leadAgentId) : undefined;
      await store.upsertBoard({ boardId, organizationId, boardGroupId: groupId, leadAgentId, at });
      return;
    }
    case 'boardDeleted':
      if (boardId) await store.upsertBoard({ boardId, organizationId, deleted: true, at });
      return;
    case 'boardGroupCreated':
    case 'boardGroupUpdated':
    case 'boardGroupDeleted': {
      const boardGroupId = uuidOrNull(change.boardGroupId);
      if (boardGroupId) {
        await store.upsertGroup({ boardGroupId, organizationId, deleted: name === 'boardGroupDeleted', at });
      }
      return;
    }
    case 'taskUpdated':
      await projectAssignee(store, taskId, change, at);
      return;
    case 'taskCreated':
    case 'taskMoved':
    case 'taskDeleted': {
      if (!boardId || !taskId) return;
      const moved = change as Partial<{ from: string; to: string }>;
      const statusOf = (side: Record<string, unknown> | null) =>
        typeof side?.status === 'string' ? side.status : null;
      const fromStatus = name === 'taskCreated' ? null : (moved.from ?? statusOf(change.before));
      const created = name === 'taskCreated' ? 'INBOX' : null;
      const toStatus = name === 'taskDeleted' ? 'DELETED' : (moved.to ?? statusOf(change.after) ?? created);
      if (!toStatus) return;
      await store.applyTransition({ eventId: event.id, organizationId, boardId, taskId, fromStatus, toStatus, at });
      await projectAssignee(store, taskId, change, at);
      return;
    }
    default:
      return;
  }
}

/** Who a task is assigned to, when the event says (creation, update, a move that hands it over). */
async function projectAssignee(store: ProjectionStore, taskId: string | null, change: WorkChange, at: Date) {
  const after = change.after;
  if (!taskId || !after || !('assigneeAgentId' in after)) return;
  await store.setAssignee(taskId, uuidOrNull(after.assigneeAgentId), at);
}
