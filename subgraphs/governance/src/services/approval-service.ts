/**
 * Approvals: validation, access checks (kit policy, `agent-access.ts` for agents) and orchestration.
 * People with write access to a board request and resolve approvals; agents request them for the
 * tasks they lead or are assigned, never resolve them; at most one approval per task is pending (checked in the
 * transaction and guaranteed by a unique partial index). Each change records its domain event and
 * its activity entry in the same transaction, so work's done gate and the timeline never miss one.
 * Governance cannot read work's boards: a board is taken to be in the caller's organization unless
 * work's events said otherwise.
 */
import {
  badInput,
  type Clock,
  type Connection,
  conflict,
  type Database,
  type DatabaseHandle,
  DomainError,
  decodeCursor,
  ErrorCode,
  forbidden,
  type Identity,
  notFound,
  parseFirst,
  parseId,
  requireBoardAccess,
  requireText,
  toConnection,
} from '@mc/kit';
import { type ApprovalListQuery, type ApprovalRow, type ApprovalStatus, ApprovalStore } from '../db/approval-store.ts';
import { ProjectionStore } from '../db/projection-store.ts';
import type { RubricScore } from '../db/tables.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { governanceEvents } from '../domain-events.ts';
import { actorOf } from '../events.ts';
import { canRead, readScope, requireBoard } from './access.ts';
import { type AgentIdentity, agentBoard, agentReadableBoards, requireAgentRequester } from './agent-access.ts';
import type { ApprovalChanges } from './approval-changes.ts';

export const ACTION_TYPE_MAX = 100;
export const REASONING_MAX = 10_000;
export const NOTE_MAX = 2_000;
export const MAX_TASKS = 100;
export const MAX_RUBRIC = 50;
export const PAYLOAD_MAX_BYTES = 64 * 1024;

/** An approval with the ids of the tasks it covers. */
export type Approval = ApprovalRow & { taskIds: string[] };

export interface CreateApprovalInput {
  boardId: string;
  taskIds: readonly string[];
  actionType: string;
  payload?: unknown;
  confidence: number;
  rubricScores?: readonly RubricScore[] | null;
  reasoning: string;
}

export interface ApprovalListArgs {
  boardId?: string | null;
  status?: ApprovalStatus | null;
  taskId?: string | null;
  first?: number | null;
  after?: string | null;
}

export class ApprovalService {
  private readonly database: DatabaseHandle;
  private readonly changes: ApprovalChanges;
  private readonly store: ApprovalStore;
  private readonly projections: ProjectionStore;
  private readonly clock: Clock;
  private readonly settings: { boardWaitMs: number };

  constructor(
    database: DatabaseHandle,
    changes: ApprovalChanges,
    clock: Clock,
    settings: { boardWaitMs: number } = { boardWaitMs: 0 },
  ) {
    this.settings = settings;
    this.database = database;
    this.clock = clock;
    this.changes = changes;
    this.store = new ApprovalStore(database.db);
    this.projections = new ProjectionStore(database.db);
  }

  /**
   * People with write access to the board, and agents for the tasks they lead or are assigned
   * (`agent-access.ts`); the approval records who asked.
   */
  async create(identity: Identity, input: CreateApprovalInput): Promise<Approval> {
    const boardId = parseId(input.boardId, 'input.boardId');
    const waitMs = this.settings.boardWaitMs;
    const organizationId =
      identity.kind === 'agent'
        ? (await agentBoard(this.projections, identity, boardId, waitMs)).organizationId
        : (await requireBoard(this.projections, identity, boardId, 'write', { waitMs })).id;
    const taskIds = parseTaskIds(input.taskIds);
    const values = {
      organizationId,
      boardId,
      actionType: requireText(input.actionType, 'input.actionType', ACTION_TYPE_MAX),
      payload: parsePayload(input.payload),
      confidence: parseScore(input.confidence, 'input.confidence'),
      rubricScores: parseRubric(input.rubricScores ?? []),
      reasoning: requireText(input.reasoning, 'input.reasoning', REASONING_MAX),
      requestedByKind: actorOf(identity).kind,
      requestedById: actorOf(identity).id,
    };
    if (identity.kind === 'agent') {
      await requireAgentRequester(this.projections, identity, boardId, taskIds, waitMs);
    } else {
      await this.checkKnownTasks(organizationId, boardId, taskIds);
    }
    const actor = actorOf(identity);
    let approval: ApprovalRow;
    try {
      approval = await this.database.db.transaction(async (transaction) => {
        const tx = transaction as unknown as Database;
        const store = new ApprovalStore(tx);
        const pending = await store.pendingTaskIds(taskIds);
        if (pending.length > 0) throw pendingConflict(pending);
        const row = await store.insert(values, taskIds);
        await this.changes.record(tx, governanceEvents.approvalRequested, row, taskIds, actor, null);
        return row;
      });
    } catch (error) {
      if (uniqueViolation(error) === null) throw error;
      // Another request took one of the tasks between our check and our insert.
      throw pendingConflict(await this.store.pendingTaskIds(taskIds));
    }
    await this.changes.published([approval]);
    return { ...approval, taskIds };
  }

