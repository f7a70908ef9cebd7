/**
 * Tasks: validation, access checks and orchestration of create, update, delete and the reads.
 * People: reading needs read access to the task's board, changing needs write access (kit policy).
 * Agents (`agent-rules.ts`): the lead reads every task of its board and changes only the
 * assignment; a worker reads its own and unassigned tasks and changes no field here. A blocked
 * task (unfinished dependencies) refuses every field change (`TASK_BLOCKED`): only its
 * dependencies change. Status changes go through `TaskMoveService`, dependencies through
 * `TaskDependencyService`.
 */
import {
  badInput,
  boardPermission,
  byCreation,
  type Connection,
  decodeCursor,
  type Identity,
  isUuid,
  notFound,
  parseFirst,
  parseId,
  requireBoardAccess,
  requireMember,
  requireText,
  toConnection,
} from '@mc/kit';
import type { BoardRow, BoardStore } from '../db/board-store.ts';
import { CustomFieldStore } from '../db/custom-field-store.ts';
import type { TaskDependencyStore } from '../db/task-dependency-store.ts';
import {
  type TaskCounts,
  type TaskFilter,
  type TaskPatch,
  type TaskPriority,
  type TaskRow,
  type TaskStatus,
  TaskStore,
} from '../db/task-store.ts';
import { workEvents } from '../domain-events.ts';
import { actorKindOf, actorOf, taskCreated, taskDeleted, taskUpdated } from '../events.ts';
import { agentOnBoard, checkAgentUpdate } from './agent-rules.ts';
import { type Changes, pick } from './changes.ts';
import type { CustomFieldService, CustomFieldValueInput } from './custom-field-service.ts';
import type { EventPublisher } from './event-publisher.ts';
import { agentMayRead, checkTaskAccess, type TaskAccess } from './task-access.ts';
import { blockedError } from './task-move-rules.ts';

export const TASK_TITLE_MAX = 300;
export const TASK_DESCRIPTION_MAX = 20_000;
export const TASK_SEARCH_MAX = 200;

export interface TaskInput {
  title?: string | null;
  description?: string | null;
  priority?: TaskPriority | null;
  dueAt?: Date | null;
  assigneeAgentId?: string | null;
}

export interface TaskFilterInput {
  status?: readonly TaskStatus[] | null;
  assigneeAgentId?: string | null;
  dueBefore?: Date | null;
  text?: string | null;
  tagId?: string | null;
}

export interface TaskListArgs {
  filter?: TaskFilterInput | null;
  first?: number | null;
  after?: string | null;
}

export class TaskService {
  private readonly store: TaskStore;
  private readonly boards: BoardStore;
  private readonly access: TaskAccess;
  private readonly events: EventPublisher;
  private readonly changes: Changes;
  private readonly dependencies: TaskDependencyStore;

  private readonly customFields: CustomFieldService;

  constructor(
    store: TaskStore,
    boards: BoardStore,
    access: TaskAccess,
    events: EventPublisher,
    changes: Changes,
    dependencies: TaskDependencyStore,
    customFields: CustomFieldService,
  ) {
    this.customFields = customFields;
    this.dependencies = dependencies;
    this.store = store;
    this.boards = boards;
    this.access = access;
    this.events = events;
    this.changes = changes;
  }

  /** Batched, access-checked lookup for the dataloader: one statement for all ids. */
  async loadReadable(identity: Identity, ids: readonly string[]): Promise<(TaskRow | Error)[]> {
    if (identity.kind === 'agent') return this.loadReadableByAgent(identity, ids);
    let org: ReturnType<typeof requireMember>;
    try {
      org = requireMember(identity);
    } catch (error) {
      return ids.map(() => error as Error);
    }
    const rows = await this.store.byIds(ids.filter(isUuid).map((id) => id.toLowerCase()));
    return ids.map((id) => {
      if (!isUuid(id)) return badInput('id is not a valid id', 'id');
      const row = rows.get(id.toLowerCase());
      if (!row) return notFound('Task', id);
      try {
        checkTaskAccess(org, row, 'read');
        return row;
      } catch (error) {
        return error as Error;
      }
    });
  }

