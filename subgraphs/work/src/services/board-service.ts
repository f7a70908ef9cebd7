/**
 * Boards: validation, access checks (kit policy) and orchestration. Admins and owners create and
 * delete boards; changing one needs write access to it; reading needs read access. A board the
 * caller cannot read, or one of another organization, is NOT_FOUND so its existence never leaks.
 */
import {
  badInput,
  boardPermission,
  byCreation,
  type Connection,
  canWriteAllBoards,
  conflict,
  DomainError,
  decodeCursor,
  ErrorCode,
  forbidden,
  type Identity,
  isUuid,
  notFound,
  parseFirst,
  parseId,
  parseSlug,
  readableBoards,
  requireBoardAccess,
  requireMember,
  requireText,
  slugify,
  toConnection,
} from '@mc/kit';
import type { BoardGroupStore } from '../db/board-group-store.ts';
import { type BoardPatch, type BoardRow, BoardStore } from '../db/board-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { workEvents } from '../domain-events.ts';
import { actorOf, boardCreated, boardDeleted, boardUpdated } from '../events.ts';
import { type Changes, pick } from './changes.ts';
import type { EventPublisher } from './event-publisher.ts';

export const BOARD_NAME_MAX = 120;
export const BOARD_TEXT_MAX = 4000;
export const MAX_AGENTS_LIMIT = 1000;

export type BoardKind = 'GOAL' | 'GENERAL';

/** Create and update share one shape; on update, absent (undefined) means "keep". */
export interface BoardInput {
  name?: string | null;
  slug?: string | null;
  description?: string | null;
  kind?: BoardKind | null;
  goalConfirmed?: boolean | null;
  objective?: string | null;
  successMetrics?: string | null;
  /** `null` on update detaches the board from its group. */
  groupId?: string | null;
  requireApprovalForDone?: boolean | null;
  requireReviewBeforeDone?: boolean | null;
  commentRequiredForReview?: boolean | null;
  blockStatusChangesWithPendingApproval?: boolean | null;
  onlyLeadChangesStatus?: boolean | null;
  maxAgents?: number | null;
  /** The board's lead agent; `null` removes it. */
  leadAgentId?: string | null;
}

const RULE_TOGGLES = [
  'requireApprovalForDone',
  'requireReviewBeforeDone',
  'commentRequiredForReview',
  'blockStatusChangesWithPendingApproval',
  'onlyLeadChangesStatus',
] as const;

export interface BoardListArgs {
  organizationId?: string;
  groupId?: string | null;
  first?: number | null;
  after?: string | null;
}

export class BoardService {
  private readonly store: BoardStore;
  private readonly groups: BoardGroupStore;
  private readonly events: EventPublisher;
  private readonly changes: Changes;

  constructor(store: BoardStore, groups: BoardGroupStore, events: EventPublisher, changes: Changes) {
    this.store = store;
    this.groups = groups;
    this.events = events;
    this.changes = changes;
  }