  approve(identity: Identity, id: string, note: string | null | undefined): Promise<Approval> {
    const text = note == null || note.trim() === '' ? null : requireText(note, 'note', NOTE_MAX);
    return this.resolve(identity, id, 'APPROVED', text);
  }

  reject(identity: Identity, id: string, reason: string): Promise<Approval> {
    return this.resolve(identity, id, 'REJECTED', requireText(reason, 'reason', NOTE_MAX));
  }

  private async resolve(
    identity: Identity,
    id: string,
    status: 'APPROVED' | 'REJECTED',
    note: string | null,
  ): Promise<Approval> {
    if (identity.kind === 'agent')
      throw forbidden('Agents cannot resolve approvals: a person with write access decides');
    const approval = await this.requireReadable(identity, parseId(id));
    requireBoardAccess(identity, { id: approval.boardId, organizationId: approval.organizationId }, 'write');
    const actor = actorOf(identity);
    const resolved = await this.database.db.transaction(async (transaction) => {
      const tx = transaction as unknown as Database;
      const row = await new ApprovalStore(tx).resolve(approval.id, {
        status,
        byKind: actor.kind,
        byId: actor.id,
        at: this.clock.now(),
        note,
      });
      if (!row) throw conflict('This approval was already resolved', { ids: [approval.id] });
      const before = { status: 'PENDING' };
      await this.changes.record(tx, governanceEvents.approvalResolved, row, approval.taskIds, actor, before);
      return row;
    });
    await this.changes.published([resolved]);
    return { ...resolved, taskIds: approval.taskIds };
  }

  /** An approval the caller may read; anything else (another org, an unreadable board) is NOT_FOUND. */
  async get(identity: Identity, id: string): Promise<Approval> {
    return this.requireReadable(identity, parseId(id));
  }

  async list(identity: Identity, args: ApprovalListArgs): Promise<Connection<Approval>> {
    const limit = parseFirst(args.first);
    const after = decodeCursor(args.after);
    const boardId = args.boardId == null ? undefined : parseId(args.boardId, 'filter.boardId');
    const taskId = args.taskId == null ? undefined : parseId(args.taskId, 'filter.taskId');
    const rows = await this.store.list({
      ...(await this.listScope(identity, boardId)),
      boardId,
      taskId,
      status: args.status ?? undefined,
      after,
      limit: limit + 1,
    });
    const hydrated = await this.withTasks(rows);
    return toConnection(hydrated, limit, (row) => ({ at: row.createdAt, id: row.id }));
  }

  /**
   * Whose approvals a list shows: a person's readable boards; an agent's own requests, or every
   * approval of `boardId` when it leads that board or has a task assigned on it.
   */
  private async listScope(
    identity: Identity,
    boardId: string | undefined,
  ): Promise<Pick<ApprovalListQuery, 'organizationId' | 'readable' | 'requestedBy'>> {
    if (identity.kind === 'agent') {
      const board = boardId ? await agentBoard(this.projections, identity, boardId) : null;
      const everything =
        board !== null && (await agentReadableBoards(this.projections, identity, [board.boardId])).has(board.boardId);
      return {
        organizationId: identity.orgId,
        readable: 'all',
        requestedBy: everything ? undefined : actorOf(identity),
      };
    }
    const { org, readable } = readScope(identity);
    if (boardId) await requireBoard(this.projections, identity, boardId, 'read');
    return { organizationId: org.id, readable };
  }

  /**
   * For `Task.approvals`: the approvals covering each task that the caller may read, newest first.
   * An agent reads those of tasks on boards it leads or has a task assigned on; any other task is a
   * FORBIDDEN error for that task alone.
   */
  async forTasks(identity: Identity, taskIds: readonly string[]): Promise<(Approval[] | Error)[]> {
    if (identity.kind === 'agent') return this.forTasksOfAgent(identity, taskIds);
    const { org } = readScope(identity);
    const rows = await this.store.forTasks(
      org.id,
      taskIds.map((id) => id.toLowerCase()),
    );
    const all = [...new Map([...rows.values()].flat().map((row) => [row.id, row])).values()];
    const hydrated = new Map((await this.withTasks(all)).map((row) => [row.id, row]));
    return taskIds.map((id) =>
      (rows.get(id.toLowerCase()) ?? [])
        .filter((row) => canRead(org, row.organizationId, row.boardId))
        .map((row) => hydrated.get(row.id) as Approval),
    );
  }

  private async forTasksOfAgent(agent: AgentIdentity, taskIds: readonly string[]): Promise<(Approval[] | Error)[]> {
    const ids = taskIds.map((id) => id.toLowerCase());
    const tasks = await this.projections.tasks(ids);
    const boardIds = [...new Set([...tasks.values()].map((task) => task.boardId))];
    const readable = await agentReadableBoards(this.projections, agent, boardIds);
    const allowed = ids.filter((id) => {
      const task = tasks.get(id);
      return task !== undefined && task.organizationId === agent.orgId && readable.has(task.boardId);
    });
    const rows = await this.store.forTasks(agent.orgId, allowed);
    const all = [...new Map([...rows.values()].flat().map((row) => [row.id, row])).values()];
    const hydrated = new Map((await this.withTasks(all)).map((row) => [row.id, row]));
    return ids.map((id) =>
      allowed.includes(id)
        ? (rows.get(id) ?? []).filter((row) => readable.has(row.boardId)).map((row) => hydrated.get(row.id) as Approval)
        : agentRefused(),
    );
  }