  /** Tasks an agent may read: two statements (the tasks, then their boards) for all ids. */
  private async loadReadableByAgent(
    identity: Extract<Identity, { kind: 'agent' }>,
    ids: readonly string[],
  ): Promise<(TaskRow | Error)[]> {
    const rows = await this.store.byIds(ids.filter(isUuid).map((id) => id.toLowerCase()));
    const boardIds = [...new Set([...rows.values()].map((row) => row.boardId))];
    const boards = await this.boards.byIds(boardIds);
    return ids.map((id) => {
      if (!isUuid(id)) return badInput('id is not a valid id', 'id');
      const row = rows.get(id.toLowerCase());
      const board = row && boards.get(row.boardId);
      if (!row || !board || !agentMayRead(identity, row, board)) return notFound('Task', id);
      return row;
    });
  }

  /** Counts per status for many boards in one statement (the `Board.taskCounts` dataloader). */
  async countsByBoard(identity: Identity, boardIds: readonly string[]): Promise<(TaskCounts | Error)[]> {
    if (identity.kind === 'agent') {
      // Agents read the boards of their organization (the parent Board was checked): count those.
      const [boards, counts] = await Promise.all([this.boards.byIds(boardIds), this.store.countsByBoard(boardIds)]);
      return boardIds.map((id) =>
        boards.get(id)?.organizationId === identity.orgId
          ? (counts.get(id) ?? notFound('Board', id))
          : notFound('Board', id),
      );
    }
    const org = requireMember(identity);
    const counts = await this.store.countsByBoard(boardIds);
    return boardIds.map((id) => {
      if (!boardPermission(org, id)) return notFound('Board', id);
      return counts.get(id) ?? notFound('Board', id);
    });
  }

  async list(identity: Identity, board: BoardRow, args: TaskListArgs): Promise<Connection<TaskRow>> {
    const filter = parseFilter(args.filter);
    if (identity.kind === 'agent') {
      // The lead lists every task; a worker its own and the unassigned ones.
      const caller = agentOnBoard(identity, board);
      if (caller.role === 'worker') filter.ownOrUnassignedOf = caller.agentId;
    } else {
      requireBoardAccess(identity, board, 'read');
    }
    const limit = parseFirst(args.first);
    const after = decodeCursor(args.after);
    const rows = await this.store.list({
      boardId: board.id,
      filter,
      after,
      limit: limit + 1,
    });
    return toConnection(rows, limit, byCreation);
  }

  async create(
    identity: Identity,
    boardId: string,
    input: TaskInput & { title: string; customFields?: readonly CustomFieldValueInput[] | null },
  ): Promise<TaskRow> {
    const board = await this.requireBoard(identity, parseId(boardId, 'input.boardId'));
    requireBoardAccess(identity, board, 'write');
    const fields = validateFields(input);
    const custom = await this.customFields.valuesForNewTask(board.id, input.customFields ?? []);
    const actor = actorOf(identity);
    const row = await this.changes.run(async (tx, record) => {
      const created = await new TaskStore(tx).create({
        ...fields,
        title: fields.title as string,
        organizationId: board.organizationId,
        boardId: board.id,
        createdByKind: actorKindOf(actor),
        createdById: actor.id,
      });
      await new CustomFieldStore(tx).setValues(created.id, custom.byFieldId);
      const after = pick(created, TASK_EVENT_KEYS);
      // Only what every reader may see goes in as is (see `customFieldsForEvent`).
      if (custom.byFieldId.size > 0) Object.assign(after, custom.forEvent);
      await record(
        workEvents.taskCreated,
        { boardId: created.boardId, taskId: created.id, before: null, after },
        { organizationId: created.organizationId, actor },
      );
      return created;
    });
    await this.events.publish(taskCreated, {
      organizationId: row.organizationId,
      boardId: row.boardId,
      taskId: row.id,
      actor,
    });
    return row;
  }

