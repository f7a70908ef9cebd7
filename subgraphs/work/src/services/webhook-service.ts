/**
 * Inbound board webhooks. People with write access to a board define them (the secret is shown only
 * at creation and rotation and kept sealed with the runtime's secret box: the HMAC needs it in clear,
 * so it is encrypted, not hashed); the router hands raw payloads to `ingest` (system scope), which
 * checks the signature before anything else about the webhook, stores the payload and queues its
 * delivery; `deliver`
 * (the `webhook-deliveries` job) hands it to the mapped agent or the board's lead through the
 * durable `webhookDelivered` event. Another organization's ids are NOT_FOUND.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  badInput,
  byCreation,
  type Connection,
  decodeCursor,
  type Identity,
  isUuid,
  type Job,
  type JobQueue,
  notFound,
  parseFirst,
  parseId,
  requireBoardAccess,
  requireText,
  type SecretBox,
  SecretBoxError,
  toConnection,
} from '@mc/kit';
import type { BoardStore } from '../db/board-store.ts';
import { type DeliveryRow, type WebhookRow, WebhookStore } from '../db/webhook-store.ts';
import { workEvents } from '../domain-events.ts';
import { actorOf } from '../events.ts';
import { type Changes, pick } from './changes.ts';

export const WEBHOOK_QUEUE = 'webhook-deliveries';
export const DEFAULT_SIGNATURE_HEADER = 'x-mc-signature';
const HEADER_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

export interface DeliveryJob {
  deliveryId: string;
}

export interface WebhookSettings {
  attempts: number;
  backoffMs: number;
}

export interface CreateWebhookInput {
  name: string;
  targetAgentId?: string | null;
  signatureHeader?: string | null;
  requireSignature: boolean;
}

export interface UpdateWebhookInput {
  name?: string | null;
  /** Omitted keeps the target; null delivers to the board's lead. */
  targetAgentId?: string | null;
  enabled?: boolean | null;
  signatureHeader?: string | null;
  requireSignature?: boolean | null;
  rotateSecret?: boolean | null;
}

/** A webhook with what is shown once: its secret (creation, rotation) and ingest path. */
export interface WebhookWithSecret {
  webhook: WebhookRow;
  ingestUrl: string;
  secret: string | null;
}

export type IngestOutcome = 'ACCEPTED' | 'NOT_FOUND' | 'GONE' | 'FORBIDDEN';

export interface IngestInput {
  id: string;
  body: string;
  contentType?: string | null;
  signature?: string | null;
  /** Request headers (lower-case names): the webhook's own signature header is read from them. */
  headers?: Record<string, unknown> | null;
}

export class WebhookService {
  private readonly store: WebhookStore;
  private readonly boards: BoardStore;
  private readonly changes: Changes;
  private readonly queue: JobQueue<DeliveryJob>;
  private readonly settings: WebhookSettings;
  private readonly secrets: SecretBox;

  constructor(
    store: WebhookStore,
    boards: BoardStore,
    changes: Changes,
    queue: JobQueue<DeliveryJob>,
    settings: WebhookSettings,
    secrets: SecretBox,
  ) {
    this.store = store;
    this.boards = boards;
    this.changes = changes;
    this.queue = queue;
    this.settings = settings;
    this.secrets = secrets;
  }

  /**
   * Seals secrets still stored in clear (rows written before they were encrypted at rest) and, while
   * a key rotation is under way (`SECRETS_KEY_PREVIOUS`), reseals those sealed with an old key. Runs
   * at start, before serving; idempotent (sealed values are recognised by their `v1.` prefix). A
   * secret no configured key opens is left as it is and counted: its webhook needs a new secret.
   */
  async sealSecretsAtRest(): Promise<{ sealed: number; unreadable: number }> {
    const rows = this.secrets.rotating ? await this.store.allSecrets() : await this.store.withClearSecrets();
    const result = { sealed: 0, unreadable: 0 };
    for (const { id, secret } of rows) {
      let next: string | null;
      try {
        next = isSealed(secret) ? this.secrets.reseal(secret) : this.secrets.seal(secret);
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
        result.unreadable += 1;
        continue;
      }
      if (next && (await this.store.replaceSecret(id, secret, next))) result.sealed += 1;
    }
    return result;
  }

  /** Starts the `webhook-deliveries` processor. */
  startDelivering(): void {
    this.queue.process((job) => this.deliver(job), { concurrency: 4 });
  }

  /** `Board.webhooks` batch (the board is already access-checked). */
  async byBoards(boardIds: readonly string[]): Promise<WebhookRow[][]> {
    const lists = await this.store.byBoards(boardIds);
    return boardIds.map((id) => lists.get(id) ?? []);
  }

