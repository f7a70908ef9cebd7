/**
 * Board groups: any member of the organization reads them; admins and owners change them.
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
import type { BoardGroupPatch, BoardGroupRow, BoardGroupStore } from '../db/board-group-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { actorOf, boardGroupCreated, boardGroupDeleted, boardGroupUpdated } from '../events.ts';
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

  constructor(store: BoardGroupStore, events: EventPublisher) {
    this.store = store;
    this.events = events;
  }

  /** Batched, access-checked lookup for the dataloader: one statement for all ids. */
  async loadVisible(identity: Identity, ids: readonly string[]): Promise<(BoardGroupRow | Error)[]> {
    let orgId: string;
    try {
      orgId = requireMember(identity).id;
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
    const row = await this.store
      .create({ organizationId: org.id, name, slug, description })
      .catch((error) => rethrowConflict(error, slug));
    await this.events.publish(boardGroupCreated, {
      organizationId: org.id,
      boardGroupId: row.id,
      actor: actorOf(identity),
    });
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
    const row = await this.store.update(group.id, patch).catch((error) => rethrowConflict(error, patch.slug ?? ''));
    if (!row) throw notFound('Board group', group.id);
    await this.events.publish(boardGroupUpdated, {
      organizationId: org.id,
      boardGroupId: row.id,
      actor: actorOf(identity),
    });
    return row;
  }

  async delete(identity: Identity, id: string): Promise<DeletedBoardGroup> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const group = await this.requireInOrg(org.id, parseId(id));
    const { deleted, detachedBoardIds } = await this.store.delete(group.id);
    if (!deleted) throw notFound('Board group', group.id);
    await this.events.publish(boardGroupDeleted, {
      organizationId: org.id,
      boardGroupId: group.id,
      detachedBoardIds,
      actor: actorOf(identity),
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
