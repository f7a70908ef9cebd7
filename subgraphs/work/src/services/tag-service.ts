/**
 * Tags: organization-wide labels (slug unique per organization, colour `#rrggbb`). Members and the
 * organization's agents read them; admins and owners create, change and delete them; attaching to or detaching from a task
 * needs write access to the task's board. Another organization's tag is unknown (NOT_FOUND).
 */
import {
  badInput,
  conflict,
  DomainError,
  ErrorCode,
  type Identity,
  notFound,
  parseId,
  parseSlug,
  requireMember,
  requireText,
  slugify,
} from '@mc/kit';
import { type TagPatch, type TagRow, TagStore } from '../db/tag-store.ts';
import type { TaskDependencyStore } from '../db/task-dependency-store.ts';
import { type TaskRow, TaskStore } from '../db/task-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { workEvents } from '../domain-events.ts';
import { actorOf, taskUpdated } from '../events.ts';
import { fieldForbidden } from './agent-rules.ts';
import { type Changes, pick } from './changes.ts';
import type { EventPublisher } from './event-publisher.ts';
import type { TaskAccess } from './task-access.ts';
import { blockedError } from './task-move-rules.ts';

export const TAG_NAME_MAX = 60;
const TAG_EVENT_KEYS = ['name', 'slug', 'color'] as const;
export const MAX_TAGS_PER_CALL = 50;
const COLOR = /^#[0-9a-f]{6}$/i;

export interface TagInput {
  name?: string | null;
  slug?: string | null;
  color?: string | null;
}

export class TagService {
  private readonly store: TagStore;
  private readonly access: TaskAccess;
  private readonly events: EventPublisher;
  private readonly changes: Changes;
  private readonly dependencies: TaskDependencyStore;

  constructor(
    store: TagStore,
    access: TaskAccess,
    events: EventPublisher,
    changes: Changes,
    dependencies: TaskDependencyStore,
  ) {
    this.dependencies = dependencies;
    this.store = store;
    this.access = access;
    this.events = events;
    this.changes = changes;
  }

  /** The organization's tags: its members and its agents (which tag tasks and read them) see them all. */
  async list(identity: Identity): Promise<TagRow[]> {
    return this.store.listByOrganization(identity.kind === 'agent' ? identity.orgId : requireMember(identity).id);
  }

  /** The `Task.tags` dataloader batch: one statement for all tasks. */
  async tagsOfTasks(taskIds: readonly string[]): Promise<TagRow[][]> {
    const map = await this.store.tagsOfTasks(taskIds);
    return taskIds.map((id) => map.get(id) ?? []);
  }