  /** `BoardWebhook.deliveries` batch. */
  async deliveryPages(
    webhookIds: readonly string[],
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<DeliveryRow>[]> {
    const limit = parseFirst(args.first);
    const pages = await this.store.deliveryPages(webhookIds, decodeCursor(args.after), limit + 1);
    return webhookIds.map((id) => toConnectionOf(pages.get(id) ?? [], limit));
  }

  async create(identity: Identity, boardId: string, input: CreateWebhookInput): Promise<WebhookWithSecret> {
    const board = await this.writableBoard(identity, parseId(boardId, 'boardId'));
    const secret = newSecret();
    const values = {
      organizationId: board.organizationId,
      boardId: board.id,
      name: requireText(input.name, 'input.name'),
      targetAgentId: input.targetAgentId ? parseId(input.targetAgentId, 'input.targetAgentId') : null,
      signatureHeader: parseHeader(input.signatureHeader),
      requireSignature: input.requireSignature,
      secret: this.secrets.seal(secret),
    };
    const webhook = await this.changes.run(async (tx, record) => {
      const created = await new WebhookStore(tx).create(values);
      await record(
        workEvents.webhookCreated,
        { ...webhookTarget(created), before: null, after: pick(created, WEBHOOK_EVENT_KEYS) },
        { organizationId: created.organizationId, actor: actorOf(identity) },
      );
      return created;
    });
    return { webhook, ingestUrl: ingestPath(webhook.id), secret };
  }

  async update(identity: Identity, id: string, input: UpdateWebhookInput): Promise<WebhookWithSecret> {
    const current = await this.writableWebhook(identity, id);
    const secret = input.rotateSecret ? newSecret() : null;
    const patch = {
      ...(input.name != null ? { name: requireText(input.name, 'input.name') } : {}),
      ...(input.targetAgentId !== undefined
        ? { targetAgentId: input.targetAgentId ? parseId(input.targetAgentId, 'input.targetAgentId') : null }
        : {}),
      ...(input.enabled != null ? { enabled: input.enabled } : {}),
      ...(input.signatureHeader != null ? { signatureHeader: parseHeader(input.signatureHeader) } : {}),
      ...(input.requireSignature != null ? { requireSignature: input.requireSignature } : {}),
    };
    const keys = Object.keys(patch);
    const webhook = await this.changes.run(async (tx, record) => {
      const updated = await new WebhookStore(tx).update(current.id, {
        ...patch,
        ...(secret ? { secret: this.secrets.seal(secret) } : {}),
      });
      if (!updated || (keys.length === 0 && !secret)) return updated;
      // The secret itself never goes in an event: only that it was rotated.
      const rotated = secret ? { secretRotated: true } : {};
      await record(
        workEvents.webhookUpdated,
        {
          ...webhookTarget(updated),
          before: pick(current, keys),
          after: { ...pick(updated, keys), ...rotated },
        },
        { organizationId: updated.organizationId, actor: actorOf(identity) },
      );
      return updated;
    });
    if (!webhook) throw notFound('Webhook', current.id);
    return { webhook, ingestUrl: ingestPath(webhook.id), secret };
  }

  async delete(identity: Identity, id: string): Promise<string> {
    const webhook = await this.writableWebhook(identity, id);
    const deleted = await this.changes.run(async (tx, record) => {
      if (!(await new WebhookStore(tx).delete(webhook.id))) return false;
      await record(
        workEvents.webhookDeleted,
        { ...webhookTarget(webhook), before: pick(webhook, WEBHOOK_EVENT_KEYS), after: null },
        { organizationId: webhook.organizationId, actor: actorOf(identity) },
      );
      return true;
    });
    if (!deleted) throw notFound('Webhook', webhook.id);
    return webhook.id;
  }

  /** The router's ingest: checks the webhook and signature, stores the payload, queues its delivery. */
  async ingest(input: IngestInput): Promise<{ outcome: IngestOutcome; deliveryId: string | null }> {
    if (!isUuid(input.id)) return { outcome: 'NOT_FOUND', deliveryId: null };
    const id = input.id.toLowerCase();
    const webhook = (await this.store.byIds([id])).get(id);
    if (!webhook) return { outcome: 'NOT_FOUND', deliveryId: null };
    // The signature is checked first: a caller without the secret learns nothing of the webhook's state.
    const fromHeaders = input.headers?.[webhook.signatureHeader];
    const signature = input.signature ?? (typeof fromHeaders === 'string' ? fromHeaders : null);
    if (webhook.requireSignature && !verifySignature(this.clearSecret(webhook), input.body, signature)) {
      return { outcome: 'FORBIDDEN', deliveryId: null };
    }
    if (!webhook.enabled) return { outcome: 'GONE', deliveryId: null };
    const delivery = await this.store.createDelivery({
      organizationId: webhook.organizationId,
      boardId: webhook.boardId,
      webhookId: webhook.id,
      contentType: input.contentType?.slice(0, 200) ?? null,
      body: input.body,
    });
    await this.queue.add(
      { deliveryId: delivery.id },
      { id: delivery.id, attempts: this.settings.attempts, backoffMs: this.settings.backoffMs },
    );
    return { outcome: 'ACCEPTED', deliveryId: delivery.id };
  }

  /** One delivery attempt: throws (so the queue retries) while no agent can take the payload. */
  async deliver(job: Job<DeliveryJob>): Promise<void> {
    const delivery = await this.store.delivery(job.data.deliveryId);
    if (!delivery || delivery.status === 'DELIVERED') return;
    const webhook = (await this.store.byIds([delivery.webhookId])).get(delivery.webhookId);
    const board = (await this.boards.byIds([delivery.boardId])).get(delivery.boardId);
    if (!webhook || !board) return;
    const targetAgentId = webhook.targetAgentId ?? board.leadAgentId;
    if (!targetAgentId) {
      const final = job.attempt >= this.settings.attempts;
      await this.store.markAttemptFailed(delivery.id, job.attempt, 'NO_TARGET', final);
      throw new Error('NO_TARGET: the webhook has no agent and the board no lead');
    }
    await this.changes.run(async (tx, record) => {
      const done = await new WebhookStore(tx).markDelivered(delivery.id, targetAgentId, job.attempt);
      if (!done) return;
      await record(
        workEvents.webhookDelivered,
        {
          boardId: delivery.boardId,
          webhookId: delivery.webhookId,
          deliveryId: delivery.id,
          targetAgentId,
          contentType: delivery.contentType,
          body: delivery.body,
        },
        { organizationId: delivery.organizationId, actor: actorOf({ kind: 'system', service: 'work' }) },
      );
    });
  }

  /** The HMAC key; a value still in clear (written by an older process during a rollout) is used as is. */
  private clearSecret(webhook: WebhookRow): string {
    return isSealed(webhook.secret) ? this.secrets.open(webhook.secret) : webhook.secret;
  }

  private async writableBoard(identity: Identity, id: string) {
    const board = (await this.boards.byIds([id])).get(id);
    if (!board) throw notFound('Board', id);
    requireBoardAccess(identity, board, 'write');
    return board;
  }

  private async writableWebhook(identity: Identity, rawId: string): Promise<WebhookRow> {
    const id = parseId(rawId);
    const webhook = (await this.store.byIds([id])).get(id);
    if (!webhook) throw notFound('Webhook', id);
    const board = (await this.boards.byIds([webhook.boardId])).get(webhook.boardId);
    if (!board) throw notFound('Webhook', id);
    try {
      requireBoardAccess(identity, board, 'write');
    } catch (error) {
      // Another organization's webhook is unknown, like a random id.
      if ((error as { code?: string }).code === 'NOT_FOUND') throw notFound('Webhook', id);
      throw error;
    }
    return webhook;
  }
}

function toConnectionOf(rows: DeliveryRow[], limit: number): Connection<DeliveryRow> {
  return toConnection(rows, limit, byCreation);
}

export const ingestPath = (id: string) => `/webhooks/${id}`;

/** What a webhook's events show (never the secret). */
const WEBHOOK_EVENT_KEYS = ['name', 'targetAgentId', 'signatureHeader', 'requireSignature', 'enabled'] as const;

const webhookTarget = (webhook: WebhookRow) => ({ boardId: webhook.boardId, webhookId: webhook.id });

const isSealed = (stored: string) => stored.startsWith(SEALED_PREFIX);
export const SEALED_PREFIX = 'v1.';

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

function parseHeader(value: string | null | undefined): string {
  const header = (value ?? DEFAULT_SIGNATURE_HEADER).trim().toLowerCase();
  if (!HEADER_PATTERN.test(header))
    throw badInput('signatureHeader is not a valid header name', 'input.signatureHeader');
  return header;
}

/** HMAC-SHA256 hex of the raw body, bare or as `sha256=<hex>`, compared in constant time. */
export function verifySignature(secret: string, body: string, signature: string | null | undefined): boolean {
  if (!signature) return false;
  const given = signature
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
