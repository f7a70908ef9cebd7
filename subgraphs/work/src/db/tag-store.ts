/** SQL for tags and their attachment to tasks. */
import type { Database } from '@mc/kit';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { tags, tasks, taskTags } from './tables.ts';

export type TagRow = typeof tags.$inferSelect;
export type NewTag = typeof tags.$inferInsert;
export type TagPatch = Partial<Pick<TagRow, 'name' | 'slug' | 'color'>>;

export class TagStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, TagRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(tags)
      .where(inArray(tags.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async listByOrganization(organizationId: string): Promise<TagRow[]> {
    return this.db
      .select()
      .from(tags)
      .where(eq(tags.organizationId, organizationId))
      .orderBy(asc(tags.slug), asc(tags.id));
  }

  async slugTaken(organizationId: string, slug: string, exceptId?: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: tags.id })
      .from(tags)
      .where(
        and(eq(tags.organizationId, organizationId), eq(tags.slug, slug), exceptId ? ne(tags.id, exceptId) : undefined),
      );
    return rows.length > 0;
  }

  async create(values: NewTag): Promise<TagRow> {
    const [row] = await this.db.insert(tags).values(values).returning();
    return row;
  }

  async update(id: string, patch: TagPatch): Promise<TagRow | undefined> {
    const [row] = await this.db
      .update(tags)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(tags.id, id))
      .returning();
    return row;
  }

  /**
   * Before a tag is deleted: bumps the version of every task carrying it (one statement) and
   * returns them, for the `taskUpdated` each one records.
   */
  async bumpTasksCarrying(tagId: string): Promise<{ id: string; boardId: string; organizationId: string }[]> {
    return this.db
      .update(tasks)
      .set({ version: sql`${tasks.version} + 1`, updatedAt: new Date() })
      .where(inArray(tasks.id, this.db.select({ id: taskTags.taskId }).from(taskTags).where(eq(taskTags.tagId, tagId))))
      .returning({ id: tasks.id, boardId: tasks.boardId, organizationId: tasks.organizationId });
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(tags).where(eq(tags.id, id)).returning({ id: tags.id });
    return rows.length > 0;
  }

  /** For each task, its tags by slug. */
  async tagsOfTasks(taskIds: readonly string[]): Promise<Map<string, TagRow[]>> {
    const result = new Map<string, TagRow[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return result;
    const rows = await this.db
      .select({ taskId: taskTags.taskId, tag: tags })
      .from(taskTags)
      .innerJoin(tags, eq(tags.id, taskTags.tagId))
      .where(inArray(taskTags.taskId, [...taskIds]))
      .orderBy(asc(tags.slug), asc(tags.id));
    for (const row of rows) result.get(row.taskId)?.push(row.tag);
    return result;
  }

  /** Attaching twice is a no-op. */
  async attach(taskId: string, tagIds: readonly string[]): Promise<void> {
    if (tagIds.length === 0) return;
    await this.db
      .insert(taskTags)
      .values(tagIds.map((tagId) => ({ taskId, tagId })))
      .onConflictDoNothing();
  }

  async detach(taskId: string, tagIds: readonly string[]): Promise<void> {
    if (tagIds.length === 0) return;
    await this.db.delete(taskTags).where(and(eq(taskTags.taskId, taskId), inArray(taskTags.tagId, [...tagIds])));
  }
}