  async create(identity: Identity, input: TagInput & { name: string; color: string }): Promise<TagRow> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const patch = validate(input);
    const slug = patch.slug ?? slugify(patch.name as string);
    if (!slug) throw badInput('Choose a slug: the name has no usable characters', 'input.slug');
    if (await this.store.slugTaken(org.id, slug)) throw slugConflict(slug);
    const actor = actorOf(identity);
    return this.changes
      .run(async (tx, record) => {
        const created = await new TagStore(tx).create({
          organizationId: org.id,
          name: patch.name as string,
          color: patch.color as string,
          slug,
        });
        await record(
          workEvents.tagCreated,
          { boardId: null, tagId: created.id, before: null, after: pick(created, TAG_EVENT_KEYS) },
          { organizationId: org.id, actor },
        );
        return created;
      })
      .catch((error) => rethrowConflict(error, slug));
  }

  async update(identity: Identity, id: string, input: TagInput): Promise<TagRow> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const tag = await this.requireInOrg(org.id, parseId(id));
    const patch = validate(input);
    if (patch.slug && (await this.store.slugTaken(org.id, patch.slug, tag.id))) throw slugConflict(patch.slug);
    const actor = actorOf(identity);
    const keys = Object.keys(patch);
    const row = await this.changes
      .run(async (tx, record) => {
        const updated = await new TagStore(tx).update(tag.id, patch);
        if (!updated || keys.length === 0) return updated;
        await record(
          workEvents.tagUpdated,
          { boardId: null, tagId: tag.id, before: pick(tag, keys), after: pick(updated, keys) },
          { organizationId: org.id, actor },
        );
        return updated;
      })
      .catch((error) => rethrowConflict(error, patch.slug ?? ''));
    if (!row) throw notFound('Tag', tag.id);
    return row;
  }

  /**
   * Deleting a tag removes it from every task (FK cascade); one `tagDeleted` says so, and each task
   * that carried it gets a version bump and a `taskUpdated` with its tag ids before and after, so
   * the boards' streams show `TAGS_CHANGED` for them.
   */
  async delete(identity: Identity, id: string): Promise<{ deletedTagId: string }> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const tag = await this.requireInOrg(org.id, parseId(id));
    const actor = actorOf(identity);
    const deleted = await this.changes.run(async (tx, record) => {
      const store = new TagStore(tx);
      const carrying = await store.bumpTasksCarrying(tag.id);
      const before = await store.tagsOfTasks(carrying.map((task) => task.id));
      if (!(await store.delete(tag.id))) return undefined;
      await record(
        workEvents.tagDeleted,
        { boardId: null, tagId: tag.id, before: pick(tag, TAG_EVENT_KEYS), after: null },
        { organizationId: org.id, actor },
      );
      for (const task of carrying) {
        const tagIds = (before.get(task.id) ?? []).map((entry) => entry.id);
        await record(
          workEvents.taskUpdated,
          {
            boardId: task.boardId,
            taskId: task.id,
            before: { tagIds },
            after: { tagIds: tagIds.filter((entry) => entry !== tag.id) },
          },
          { organizationId: task.organizationId, actor },
        );
      }
      return carrying;
    });
    if (!deleted) throw notFound('Tag', tag.id);
    for (const task of deleted) {
      await this.events.publish(taskUpdated, {
        organizationId: task.organizationId,
        boardId: task.boardId,
        taskId: task.id,
        actor,
      });
    }
    return { deletedTagId: tag.id };
  }

  async attach(
    identity: Identity,
    taskId: string,
    tagIds: readonly string[],
    expectedVersion?: number | null,
  ): Promise<TaskRow> {
    return this.change(identity, taskId, tagIds, expectedVersion, (store, task, ids) => store.attach(task.id, ids));
  }

  async detach(
    identity: Identity,
    taskId: string,
    tagIds: readonly string[],
    expectedVersion?: number | null,
  ): Promise<TaskRow> {
    return this.change(identity, taskId, tagIds, expectedVersion, (store, task, ids) => store.detach(task.id, ids));
  }

  /**
   * A change of the task's tag set is a versioned task change like any other: it bumps `version`
   * (compare-and-set on the version the checks saw; a stale `expectedVersion` is a `TaskConflict`)
   * and records `taskUpdated` with the tag ids before and after. A change that changes nothing
   * (attaching an attached tag) keeps the version and records nothing.
   */
  private async change(
    identity: Identity,
    taskId: string,
    tagIds: readonly string[],
    expectedVersion: number | null | undefined,
    write: (store: TagStore, task: TaskRow, ids: string[]) => Promise<void>,
  ): Promise<TaskRow> {
    const ids = [...new Set(tagIds.map((id, index) => parseId(id, `tagIds.${index}`)))];
    if (ids.length > MAX_TAGS_PER_CALL) throw badInput(`At most ${MAX_TAGS_PER_CALL} tags at once`, 'tagIds');
    const actor = actorOf(identity);
    let changed = false;
    const row = await this.access.versioned(identity, taskId, expectedVersion, async (task, caller) => {
      // The lead agent tags; a worker may not. A blocked task's tags do not change.
      if (caller.kind === 'agent' && caller.role !== 'lead') throw fieldForbidden(caller, task, 'tagIds');
      const found = await this.store.byIds(ids);
      const unknown = ids.filter((id) => found.get(id)?.organizationId !== task.organizationId);
      if (unknown.length > 0) {
        throw new DomainError(ErrorCode.NOT_FOUND, 'Tag not found', { field: 'tagIds', ids: unknown });
      }
      const blockers = (await this.dependencies.blockersOf([task.id])).get(task.id) ?? [];
      if (blockers.length > 0)
        throw blockedError(
          blockers.map((blocker) => blocker.id),
          'only its dependencies may change',
        );
      return this.changes
        .run(async (tx, record) => {
          const store = new TagStore(tx);
          const tagIdsOf = async () => ((await store.tagsOfTasks([task.id])).get(task.id) ?? []).map((tag) => tag.id);
          const before = await tagIdsOf();
          await write(store, task, ids);
          const after = await tagIdsOf();
          // Attaching an attached tag (or detaching a missing one) changes nothing: no event, same version.
          if (before.length === after.length && before.every((id, index) => id === after[index])) return task;
          const updated = await new TaskStore(tx).update(task.id, task.version, {});
          // Lost the race: throwing rolls back the tag links; `versioned` reports or retries.
          if (!updated) throw new LostRace();
          await record(
            workEvents.taskUpdated,
            { boardId: task.boardId, taskId: task.id, before: { tagIds: before }, after: { tagIds: after } },
            { organizationId: task.organizationId, actor },
          );
          changed = true;
          return updated;
        })
        .catch((error: unknown) => {
          if (error instanceof LostRace) return undefined;
          throw error;
        });
    });
    if (changed) {
      await this.events.publish(taskUpdated, {
        organizationId: row.organizationId,
        boardId: row.boardId,
        taskId: row.id,
        actor,
      });
    }
    return row;
  }

  private async requireInOrg(organizationId: string, id: string): Promise<TagRow> {
    const tag = (await this.store.byIds([id])).get(id);
    if (!tag || tag.organizationId !== organizationId) throw notFound('Tag', id);
    return tag;
  }
}

function validate(input: TagInput): TagPatch {
  const patch: TagPatch = {};
  if (input.name != null) patch.name = requireText(input.name, 'input.name', TAG_NAME_MAX);
  if (input.slug != null) patch.slug = parseSlug(input.slug, 'input.slug');
  if (input.color != null) {
    if (!COLOR.test(input.color)) throw badInput('input.color must be a colour like #1a2b3c', 'input.color');
    patch.color = input.color.toLowerCase();
  }
  return patch;
}

const slugConflict = (slug: string) =>
  conflict(`A tag with the slug "${slug}" already exists`, { field: 'input.slug' });

function rethrowConflict(error: unknown, slug: string): never {
  if (uniqueViolation(error) !== null) throw slugConflict(slug);
  throw error;
}

/** Thrown inside a transaction to roll back a tag change whose task moved on meanwhile. */
class LostRace extends Error {}
