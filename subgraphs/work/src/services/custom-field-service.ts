/**
 * Custom fields: organization-wide typed definitions (admins and owners manage them and bind them
 * to boards), and the values tasks hold for the fields bound to their board. People with write
 * access to the board set values; agents as `agent-rules.ts` says (the lead on every task of its
 * board, a worker on its own or unassigned tasks). Another organization's ids are NOT_FOUND.
 */
import { badInput, conflict, DomainError, type Identity, notFound, parseId, requireMember, requireText } from '@mc/kit';
import type { BoardStore } from '../db/board-store.ts';
import {
  type CustomFieldPatch,
  type CustomFieldRow,
  CustomFieldStore,
  type CustomFieldType,
  type TaskFieldValue,
} from '../db/custom-field-store.ts';
import type { TaskDependencyStore } from '../db/task-dependency-store.ts';
import { type TaskRow, TaskStore } from '../db/task-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { workEvents } from '../domain-events.ts';
import { actorOf, taskUpdated } from '../events.ts';
import { AgentErrorCode, agentMaySee, requireOwnOrUnassigned } from './agent-rules.ts';
import { type Changes, pick } from './changes.ts';
import { validatePattern, validateValue } from './custom-field-values.ts';
import type { EventPublisher } from './event-publisher.ts';
import type { TaskAccess } from './task-access.ts';
import { blockedError } from './task-move-rules.ts';

export const LABEL_MAX = 100;
export const MAX_VALUES_PER_CALL = 50;
const KEY = /^[a-z][a-z0-9_-]{0,59}$/;
const FIELD_EVENT_KEYS = ['key', 'label', 'type', 'required', 'defaultValue', 'pattern', 'visibility'] as const;

export type CustomFieldVisibility = CustomFieldRow['visibility'];

export interface CustomFieldInput {
  key?: string | null;
  label?: string | null;
  type?: CustomFieldType | null;
  required?: boolean | null;
  defaultValue?: unknown;
  pattern?: string | null;
  visibility?: CustomFieldVisibility | null;
}

export interface CustomFieldValueInput {
  key: string;
  value?: unknown;
}

/** What `Task.customFields` shows: the stored value, else the default, else null. */
export interface TaskCustomField {
  key: string;
  label: string;
  type: CustomFieldType;
  value: unknown;
}

export class CustomFieldService {
  private readonly store: CustomFieldStore;
  private readonly boards: BoardStore;
  private readonly access: TaskAccess;
  private readonly events: EventPublisher;
  private readonly changes: Changes;
  private readonly dependencies: TaskDependencyStore;

  constructor(deps: {
    store: CustomFieldStore;
    boards: BoardStore;
    access: TaskAccess;
    events: EventPublisher;
    changes: Changes;
    dependencies: TaskDependencyStore;
  }) {
    this.store = deps.store;
    this.boards = deps.boards;
    this.access = deps.access;
    this.events = deps.events;
    this.changes = deps.changes;
    this.dependencies = deps.dependencies;
  }

  async list(identity: Identity): Promise<CustomFieldRow[]> {
    return this.store.listByOrganization(requireMember(identity).id);
  }

  async create(identity: Identity, input: CustomFieldInput & { key: string; label: string; type: CustomFieldType }) {
    const org = requireMember(identity, undefined, 'ADMIN');
    if (!KEY.test(input.key)) {
      throw badInput('input.key must start with a letter: lowercase letters, digits, - and _ (≤ 60)', 'input.key');
    }
    const patch = validateDefinition(input, input.type);
    if (await this.store.keyTaken(org.id, input.key)) throw keyConflict(input.key);
    const actor = actorOf(identity);
    return this.changes
      .run(async (tx, record) => {
        const created = await new CustomFieldStore(tx).create({
          ...patch,
          organizationId: org.id,
          key: input.key,
          type: input.type,
          label: patch.label as string,
        });
        await record(
          workEvents.customFieldCreated,
          { boardId: null, customFieldId: created.id, before: null, after: pick(created, FIELD_EVENT_KEYS) },
          { organizationId: org.id, actor },
        );
        return created;
      })
      .catch((error) => rethrowConflict(error, input.key));
  }

