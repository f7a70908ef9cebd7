/** `CustomField` definitions, `Board.customFields`, `Task.customFields` and their root fields. */
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { BoardRow } from '../db/board-store.ts';
import type { CustomFieldRow } from '../db/custom-field-store.ts';
import type { TaskRow } from '../db/task-store.ts';
import type { TaskCustomField } from '../services/custom-field-service.ts';
import { BoardRef } from './board.ts';
import { CustomFieldValueInput } from './custom-field-value-input.ts';
import { JsonScalar } from './json.ts';
import { OrganizationRef } from './organization.ts';
import { TaskRef, versionedErrors } from './task.ts';

export const CustomFieldTypeEnum = builder.enumType('CustomFieldType', {
  description: 'How a value is given (as JSON) and checked',
  values: {
    TEXT: { description: 'A string of at most 1,000 characters (pattern applies)' },
    LONG_TEXT: { description: 'A string of at most 20,000 characters (pattern applies)' },
    INTEGER: { description: 'A whole number within ±2^53' },
    DECIMAL: { description: 'A finite number' },
    BOOLEAN: {},
    DATE: { description: 'A calendar date, "2026-01-31"' },
    DATE_TIME: { description: 'An ISO 8601 date-time with an offset; stored in UTC' },
    URL: { description: 'An http(s) URL of at most 2,048 characters' },
    JSON: { description: 'Any JSON value of at most 16 KiB' },
  } as const,
});

export const CustomFieldVisibilityEnum = builder.enumType('CustomFieldVisibility', {
  description: 'Who sees the values in Task.customFields (setting them is not affected)',
  values: {
    VISIBLE: { description: 'Everyone who can read the task' },
    HIDDEN: { description: 'Nobody: the values are kept but not shown (e.g. a retired field)' },
    ADMIN_ONLY: { description: 'Admins and owners of the organization only (not agents)' },
  } as const,
});

