/** SQL for board webhooks and their deliveries: batched lists per board, keyset pages per webhook. */
import type { CursorPosition, Database } from '@mc/kit';
import { and, asc, eq, inArray, ne, notLike } from 'drizzle-orm';
import { pagesPerParent } from './keyset.ts';
import { boardWebhooks, webhookDeliveries } from './tables.ts';

export type WebhookRow = typeof boardWebhooks.$inferSelect;
export type NewWebhook = typeof boardWebhooks.$inferInsert;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type NewDelivery = typeof webhookDeliveries.$inferInsert;

export class WebhookStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async byIds(ids: readonly string[]): Promise<Map<string, WebhookRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(boardWebhooks)
      .where(inArray(boardWebhooks.id, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Each board's webhooks, oldest first: one statement. */
  async byBoards(boardIds: readonly string[]): Promise<Map<string, WebhookRow[]>> {
    const result = new Map<string, WebhookRow[]>(boardIds.map((id) => [id, []]));
    if (boardIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(boardWebhooks)
      .where(inArray(boardWebhooks.boardId, [...boardIds]))
      .orderBy(asc(boardWebhooks.createdAt), asc(boardWebhooks.id));
    for (const row of rows) result.get(row.boardId)?.push(row);
    return result;
  }

  async create(values: NewWebhook): Promise<WebhookRow> {
    const [row] = await this.db.insert(boardWebhooks).values(values).returning();
    return row;
  }

  async update(id: string, values: Partial<NewWebhook>): Promise<WebhookRow | undefined> {
    const [row] = await this.db
      .update(boardWebhooks)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(boardWebhooks.id, id))
      .returning();
    return row;
  }

  /** Webhooks whose secret is not sealed yet (`v1.` is the secret box's prefix; clear ones start `whsec_`). */
  async withClearSecrets(): Promise<{ id: string; secret: string }[]> {
    return this.db
      .select({ id: boardWebhooks.id, secret: boardWebhooks.secret })
      .from(boardWebhooks)
      .where(notLike(boardWebhooks.secret, 'v1.%'));
  }

  /** Every webhook's stored secret (a key rotation reseals them all). */
  async allSecrets(): Promise<{ id: string; secret: string }[]> {
    return this.db.select({ id: boardWebhooks.id, secret: boardWebhooks.secret }).from(boardWebhooks);
  }

  /** Replaces a secret unless it changed meanwhile (a rotation wins); false when it did. */
  async replaceSecret(id: string, expected: string, replacement: string): Promise<boolean> {
    const rows = await this.db
      .update(boardWebhooks)
      .set({ secret: replacement })
      .where(and(eq(boardWebhooks.id, id), eq(boardWebhooks.secret, expected)))
      .returning({ id: boardWebhooks.id });
    return rows.length > 0;
  }

  /** False when it was already gone. */
  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(boardWebhooks)
      .where(eq(boardWebhooks.id, id))
      .returning({ id: boardWebhooks.id });
    return rows.length > 0;
  }

  /** For each webhook, its first `limit` deliveries after `after`, oldest first: one statement. */
  async deliveryPages(
    webhookIds: readonly string[],
    after: CursorPosition | undefined,
    limit: number,
  ): Promise<Map<string, DeliveryRow[]>> {
    return pagesPerParent({
      db: this.db,
      table: webhookDeliveries,
      parent: webhookDeliveries.webhookId,
      parentOf: (row) => row.webhookId,
      parentIds: webhookIds,
      after,
      limit,
    });
  }

  async delivery(id: string): Promise<DeliveryRow | undefined> {
    const [row] = await this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    return row;
  }

  async createDelivery(values: NewDelivery): Promise<DeliveryRow> {
    const [row] = await this.db.insert(webhookDeliveries).values(values).returning();
    return row;
  }

  /** Marks a delivery done unless it already is; undefined when it was (so its event is recorded once). */
  async markDelivered(id: string, targetAgentId: string, attempts: number): Promise<DeliveryRow | undefined> {
    const [row] = await this.db
      .update(webhookDeliveries)
      .set({ status: 'DELIVERED', targetAgentId, attempts, lastError: null, deliveredAt: new Date() })
      .where(and(eq(webhookDeliveries.id, id), ne(webhookDeliveries.status, 'DELIVERED')))
      .returning();
    return row;
  }

  async markAttemptFailed(id: string, attempts: number, error: string, final: boolean): Promise<void> {
    await this.db
      .update(webhookDeliveries)
      .set({ attempts, lastError: error, ...(final ? { status: 'FAILED' as const } : {}) })
      .where(and(eq(webhookDeliveries.id, id), ne(webhookDeliveries.status, 'DELIVERED')));
  }
}