  /** `key` and `type` never change: values already stored depend on them. */
  async update(identity: Identity, id: string, input: CustomFieldInput): Promise<CustomFieldRow> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const field = await this.requireInOrg(org.id, parseId(id));
    for (const immutable of ['key', 'type'] as const) {
      if (input[immutable] != null && input[immutable] !== field[immutable]) {
        throw new DomainError(AgentErrorCode.FIELD_FORBIDDEN, `A custom field's ${immutable} cannot change`, {
          field: `input.${immutable}`,
          ids: [field.id],
        });
      }
    }
    const patch = validateDefinition(input, field.type, field.pattern);
    const keys = Object.keys(patch);
    const actor = actorOf(identity);
    const row = await this.changes.run(async (tx, record) => {
      const updated = await new CustomFieldStore(tx).update(field.id, patch);
      if (!updated || keys.length === 0) return updated;
      await record(
        workEvents.customFieldUpdated,
        {
          boardId: null,
          customFieldId: field.id,
          before: { key: field.key, ...pick(field, keys) },
          after: { key: updated.key, ...pick(updated, keys) },
        },
        { organizationId: org.id, actor },
      );
      return updated;
    });
    if (!row) throw notFound('CustomField', field.id);
    return row;
  }

  /** Deleting a definition deletes its bindings and values (FK cascades); one `customFieldDeleted` says so. */
  async delete(identity: Identity, id: string): Promise<{ deletedCustomFieldId: string }> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const field = await this.requireInOrg(org.id, parseId(id));
    const actor = actorOf(identity);
    const deleted = await this.changes.run(async (tx, record) => {
      if (!(await new CustomFieldStore(tx).delete(field.id))) return false;
      await record(
        workEvents.customFieldDeleted,
        { boardId: null, customFieldId: field.id, before: pick(field, FIELD_EVENT_KEYS), after: null },
        { organizationId: org.id, actor },
      );
      return true;
    });
    if (!deleted) throw notFound('CustomField', field.id);
    return { deletedCustomFieldId: field.id };
  }

  /** Binds or unbinds; an event only when the binding changed (binding twice records one). */
  async bind(identity: Identity, fieldId: string, boardId: string, bound: boolean): Promise<CustomFieldRow> {
    const org = requireMember(identity, undefined, 'ADMIN');
    const field = await this.requireInOrg(org.id, parseId(fieldId, 'fieldId'));
    const id = parseId(boardId, 'boardId');
    const board = (await this.boards.byIds([id])).get(id);
    if (!board || board.organizationId !== org.id) throw notFound('Board', id);
    const actor = actorOf(identity);
    await this.changes.run(async (tx, record) => {
      const store = new CustomFieldStore(tx);
      const changed = bound ? await store.bind(board.id, field.id) : await store.unbind(board.id, field.id);
      if (!changed) return;
      const side = { key: field.key, label: field.label };
      await record(
        bound ? workEvents.customFieldBound : workEvents.customFieldUnbound,
        {
          boardId: board.id,
          boardGroupId: board.groupId,
          customFieldId: field.id,
          before: bound ? null : side,
          after: bound ? side : null,
        },
        { organizationId: org.id, actor },
      );
    });
    return field;
  }

  /** The `Board.customFields` dataloader batch. */
  async fieldsOfBoards(boardIds: readonly string[]): Promise<CustomFieldRow[][]> {
    const map = await this.store.fieldsOfBoards(boardIds);
    return boardIds.map((id) => map.get(id) ?? []);
  }

  /** The `Task.customFields` dataloader batch: one statement; visibility decides what is shown. */
  async valuesOfTasks(identity: Identity, taskIds: readonly string[]): Promise<TaskCustomField[][]> {
    const map = await this.store.valuesOfTasks(taskIds);
    const admin = identity.kind === 'user' && (identity.org?.role === 'ADMIN' || identity.org?.role === 'OWNER');
    return taskIds.map((id) =>
      (map.get(id) ?? [])
        .filter(({ field }) => field.visibility === 'VISIBLE' || (field.visibility === 'ADMIN_ONLY' && admin))
        .map(shown),
    );
  }

  /**
   * Sets (or, with a null value, clears) values of fields bound to the task's board; every
   * required bound field must have a value or a default afterwards. Bumps the version once and
   * records `taskUpdated` with the changed keys' values before and after.
   */
  async setValues(
    identity: Identity,
    taskId: string,
    values: readonly CustomFieldValueInput[],
    expectedVersion: number | null | undefined,
  ): Promise<TaskRow> {
    if (values.length > MAX_VALUES_PER_CALL) throw badInput(`At most ${MAX_VALUES_PER_CALL} values at once`, 'values');
    const actor = actorOf(identity);
    let changed = false;
    const row = await this.access.versioned(identity, taskId, expectedVersion, async (task, caller) => {
      if (caller.kind === 'agent') requireOwnOrUnassigned(caller, task);
      const current = (await this.store.valuesOfTasks([task.id])).get(task.id) ?? [];
      const plan = planValues(current, values);
      if (plan.changedKeys.length === 0) return task;
      const blockers = (await this.dependencies.blockersOf([task.id])).get(task.id) ?? [];
      if (blockers.length > 0) {
        // A worker learns that the task waits, not the ids of tasks it may not see.
        const seen = caller.kind === 'agent' ? blockers.filter((blocker) => agentMaySee(caller, blocker)) : blockers;
        throw blockedError(
          seen.map((blocker) => blocker.id),
          'only its dependencies may change',
        );
      }
      return this.changes.run(async (tx, record) => {
        const updated = await new TaskStore(tx).update(task.id, task.version, {});
        if (!updated) return undefined;
        const store = new CustomFieldStore(tx);
        await store.setValues(task.id, plan.set);
        await store.clearValues(task.id, plan.clear);
        const fields = current.map((entry) => entry.field);
        await record(
          workEvents.taskUpdated,
          {
            boardId: updated.boardId,
            taskId: updated.id,
            before: customFieldsForEvent(fields, plan.before),
            after: customFieldsForEvent(fields, plan.after),
          },
          { organizationId: updated.organizationId, actor },
        );
        changed = true;
        return updated;
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

  /**
   * Values for a task being created on `boardId`: validated, defaults filled in, required fields
   * enforced. Returns field id → value, written with the task.
   */
  async valuesForNewTask(
    boardId: string,
    values: readonly CustomFieldValueInput[],
  ): Promise<{ byFieldId: Map<string, unknown>; byKey: Record<string, unknown>; forEvent: CustomFieldsInEvent }> {
    if (values.length > MAX_VALUES_PER_CALL) throw badInput(`At most ${MAX_VALUES_PER_CALL} values at once`, 'values');
    const fields = (await this.store.fieldsOfBoards([boardId])).get(boardId) ?? [];
    const plan = planValues(
      fields.map((field) => ({ field, stored: null, hasValue: false })),
      values,
      'input.customFields',
    );
    const byFieldId = new Map(plan.set);
    const byKey: Record<string, unknown> = {};
    for (const field of fields) {
      if (!byFieldId.has(field.id) && field.defaultValue !== null) byFieldId.set(field.id, field.defaultValue);
      if (byFieldId.has(field.id)) byKey[field.key] = byFieldId.get(field.id);
    }
    return { byFieldId, byKey, forEvent: customFieldsForEvent(fields, byKey) };
  }

  private async requireInOrg(organizationId: string, id: string): Promise<CustomFieldRow> {
    const field = (await this.store.byIds([id])).get(id);
    if (!field || field.organizationId !== organizationId) throw notFound('CustomField', id);
    return field;
  }
}

/**
 * Custom-field values as an event carries them, split by who may see them: `customFields` the
 * values everyone who reads the task sees, `adminOnlyCustomFields` those only admins and owners see
 * (governance's timeline strips them for anyone else), `hiddenCustomFields` only the keys of changed
 * HIDDEN fields: their values never leave work.
 */
export type CustomFieldsInEvent = {
  customFields: Record<string, unknown>;
  adminOnlyCustomFields?: Record<string, unknown>;
  hiddenCustomFields?: string[];
};

export function customFieldsForEvent(
  fields: readonly Pick<CustomFieldRow, 'key' | 'visibility'>[],
  values: Record<string, unknown>,
): CustomFieldsInEvent {
  const visibility = new Map(fields.map((field) => [field.key, field.visibility]));
  const result: CustomFieldsInEvent = { customFields: {} };
  for (const [key, value] of Object.entries(values)) {
    const seenBy = visibility.get(key) ?? 'HIDDEN';
    if (seenBy === 'VISIBLE') result.customFields[key] = value;
    else if (seenBy === 'ADMIN_ONLY') result.adminOnlyCustomFields = { ...result.adminOnlyCustomFields, [key]: value };
    else result.hiddenCustomFields = [...(result.hiddenCustomFields ?? []), key];
  }
  return result;
}

function shown({ field, stored, hasValue }: TaskFieldValue): TaskCustomField {
  return { key: field.key, label: field.label, type: field.type, value: hasValue ? stored : field.defaultValue };
}

interface ValuePlan {
  set: Map<string, unknown>;
  clear: string[];
  changedKeys: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Validates `values` against the task's bound fields and what it holds now. */
function planValues(
  current: readonly TaskFieldValue[],
  values: readonly CustomFieldValueInput[],
  prefix = 'customFields',
): ValuePlan {
  const byKey = new Map(current.map((entry) => [entry.field.key, entry]));
  const plan: ValuePlan = { set: new Map(), clear: [], changedKeys: [], before: {}, after: {} };
  const seen = new Set<string>();
  const next = new Map(current.map((entry) => [entry.field.key, entry.hasValue ? entry.stored : null]));
  for (const { key, value } of values) {
    const field = `${prefix}.${key}`;
    if (seen.has(key)) throw badInput(`${field} is given twice`, field);
    seen.add(key);
    const entry = byKey.get(key);
    if (!entry) throw badInput(`${field} is not a custom field of this board`, field);
    const stored = value === null || value === undefined ? null : validateValue(entry.field, value, field);
    next.set(key, stored);
    const previous = entry.hasValue ? entry.stored : null;
    if (JSON.stringify(previous) === JSON.stringify(stored)) continue;
    plan.changedKeys.push(key);
    plan.before[key] = previous;
    plan.after[key] = stored;
    if (stored === null) plan.clear.push(entry.field.id);
    else plan.set.set(entry.field.id, stored);
  }
  for (const entry of current) {
    if (entry.field.required && next.get(entry.field.key) === null && entry.field.defaultValue === null) {
      const field = `${prefix}.${entry.field.key}`;
      throw badInput(`${field} is required on this board`, field);
    }
  }
  return plan;
}

/** Checks a definition's label, pattern and default against its type. */
function validateDefinition(input: CustomFieldInput, type: CustomFieldType, pattern?: string | null): CustomFieldPatch {
  const patch: CustomFieldPatch = {};
  if (input.label != null) patch.label = requireText(input.label, 'input.label', LABEL_MAX);
  if (input.required != null) patch.required = input.required;
  if (input.visibility != null) patch.visibility = input.visibility;
  if (input.pattern !== undefined) {
    patch.pattern =
      input.pattern === null || input.pattern === '' ? null : validatePattern(input.pattern, type, 'input.pattern');
  }
  if (input.defaultValue !== undefined) {
    const effective = patch.pattern !== undefined ? patch.pattern : (pattern ?? null);
    patch.defaultValue =
      input.defaultValue === null
        ? null
        : validateValue({ type, pattern: effective }, input.defaultValue, 'input.defaultValue');
  }
  return patch;
}

const keyConflict = (key: string) =>
  conflict(`A custom field with the key "${key}" already exists`, { field: 'input.key' });

function rethrowConflict(error: unknown, key: string): never {
  if (uniqueViolation(error) !== null) throw keyConflict(key);
  throw error;
}
