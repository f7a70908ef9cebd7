/** `Tag`, `Task.tags`, the tag root fields and attaching tags to tasks. */
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { TagRow } from '../db/tag-store.ts';
import type { TaskRow } from '../db/task-store.ts';
import { OrganizationRef } from './organization.ts';
import { TaskRef, versionedErrors } from './task.ts';

const TagRef = builder.objectRef<TagRow>('Tag').implement({
  description: 'An organization-wide label for tasks',
  fields: (t) => ({
    id: t.exposeID('id'),
    organization: t.field({ type: OrganizationRef, resolve: (tag) => ({ id: tag.organizationId }) }),
    name: t.exposeString('name'),
    slug: t.exposeString('slug', { description: 'Unique in the organization' }),
    color: t.exposeString('color', { description: '#rrggbb' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.objectFields(TaskRef, (t) => ({
  tags: t.loadableList({
    type: TagRef,
    description: 'Tags of the task, by slug',
    load: (ids: string[], context: WorkContext) => context.services.tags.tagsOfTasks(ids),
    resolve: (task: TaskRow) => task.id,
  }),
}));

builder.queryFields((t) => ({
  tags: t.field({
    type: [TagRef],
    description: 'Tags of the organization you act in (agents: of theirs), by slug',
    authScopes: { user: true, agent: true },
    resolve: (_root, _args, context) => context.services.tags.list(context.identity),
  }),
}));

const CreateTagInput = builder.inputType('CreateTagInput', {
  fields: (t) => ({
    name: t.string(),
    slug: t.string({ required: false, description: 'Defaults to a slug of the name; unique per organization' }),
    color: t.string({ description: '#rrggbb' }),
  }),
});

const UpdateTagInput = builder.inputType('UpdateTagInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    slug: t.string({ required: false }),
    color: t.string({ required: false }),
  }),
});

const DeleteTagPayload = builder.objectRef<{ deletedTagId: string }>('DeleteTagPayload').implement({
  fields: (t) => ({ deletedTagId: t.exposeID('deletedTagId') }),
});

builder.mutationFields((t) => ({
  createTag: t.field({
    type: TagRef,
    description: 'Creates a tag (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateTagInput }) },
    resolve: (_root, args, context) => context.services.tags.create(context.identity, args.input),
  }),
  updateTag: t.field({
    type: TagRef,
    description: 'Changes a tag (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateTagInput }) },
    resolve: (_root, args, context) => context.services.tags.update(context.identity, args.id, args.input),
  }),
  deleteTag: t.field({
    type: DeleteTagPayload,
    description: 'Deletes a tag and removes it from every task (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.tags.delete(context.identity, args.id),
  }),
  attachTaskTags: t.field({
    type: TaskRef,
    description:
      'Adds tags to a task (write access to its board, or its lead agent; a blocked task gives TASK_BLOCKED); already attached tags are kept. A change bumps the task version; a stale expectedVersion gives TaskConflict',
    authScopes: { user: true, agent: true },
    errors: versionedErrors,
    args: { taskId: t.arg.id(), tagIds: t.arg.idList(), expectedVersion: t.arg.int({ required: false }) },
    resolve: (_root, args, context) =>
      context.services.tags.attach(context.identity, args.taskId, args.tagIds, args.expectedVersion),
  }),
  detachTaskTags: t.field({
    type: TaskRef,
    description:
      'Removes tags from a task (write access to its board, or its lead agent; a blocked task gives TASK_BLOCKED). ' +
      'A change bumps the task version; a stale expectedVersion gives TaskConflict',
    authScopes: { user: true, agent: true },
    errors: versionedErrors,
    args: { taskId: t.arg.id(), tagIds: t.arg.idList(), expectedVersion: t.arg.int({ required: false }) },
    resolve: (_root, args, context) =>
      context.services.tags.detach(context.identity, args.taskId, args.tagIds, args.expectedVersion),
  }),
}));