  /** Batched, access-checked lookup for the dataloader: one statement for all ids. */
  async loadReadable(identity: Identity, ids: readonly string[]): Promise<(BoardRow | Error)[]> {
    if (identity.kind === 'agent') {
      // Any agent of the organization may read its boards: it is a worker for their unassigned tasks.
      const rows = await this.store.byIds(ids.filter(isUuid).map((id) => id.toLowerCase()));
      return ids.map((id) => {
        if (!isUuid(id)) return badInput('id is not a valid id', 'id');
        const row = rows.get(id.toLowerCase());
        return row && row.organizationId === identity.orgId ? row : notFound('Board', id);
      });
    }
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
      if (!row || row.organizationId !== org.id || !boardPermission(org, row.id)) return notFound('Board', id);
      return row;
    });
  }

  /**
   * The boards of the caller's organization it may read, in creation order. An agent reads every
   * board of its organization, as `board(id)` does: it is a worker for their unassigned tasks
   * (`agent-rules.ts`), so these are the boards it works on.
   */
  async list(identity: Identity, args: BoardListArgs): Promise<Connection<BoardRow>> {
    const reader = boardReader(identity, args.organizationId);
    const limit = parseFirst(args.first);
    const after = decodeCursor(args.after);
    let groupId: string | undefined;
    if (args.groupId !== null && args.groupId !== undefined) {
      groupId = parseId(args.groupId, 'groupId');
      await this.requireGroup(reader.organizationId, groupId, 'groupId');
    }
    const rows = await this.store.list({
      organizationId: reader.organizationId,
      readable: reader.readable,
      groupId,
      after,
      limit: limit + 1,
    });
    return toConnection(rows, limit, byCreation);
  }

  async create(identity: Identity, input: BoardInput & { name: string; description: string }): Promise<BoardRow> {
    const org = requireMember(identity, undefined, 'ADMIN');
    // The admin role alone grants no board access; a creator must be able to use what they create.
    if (!canWriteAllBoards(org)) throw forbidden('Creating boards needs write access to all boards');
    const fields = validateFields(input);
    const name = fields.name as string;
    const slug = input.slug ? (fields.slug as string) : slugify(name);
    if (!slug) throw badInput('Choose a slug: the name has no usable characters', 'input.slug');
    const board = {
      kind: 'GENERAL' as BoardKind,
      goalConfirmed: false,
      objective: null,
      successMetrics: null,
      ...fields,
    };
    checkGoal(board);
    if (fields.groupId) await this.requireGroup(org.id, fields.groupId, 'input.groupId');
    if (await this.store.slugTaken(org.id, slug)) throw slugConflict(slug);
    const actor = actorOf(identity);
    const row = await this.changes
      .run(async (tx, record) => {
        const created = await new BoardStore(tx).create({
          ...fields,
          name,
          slug,
          description: fields.description as string,
          organizationId: org.id,
        });
        await record(
          workEvents.boardCreated,
          { boardId: created.id, boardGroupId: created.groupId, before: null, after: boardFields(created) },
          { organizationId: org.id, actor },
        );
        return created;
      })
      .catch((error) => rethrowConflict(error, slug));
    await this.events.publish(boardCreated, { organizationId: org.id, boardId: row.id, actor });
    return row;
  }

  async update(identity: Identity, id: string, input: BoardInput): Promise<BoardRow> {
    const board = await this.requireBoard(identity, parseId(id));
    requireBoardAccess(identity, board, 'write');
    const patch = validateFields(input);
    checkGoal({ ...board, ...patch });
    if (patch.groupId) await this.requireGroup(board.organizationId, patch.groupId, 'input.groupId');
    if (patch.slug && (await this.store.slugTaken(board.organizationId, patch.slug, board.id))) {
      throw slugConflict(patch.slug);
    }
    const actor = actorOf(identity);
    const keys = Object.keys(patch) as (keyof BoardPatch)[];
    const row = await this.changes
      .run(async (tx, record) => {
        const updated = await new BoardStore(tx).update(board.id, patch);
        if (!updated) return undefined;
        await record(
          workEvents.boardUpdated,
          {
            boardId: updated.id,
            boardGroupId: updated.groupId,
            before: boardFields(board, keys),
            after: boardFields(updated, keys),
          },
          { organizationId: updated.organizationId, actor },
        );
        return updated;
      })
      .catch((error) => rethrowConflict(error, patch.slug ?? ''));
    if (!row) throw notFound('Board', board.id);
    await this.events.publish(boardUpdated, { organizationId: row.organizationId, boardId: row.id, actor });
    return row;
  }

  async delete(identity: Identity, id: string): Promise<{ deletedBoardId: string }> {
    const board = await this.requireBoard(identity, parseId(id));
    requireMember(identity, board.organizationId, 'ADMIN');
    requireBoardAccess(identity, board, 'write');
    const actor = actorOf(identity);
    const deleted = await this.changes.run(async (tx, record) => {
      if (!(await new BoardStore(tx).delete(board.id))) return false;
      await record(
        workEvents.boardDeleted,
        { boardId: board.id, boardGroupId: board.groupId, before: boardFields(board, ['name', 'slug']), after: null },
        { organizationId: board.organizationId, actor },
      );
      return true;
    });
    if (!deleted) throw notFound('Board', board.id);
    await this.events.publish(boardDeleted, { organizationId: board.organizationId, boardId: board.id, actor });
    return { deletedBoardId: board.id };
  }

  /** A board the caller may at least read; anything else is NOT_FOUND. */
  private async requireBoard(identity: Identity, id: string): Promise<BoardRow> {
    requireMember(identity);
    const board = (await this.store.byIds([id])).get(id);
    if (!board) throw notFound('Board', id);
    requireBoardAccess(identity, board, 'read');
    return board;
  }

  private async requireGroup(organizationId: string, groupId: string, field: string): Promise<void> {
    const group = (await this.groups.byIds([groupId])).get(groupId);
    if (!group || group.organizationId !== organizationId) {
      throw new DomainError(ErrorCode.NOT_FOUND, 'Board group not found', { field, ids: [groupId] });
    }
  }
}

