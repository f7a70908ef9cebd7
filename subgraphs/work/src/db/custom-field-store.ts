/** SQL for custom-field definitions, their binding to boards and the values tasks hold. */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { boardCustomFields, customFields, taskCustomFieldValues, tasks } from './tables.ts';

export type CustomFieldRow = typeof customFields.$inferSelect;
export type NewCustomField = typeof customFields.$inferInsert;
export type CustomFieldType = CustomFieldRow['type'];
export type CustomFieldPatch = Partial<
  Pick<CustomFieldRow, 'label' | 'required' | 'defaultValue' | 'pattern' | 'visibility'>
>;

/** A bound field of a task's board with the task's stored value (undefined when none). */
export interface TaskFieldValue {
  field: CustomFieldRow;
  stored: unknown;
  hasValue: boolean;
}

export class CustomFieldStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, CustomFieldRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(customFields)
      .where(inArray(customFields.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async listByOrganization(organizationId: string): Promise<CustomFieldRow[]> {
    return this.db
      .select()
      .from(customFields)
      .where(eq(customFields.organizationId, organizationId))
      .orderBy(asc(customFields.key), asc(customFields.id));
  }

  async keyTaken(organizationId: string, key: string, exceptId?: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: customFields.id })
      .from(customFields)
      .where(
        and(
          eq(customFields.organizationId, organizationId),
          eq(customFields.key, key),
          exceptId ? ne(customFields.id, exceptId) : undefined,
        ),
      );
    return rows.length > 0;
  }

  async create(values: NewCustomField): Promise<CustomFieldRow> {
    const [row] = await this.db.insert(customFields).values(values).returning();
    return row;
  }

  async update(id: string, patch: CustomFieldPatch): Promise<CustomFieldRow | undefined> {
    const [row] = await this.db
      .update(customFields)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(customFields.id, id))
      .returning();
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(customFields).where(eq(customFields.id, id)).returning({ id: customFields.id });
    return rows.length > 0;
  }

  /** Binding twice is a no-op; true when this call bound it. */
  async bind(boardId: string, fieldId: string): Promise<boolean> {
    const rows = await this.db
      .insert(boardCustomFields)
      .values({ boardId, fieldId })
      .onConflictDoNothing()
      .returning({ fieldId: boardCustomFields.fieldId });
    return rows.length > 0;
  }

  /** True when this call unbound it. */
  async unbind(boardId: string, fieldId: string): Promise<boolean> {
    const rows = await this.db
      .delete(boardCustomFields)
      .where(and(eq(boardCustomFields.boardId, boardId), eq(boardCustomFields.fieldId, fieldId)))
      .returning({ fieldId: boardCustomFields.fieldId });
    return rows.length > 0;
  }

  /** For each board, the fields bound to it, by key. */
  async fieldsOfBoards(boardIds: readonly string[]): Promise<Map<string, CustomFieldRow[]>> {
    const result = new Map<string, CustomFieldRow[]>(boardIds.map((id) => [id, []]));
    if (boardIds.length === 0) return result;
    const rows = await this.db
      .select({ boardId: boardCustomFields.boardId, field: customFields })
      .from(boardCustomFields)
      .innerJoin(customFields, eq(customFields.id, boardCustomFields.fieldId))
      .where(inArray(boardCustomFields.boardId, [...boardIds]))
      .orderBy(asc(customFields.key), asc(customFields.id));
    for (const row of rows) result.get(row.boardId)?.push(row.field);
    return result;
  }

  /** For each task, the fields bound to its board with its stored values: one statement. */
  async valuesOfTasks(taskIds: readonly string[]): Promise<Map<string, TaskFieldValue[]>> {
    const result = new Map<string, TaskFieldValue[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return result;
    const rows = await this.db
      .select({
        taskId: tasks.id,
        field: customFields,
        value: taskCustomFieldValues.value,
        hasValue: sql<boolean>`${taskCustomFieldValues.taskId} is not null`,
      })
      .from(tasks)
      .innerJoin(boardCustomFields, eq(boardCustomFields.boardId, tasks.boardId))
      .innerJoin(customFields, eq(customFields.id, boardCustomFields.fieldId))
      .leftJoin(
        taskCustomFieldValues,
        and(eq(taskCustomFieldValues.taskId, tasks.id), eq(taskCustomFieldValues.fieldId, customFields.id)),
      )
      .where(inArray(tasks.id, [...taskIds]))
      .orderBy(asc(customFields.key), asc(customFields.id));
    for (const row of rows) {
      result.get(row.taskId)?.push({ field: row.field, stored: row.value, hasValue: Boolean(row.hasValue) });
    }
    return result;
  }

  /** Upserts the values of one task (field id → JSON value). */
  async setValues(taskId: string, values: ReadonlyMap<string, unknown>): Promise<void> {
    if (values.size === 0) return;
    const rows = [...values].map(([fieldId, value]) => ({ taskId, fieldId, value }));
    await this.db
      .insert(taskCustomFieldValues)
      .values(rows)
      .onConflictDoUpdate({
        target: [taskCustomFieldValues.taskId, taskCustomFieldValues.fieldId],
        set: { value: sql`excluded.value`, updatedAt: new Date() },
      });
  }

  /** Removes values of one task (`null` in the input clears a value). */
  async clearValues(taskId: string, fieldIds: readonly string[]): Promise<void> {
    if (fieldIds.length === 0) return;
    await this.db
      .delete(taskCustomFieldValues)
      .where(and(eq(taskCustomFieldValues.taskId, taskId), inArray(taskCustomFieldValues.fieldId, [...fieldIds])));
  }
}