const CustomFieldRef = builder.objectRef<CustomFieldRow>('CustomField').implement({
  description: 'An organization-wide custom-field definition; bound to boards, it is filled in on their tasks',
  fields: (t) => ({
    id: t.exposeID('id'),
    organization: t.field({ type: OrganizationRef, resolve: (field) => ({ id: field.organizationId }) }),
    key: t.exposeString('key', { description: 'Unique in the organization; never changes' }),
    label: t.exposeString('label'),
    type: t.field({ type: CustomFieldTypeEnum, resolve: (field) => field.type, description: 'Never changes' }),
    required: t.exposeBoolean('required', {
      description: 'Tasks of boards binding it must have a value (or the default)',
    }),
    defaultValue: t.field({ type: JsonScalar, nullable: true, resolve: (field) => field.defaultValue }),
    pattern: t.exposeString('pattern', { nullable: true, description: 'A regular expression TEXT values must match' }),
    visibility: t.field({ type: CustomFieldVisibilityEnum, resolve: (field) => field.visibility }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const TaskCustomFieldRef = builder.objectRef<TaskCustomField>('TaskCustomField').implement({
  description: "A bound field's value on a task: the stored value, else the default, else null",
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    type: t.field({ type: CustomFieldTypeEnum, resolve: (value) => value.type }),
    value: t.field({ type: JsonScalar, nullable: true, resolve: (value) => value.value }),
  }),
});

builder.objectFields(BoardRef, (t) => ({
  customFields: t.loadableList({
    type: CustomFieldRef,
    description: 'Custom fields bound to the board, by key',
    load: (ids: string[], context: WorkContext) => context.services.customFields.fieldsOfBoards(ids),
    resolve: (board: BoardRow) => board.id,
  }),
}));

builder.objectFields(TaskRef, (t) => ({
  customFields: t.loadableList({
    type: TaskCustomFieldRef,
    description: "Values of the custom fields bound to the task's board, by key (visibility applies)",
    load: (ids: string[], context: WorkContext) => context.services.customFields.valuesOfTasks(context.identity, ids),
    resolve: (task: TaskRow) => task.id,
  }),
}));

builder.queryFields((t) => ({
  customFields: t.field({
    type: [CustomFieldRef],
    description: 'Custom-field definitions of the organization you act in, by key',
    authScopes: { user: true },
    resolve: (_root, _args, context) => context.services.customFields.list(context.identity),
  }),
}));

const CreateCustomFieldInput = builder.inputType('CreateCustomFieldInput', {
  fields: (t) => ({
    key: t.string({ description: 'Lowercase letters, digits, - and _, starting with a letter; unique; immutable' }),
    label: t.string(),
    type: t.field({ type: CustomFieldTypeEnum }),
    required: t.boolean({ required: false }),
    defaultValue: t.field({ type: JsonScalar, required: false, description: 'Checked like a value' }),
    pattern: t.string({ required: false, description: 'TEXT/LONG_TEXT only; at most 200 characters' }),
    visibility: t.field({ type: CustomFieldVisibilityEnum, required: false, description: 'Default VISIBLE' }),
  }),
});

const UpdateCustomFieldInput = builder.inputType('UpdateCustomFieldInput', {
  description: 'Absent fields are kept; changing key or type gives FIELD_FORBIDDEN',
  fields: (t) => ({
    key: t.string({ required: false }),
    label: t.string({ required: false }),
    type: t.field({ type: CustomFieldTypeEnum, required: false }),
    required: t.boolean({ required: false }),
    defaultValue: t.field({ type: JsonScalar, required: false }),
    pattern: t.string({ required: false, description: 'Empty or null removes it' }),
    visibility: t.field({ type: CustomFieldVisibilityEnum, required: false }),
  }),
});

const DeleteCustomFieldPayload = builder
  .objectRef<{ deletedCustomFieldId: string }>('DeleteCustomFieldPayload')
  .implement({ fields: (t) => ({ deletedCustomFieldId: t.exposeID('deletedCustomFieldId') }) });

builder.mutationFields((t) => ({
  createCustomField: t.field({
    type: CustomFieldRef,
    description: 'Defines a custom field (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateCustomFieldInput }) },
    resolve: (_root, args, context) => context.services.customFields.create(context.identity, args.input),
  }),
  updateCustomField: t.field({
    type: CustomFieldRef,
    description: 'Changes a custom field (admins and owners); key and type never change',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateCustomFieldInput }) },
    resolve: (_root, args, context) => context.services.customFields.update(context.identity, args.id, args.input),
  }),
  deleteCustomField: t.field({
    type: DeleteCustomFieldPayload,
    description: 'Deletes a custom field, its bindings and every value (admins and owners)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.customFields.delete(context.identity, args.id),
  }),
  bindCustomField: t.field({
    type: CustomFieldRef,
    description: 'Uses a custom field on a board (admins and owners); binding twice is a no-op',
    authScopes: { user: true },
    errors: {},
    args: { fieldId: t.arg.id(), boardId: t.arg.id() },
    resolve: (_root, args, context) =>
      context.services.customFields.bind(context.identity, args.fieldId, args.boardId, true),
  }),
  unbindCustomField: t.field({
    type: CustomFieldRef,
    description: "Stops using a custom field on a board (admins and owners); the tasks' values are kept but not shown",
    authScopes: { user: true },
    errors: {},
    args: { fieldId: t.arg.id(), boardId: t.arg.id() },
    resolve: (_root, args, context) =>
      context.services.customFields.bind(context.identity, args.fieldId, args.boardId, false),
  }),
  setTaskCustomFieldValues: t.field({
    type: TaskRef,
    description:
      "Sets custom-field values of a task (fields bound to its board; null clears). People with write access, the board's " +
      'lead agent, a worker on its own or unassigned task (else ASSIGNEE_MISMATCH); invalid values, unbound keys and ' +
      'missing required values give BAD_USER_INPUT with field customFields.<key>',
    authScopes: { user: true, agent: true },
    errors: versionedErrors,
    args: {
      taskId: t.arg.id(),
      values: t.arg({ type: [CustomFieldValueInput] }),
      expectedVersion: t.arg.int({ required: false }),
    },
    resolve: (_root, args, context) =>
      context.services.customFields.setValues(context.identity, args.taskId, args.values, args.expectedVersion),
  }),
}));