/** Whose boards a list shows: an agent its organization's, a member those it may read. */
function boardReader(
  identity: Identity,
  organizationId?: string,
): { organizationId: string; readable: 'all' | string[] } {
  if (identity.kind === 'agent') {
    if (organizationId !== undefined && organizationId !== identity.orgId)
      throw notFound('Organization', organizationId);
    return { organizationId: identity.orgId, readable: 'all' };
  }
  const org = requireMember(identity, organizationId);
  const readable = readableBoards(org);
  return {
    organizationId: org.id,
    readable: readable === 'all' ? 'all' : readable.filter(isUuid).map((id) => id.toLowerCase()),
  };
}

const BOARD_EVENT_KEYS: readonly (keyof BoardPatch)[] = [
  'name',
  'slug',
  'description',
  'kind',
  'goalConfirmed',
  'objective',
  'successMetrics',
  'groupId',
  ...RULE_TOGGLES,
  'maxAgents',
  'leadAgentId',
];

/** A board's fields for an event (`groupId` as `boardGroupId`, as governance reads it). */
function boardFields(board: BoardRow, keys: readonly (keyof BoardPatch)[] = BOARD_EVENT_KEYS) {
  const { groupId, ...fields } = pick(board, keys);
  return keys.includes('groupId') ? { ...fields, boardGroupId: groupId } : fields;
}

/** Validates and normalizes the fields present in `input`; absent fields stay absent. */
function validateFields(input: BoardInput): BoardPatch {
  const patch: BoardPatch = {};
  if (input.name != null) patch.name = requireText(input.name, 'input.name', BOARD_NAME_MAX);
  if (input.slug != null) patch.slug = parseSlug(input.slug, 'input.slug');
  if (input.description != null) {
    patch.description = requireText(input.description, 'input.description', BOARD_TEXT_MAX);
  }
  if (input.kind != null) patch.kind = input.kind;
  if (input.goalConfirmed != null) patch.goalConfirmed = input.goalConfirmed;
  if (input.objective !== undefined) patch.objective = optionalText(input.objective, 'input.objective');
  if (input.successMetrics !== undefined) {
    patch.successMetrics = optionalText(input.successMetrics, 'input.successMetrics');
  }
  if (input.groupId !== undefined)
    patch.groupId = input.groupId === null ? null : parseId(input.groupId, 'input.groupId');
  for (const toggle of RULE_TOGGLES) {
    const value = input[toggle];
    if (value != null) patch[toggle] = value;
  }
  if (input.maxAgents != null) {
    if (!Number.isInteger(input.maxAgents) || input.maxAgents < 0 || input.maxAgents > MAX_AGENTS_LIMIT) {
      throw badInput(`input.maxAgents must be between 0 and ${MAX_AGENTS_LIMIT}`, 'input.maxAgents');
    }
    patch.maxAgents = input.maxAgents;
  }
  if (input.leadAgentId !== undefined) {
    patch.leadAgentId = input.leadAgentId === null ? null : parseId(input.leadAgentId, 'input.leadAgentId');
  }
  return patch;
}

/** A confirmed goal board states what it is for and how success is measured. */
function checkGoal(board: Pick<BoardPatch, 'kind' | 'goalConfirmed' | 'objective' | 'successMetrics'>): void {
  if (board.kind !== 'GOAL' || !board.goalConfirmed) return;
  if (!board.objective) throw badInput('A confirmed goal board needs an objective', 'input.objective');
  if (!board.successMetrics) {
    throw badInput('A confirmed goal board needs success metrics', 'input.successMetrics');
  }
}

function optionalText(value: string | null, field: string): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > BOARD_TEXT_MAX) throw badInput(`${field} must be at most ${BOARD_TEXT_MAX} characters`, field);
  return trimmed || null;
}

const slugConflict = (slug: string) =>
  conflict(`A board with the slug "${slug}" already exists`, { field: 'input.slug' });

function rethrowConflict(error: unknown, slug: string): never {
  if (uniqueViolation(error) !== null) throw slugConflict(slug);
  throw error;
}