  /**
   * For `Board.pendingApprovalCount`, batched; boards a person may not read count 0. An agent reads
   * the count of boards it leads or has a task assigned on; any other board is FORBIDDEN.
   */
  async pendingCounts(identity: Identity, boardIds: readonly string[]): Promise<(number | Error)[]> {
    if (identity.kind === 'agent') {
      const ids = boardIds.map((id) => id.toLowerCase());
      const readable = await agentReadableBoards(this.projections, identity, ids);
      const counts = await this.store.pendingCounts(identity.orgId, [...readable]);
      return ids.map((id) => (readable.has(id) ? (counts.get(id) ?? 0) : agentRefused()));
    }
    const { org } = readScope(identity);
    const counts = await this.store.pendingCounts(
      org.id,
      boardIds.map((id) => id.toLowerCase()),
    );
    return boardIds.map((id) => (canRead(org, org.id, id.toLowerCase()) ? (counts.get(id.toLowerCase()) ?? 0) : 0));
  }

  private async requireReadable(identity: Identity, id: string): Promise<Approval> {
    const row = (await this.store.byIds([id])).get(id);
    if (!row || !(await this.mayRead(identity, row))) throw notFound('Approval', id);
    const [hydrated] = await this.withTasks([row]);
    return hydrated;
  }

  /**
   * People read approvals of the boards they may read; agents their own requests and every approval of
   * the boards they lead or have a task assigned on (the rule of `Task.approvals`).
   */
  private async mayRead(identity: Identity, row: ApprovalRow): Promise<boolean> {
    if (identity.kind !== 'agent') return canRead(readScope(identity).org, row.organizationId, row.boardId);
    if (row.organizationId !== identity.orgId) return false;
    if (row.requestedByKind === 'AGENT' && row.requestedById === identity.agentId) return true;
    return (await agentReadableBoards(this.projections, identity, [row.boardId])).has(row.boardId);
  }

  private async withTasks(rows: ApprovalRow[]): Promise<Approval[]> {
    const taskIds = await this.store.taskIdsOf(rows.map((row) => row.id));
    return rows.map((row) => ({ ...row, taskIds: taskIds.get(row.id) ?? [] }));
  }

  /** Tasks work told us about must be this organization's, on this board, and not deleted. */
  private async checkKnownTasks(organizationId: string, boardId: string, taskIds: string[]): Promise<void> {
    const tasks = await this.projections.tasks(taskIds);
    const missing = taskIds.filter((id) => {
      const task = tasks.get(id);
      return task && (task.organizationId !== organizationId || task.deletedAt);
    });
    if (missing.length > 0) {
      throw notFoundTasks(missing);
    }
    const elsewhere = taskIds.filter((id) => {
      const task = tasks.get(id);
      return task && task.boardId !== boardId;
    });
    if (elsewhere.length > 0) {
      throw badInputIds('Every task must be on the approval’s board', 'input.taskIds', elsewhere);
    }
  }
}

const agentRefused = () => forbidden('Agents read approvals of boards they lead or have a task assigned on');

function parseTaskIds(ids: readonly string[]): string[] {
  if (ids.length === 0) throw badInput('An approval covers at least one task', 'input.taskIds');
  if (ids.length > MAX_TASKS) throw badInput(`An approval covers at most ${MAX_TASKS} tasks`, 'input.taskIds');
  return [...new Set(ids.map((id, index) => parseId(id, `input.taskIds.${index}`)))];
}

function parseScore(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 100) throw badInput(`${field} must be between 0 and 100`, field);
  return value;
}

function parseRubric(scores: readonly RubricScore[]): RubricScore[] {
  if (scores.length > MAX_RUBRIC) throw badInput(`At most ${MAX_RUBRIC} rubric scores`, 'input.rubricScores');
  return scores.map((entry, index) => ({
    criterion: requireText(entry.criterion, `input.rubricScores.${index}.criterion`, 200),
    score: parseScore(entry.score, `input.rubricScores.${index}.score`),
  }));
}

function parsePayload(payload: unknown): unknown {
  if (payload === undefined) return null;
  if (Buffer.byteLength(JSON.stringify(payload) ?? 'null') > PAYLOAD_MAX_BYTES) {
    throw badInput(`input.payload must be at most ${PAYLOAD_MAX_BYTES} bytes of JSON`, 'input.payload');
  }
  return payload;
}

const pendingConflict = (taskIds: string[]) =>
  conflict('A task already has a pending approval', { field: 'input.taskIds', ids: taskIds });

const notFoundTasks = (ids: string[]) =>
  new DomainError(ErrorCode.NOT_FOUND, 'Task not found', { field: 'input.taskIds', ids });

const badInputIds = (message: string, field: string, ids: string[]) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, { field, ids });
