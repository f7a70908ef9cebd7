/**
 * Board groups: any member of the organization reads them, and its agents read them by id (a
 * board's group); admins and owners change them.
 * Deleting a group detaches its boards, it never deletes them.
 */
import {
  badInput,
  conflict,
  type Identity,
  isUuid,
  notFound,
  parseId,
  parseSlug,
  requireMember,
  requireText,
  slugify,
} from '@mc/kit';
import { type BoardGroupPatch, type BoardGroupRow, BoardGroupStore } from '../db/board-group-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { workEvents } from '../domain-events.ts';
import { actorOf, boardGroupCreated, boardGroupDeleted, boardGroupUpdated } from '../events.ts';
import { type Changes, pick } from './changes.ts';
import type { EventPublisher } from './event-publisher.ts';

export const GROUP_NAME_MAX = 120;
export const GROUP_DESCRIPTION_MAX = 2000;

export interface BoardGroupInput {
  name?: string | null;
  slug?: string | null;
  description?: string | null;
}

export interface DeletedBoardGroup {
  deletedBoardGroupId: string;
  detachedBoardIds: string[];
}

export class BoardGroupService {
  private readonly store: BoardGroupStore;
  private readonly events: EventPublisher;
  private readonly changes: Changes;

  constructor(store: BoardGroupStore, events: EventPublisher, changes: Changes) {
    this.store = store;
    this.events = events;
    this.changes = changes;
  }

  /** Batched, access-checked lookup for the dataloader: one statement for all ids. */
  async loadVisible(identity: Identity, ids: readonly string[]): Promise<(BoardGroupRow | Error)[]> {
    let orgId: string;
    try {
      orgId = identity.kind === 'agent' ? identity.orgId : requireMember(identity).id;
    } catch (error) {
      return ids.map(() => error as Error);
    }
    const rows = await this.store.byIds(ids.filter(isUuid).map((id) => id.toLowerCase()));
    return ids.map((id) => {
      if (!isUuid(id)) return badInput('id is not a valid id', 'id');
      const row = rows.get(id.toLowerCase());
      return row && row.organizationId === orgId ? row : notFound('Board group', id);
    });
  }

  async list(identity: Identity, organizationId?: string): Promise<BoardGroupRow[]> {
    const org = requireMember(identity, organizationId);
    return this.store.listByOrganization(org.id);
  }

  async create(identity: Identity, input: BoardGroupInput & { name: string }): Promise<BoardGroupRow> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const name = requireText(input.name, 'input.name', GROUP_NAME_MAX);
    const slug = input.slug ? parseSlug(input.slug, 'input.slug') : slugify(name);
    if (!slug) throw badInput('Choose a slug: the name has no usable characters', 'input.slug');
    const description = optionalText(input.description, 'input.description');
    if (await this.store.slugTaken(org.id, slug)) throw slugConflict(slug);
    const actor = actorOf(identity);
    const row = await this.changes
      .run(async (tx, record) => {
        const created = await new BoardGroupStore(tx).create({ organizationId: org.id, name, slug, description });
        await record(
          workEvents.boardGroupCreated,
          { boardId: null, boardGroupId: created.id, before: null, after: pick(created, GROUP_KEYS) },
          { organizationId: org.id, actor },
        );
        return created;
      })
      .catch((error) => rethrowConflict(error, slug));
    await this.events.publish(boardGroupCreated, { organizationId: org.id, boardGroupId: row.id, actor });
    return row;
  }

  async update(identity: Identity, id: string, input: BoardGroupInput): Promise<BoardGroupRow> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const group = await this.requireInOrg(org.id, parseId(id));
    const patch: BoardGroupPatch = {};
    if (input.name !== undefined && input.name !== null) {
      patch.name = requireText(input.name, 'input.name', GROUP_NAME_MAX);
    }
    if (input.slug !== undefined && input.slug !== null) {
      patch.slug = parseSlug(input.slug, 'input.slug');
      if (await this.store.slugTaken(org.id, patch.slug, group.id)) throw slugConflict(patch.slug);
    }
    if (input.description !== undefined) patch.description = optionalText(input.description, 'input.description');
    const actor = actorOf(identity);
    const keys = Object.keys(patch);
    const row = await this.changes
      .run(async (tx, record) => {
        const updated = await new BoardGroupStore(tx).update(group.id, patch);
        if (!updated) return undefined;
        await record(
          workEvents.boardGroupUpdated,
          { boardId: null, boardGroupId: updated.id, before: pick(group, keys), after: pick(updated, keys) },
          { organizationId: org.id, actor },
        );
        return updated;
      })
      .catch((error) => rethrowConflict(error, patch.slug ?? ''));
    if (!row) throw notFound('Board group', group.id);
    await this.events.publish(boardGroupUpdated, { organizationId: org.id, boardGroupId: row.id, actor });
    return row;
  }

  async delete(identity: Identity, id: string): Promise<DeletedBoardGroup> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const group = await this.requireInOrg(org.id, parseId(id));
    const actor = actorOf(identity);
    const meta = { organizationId: org.id, actor };
    const { deleted, detachedBoardIds } = await this.changes.run(async (tx, record) => {
      const result = await new BoardGroupStore(tx).delete(group.id);
      if (!result.deleted) return result;
      // Its boards still exist, now ungrouped: each of them changed too.
      for (const boardId of result.detachedBoardIds) {
        await record(
          workEvents.boardUpdated,
          { boardId, boardGroupId: null, before: { boardGroupId: group.id }, after: { boardGroupId: null } },
          meta,
        );
      }
      await record(
        workEvents.boardGroupDeleted,
        { boardId: null, boardGroupId: group.id, before: pick(group, GROUP_KEYS), after: null },
        meta,
      );
      return result;
    });
    if (!deleted) throw notFound('Board group', group.id);
    await this.events.publish(boardGroupDeleted, {
      organizationId: org.id,
      boardGroupId: group.id,
      detachedBoardIds,
      actor,
    });
    return { deletedBoardGroupId: group.id, detachedBoardIds };
  }

  /** A group of `organizationId`; any other id (another tenant's included) is NOT_FOUND. */
  private async requireInOrg(organizationId: string, id: string): Promise<BoardGroupRow> {
    const group = (await this.store.byIds([id])).get(id);
    if (!group || group.organizationId !== organizationId) throw notFound('Board group', id);
    return group;
  }
}

const GROUP_KEYS = ['name', 'slug', 'description'];

function optionalText(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > GROUP_DESCRIPTION_MAX) {
    throw badInput(`${field} must be at most ${GROUP_DESCRIPTION_MAX} characters`, field);
  }
  return trimmed || null;
}

const slugConflict = (slug: string) =>
  conflict(`A board group with the slug "${slug}" already exists`, { field: 'input.slug' });

function rethrowConflict(error: unknown, slug: string): never {
  if (uniqueViolation(error) !== null) throw slugConflict(slug);
  throw error;
}
