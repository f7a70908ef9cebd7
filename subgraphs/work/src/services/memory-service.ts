/**
 * Board memory and board-group memory: notes and chat entries (≤ 20,000 characters), oldest first.
 * Board memory: whoever may read the board reads it (people with read access, agents of its
 * organization); people with write access and agents of its organization add to it. Group memory:
 * members of the organization read it; admins, owners and agents of the organization add to it.
 * Another organization's board or group is NOT_FOUND.
 */
import {
  byCreation,
  type Connection,
  decodeCursor,
  forbidden,
  type Identity,
  notFound,
  parseFirst,
  parseId,
  requireBoardAccess,
  requireMember,
  requireText,
  toConnection,
} from '@mc/kit';
import type { BoardGroupStore } from '../db/board-group-store.ts';
import type { BoardStore } from '../db/board-store.ts';
import { type MemoryKind, type MemoryRow, type MemoryScope, MemoryStore } from '../db/memory-store.ts';
import { workEvents } from '../domain-events.ts';
import { actorKindOf, actorOf } from '../events.ts';
import type { Changes } from './changes.ts';

export const MEMORY_BODY_MAX = 20_000;

export interface MemoryPageArgs {
  kind?: MemoryKind | null;
  first?: number | null;
  after?: string | null;
}

export class MemoryService {
  private readonly store: MemoryStore;
  private readonly boards: BoardStore;
  private readonly groups: BoardGroupStore;
  private readonly changes: Changes;

  constructor(store: MemoryStore, boards: BoardStore, groups: BoardGroupStore, changes: Changes) {
    this.store = store;
    this.boards = boards;
    this.groups = groups;
    this.changes = changes;
  }

  /** The `Board.memory` / `BoardGroup.memory` dataloader batch (the parent is already access-checked). */
  async pages(scope: MemoryScope, ownerIds: readonly string[], args: MemoryPageArgs): Promise<Connection<MemoryRow>[]> {
    const limit = parseFirst(args.first);
    const pages = await this.store.pages(scope, ownerIds, args.kind ?? undefined, decodeCursor(args.after), limit + 1);
    return ownerIds.map((id) => toConnection(pages.get(id) ?? [], limit, byCreation));
  }

  async addToBoard(identity: Identity, boardId: string, kind: MemoryKind, body: string): Promise<MemoryRow> {
    const id = parseId(boardId, 'boardId');
    const board = (await this.boards.byIds([id])).get(id);
    if (!board) throw notFound('Board', id);
    if (identity.kind === 'agent') {
      if (board.organizationId !== identity.orgId) throw notFound('Board', id);
    } else {
      requireBoardAccess(identity, board, 'write');
    }
    return this.add(
      identity,
      { organizationId: board.organizationId, boardId: board.id, boardGroupId: null },
      kind,
      body,
    );
  }

  async addToGroup(identity: Identity, groupId: string, kind: MemoryKind, body: string): Promise<MemoryRow> {
    const id = parseId(groupId, 'boardGroupId');
    const orgId = identity.kind === 'agent' ? identity.orgId : requireMember(identity).id;
    const group = (await this.groups.byIds([id])).get(id);
    if (!group || group.organizationId !== orgId) throw notFound('Board group', id);
    if (identity.kind !== 'agent') {
      const role = requireMember(identity).role;
      if (role !== 'ADMIN' && role !== 'OWNER') throw forbidden('Requires the admin role');
    }
    return this.add(
      identity,
      { organizationId: group.organizationId, boardId: null, boardGroupId: group.id },
      kind,
      body,
    );
  }

  private async add(
    identity: Identity,
    owner: { organizationId: string; boardId: string | null; boardGroupId: string | null },
    kind: MemoryKind,
    body: string,
  ): Promise<MemoryRow> {
    const text = requireText(body, 'body', MEMORY_BODY_MAX);
    const actor = actorOf(identity);
    return this.changes.run(async (tx, record) => {
      const created = await new MemoryStore(tx).create({
        ...owner,
        kind,
        body: text,
        authorKind: actorKindOf(actor),
        authorId: actor.id,
      });
      await record(
        workEvents.boardMemoryAdded,
        {
          boardId: owner.boardId,
          boardGroupId: owner.boardGroupId,
          before: null,
          after: { memoryId: created.id, kind, body: text },
        },
        { organizationId: owner.organizationId, actor },
      );
      return created;
    });
  }
}