  async update(
    identity: Identity,
    id: string,
    input: TaskInput,
    expectedVersion: number | null | undefined,
  ): Promise<TaskRow> {
    const patch = validateFields(input);
    const empty = Object.keys(patch).length === 0;
    // An empty input changes nothing: no new version, no event (the version is still checked).
    const actor = actorOf(identity);
    const keys = Object.keys(patch);
    const row = await this.access.versioned(identity, id, expectedVersion, async (task, caller) => {
      if (caller.kind === 'agent') checkAgentUpdate(caller, task, keys);
      if (empty) return task;
      const blockers = (await this.dependencies.blockersOf([task.id])).get(task.id) ?? [];
      if (blockers.length > 0)
        throw blockedError(
          blockers.map((blocker) => blocker.id),
          'only its dependencies may change',
        );
      return this.changes.run(async (tx, record) => {
        const updated = await new TaskStore(tx).update(task.id, task.version, patch);
        if (!updated) return undefined;
        await record(
          workEvents.taskUpdated,
          { boardId: updated.boardId, taskId: updated.id, before: pick(task, keys), after: pick(updated, keys) },
          { organizationId: updated.organizationId, actor },
        );
        return updated;
      });
    });
    if (empty) return row;
    await this.events.publish(taskUpdated, {
      organizationId: row.organizationId,
      boardId: row.boardId,
      taskId: row.id,
      actor,
    });
    return row;
  }

  async delete(identity: Identity, id: string): Promise<{ deletedTaskId: string }> {
    const { task } = await this.access.require(identity, id, 'write');
    const actor = actorOf(identity);
    const deleted = await this.changes.run(async (tx, record) => {
      if (!(await new TaskStore(tx).delete(task.id))) return false;
      await record(
        workEvents.taskDeleted,
        { boardId: task.boardId, taskId: task.id, before: pick(task, ['title', 'status']), after: null },
        { organizationId: task.organizationId, actor },
      );
      return true;
    });
    if (!deleted) throw notFound('Task', task.id);
    await this.events.publish(taskDeleted, {
      organizationId: task.organizationId,
      boardId: task.boardId,
      taskId: task.id,
      actor,
    });
    return { deletedTaskId: task.id };
  }

  /** A board the caller may at least read; anything else is NOT_FOUND. */
  private async requireBoard(identity: Identity, id: string): Promise<BoardRow> {
    requireMember(identity);
    const board = (await this.boards.byIds([id])).get(id);
    if (!board) throw notFound('Board', id);
    requireBoardAccess(identity, board, 'read');
    return board;
  }
}

/** The fields a task's creation event carries. */
const TASK_EVENT_KEYS = ['title', 'description', 'status', 'priority', 'dueAt', 'assigneeAgentId'];

/** Validates the fields present in `input`; absent (undefined) fields stay absent. */
function validateFields(input: TaskInput): TaskPatch {
  const patch: TaskPatch = {};
  if (input.title != null) patch.title = requireText(input.title, 'input.title', TASK_TITLE_MAX);
  if (input.description !== undefined) {
    const description = input.description?.trim() ?? '';
    if (description.length > TASK_DESCRIPTION_MAX) {
      throw badInput(`input.description must be at most ${TASK_DESCRIPTION_MAX} characters`, 'input.description');
    }
    patch.description = description || null;
  }
  if (input.priority != null) patch.priority = input.priority;
  if (input.dueAt !== undefined) patch.dueAt = input.dueAt;
  if (input.assigneeAgentId !== undefined) {
    patch.assigneeAgentId =
      input.assigneeAgentId === null ? null : parseId(input.assigneeAgentId, 'input.assigneeAgentId');
  }
  return patch;
}

function parseFilter(input: TaskFilterInput | null | undefined): TaskFilter {
  if (!input) return {};
  const filter: TaskFilter = {};
  if (input.status?.length) filter.statuses = [...new Set(input.status)];
  if (input.assigneeAgentId != null) filter.assigneeAgentId = parseId(input.assigneeAgentId, 'filter.assigneeAgentId');
  if (input.dueBefore != null) filter.dueBefore = input.dueBefore;
  if (input.tagId != null) filter.tagId = parseId(input.tagId, 'filter.tagId');
  if (input.text != null) {
    const text = input.text.trim();
    if (text.length > TASK_SEARCH_MAX) {
      throw badInput(`filter.text must be at most ${TASK_SEARCH_MAX} characters`, 'filter.text');
    }
    if (text) filter.text = text;
  }
  return filter;
}
