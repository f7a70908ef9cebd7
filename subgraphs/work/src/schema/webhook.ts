/**
 * `BoardWebhook`, `WebhookDelivery`, `Board.webhooks`, the definition mutations (secrets only in
 * their results) and the router's internal `_ingestWebhook` (inaccessible, system scope).
 */
import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { BoardRow } from '../db/board-store.ts';
import type { DeliveryRow, WebhookRow } from '../db/webhook-store.ts';
import type { IngestOutcome, WebhookWithSecret } from '../services/webhook-service.ts';
import { BoardRef } from './board.ts';
import { JsonScalar } from './json.ts';

const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  values: {
    PENDING: { description: 'Stored, not handed to an agent yet (retrying while no agent can take it)' },
    DELIVERED: { description: 'Handed to the target agent' },
    FAILED: { description: 'No agent could take it after the last attempt' },
  } as const,
});

const WebhookDeliveryRef = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  description: 'A payload received by a webhook and its hand-off to an agent',
  fields: (t) => ({
    id: t.exposeID('id'),
    contentType: t.exposeString('contentType', { nullable: true }),
    body: t.exposeString('body', { description: 'The raw body as received' }),
    status: t.field({ type: WebhookDeliveryStatusEnum, resolve: (delivery) => delivery.status }),
    attempts: t.exposeInt('attempts', { description: 'Delivery attempts made so far' }),
    targetAgentId: t.exposeID('targetAgentId', { nullable: true, description: 'The agent it was handed to' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    receivedAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const WebhookDeliveryEdge = builder.objectRef<{ cursor: string; node: DeliveryRow }>('WebhookDeliveryEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: WebhookDeliveryRef, resolve: (edge) => edge.node }),
  }),
});

const WebhookDeliveryConnection = builder.objectRef<Connection<DeliveryRow>>('WebhookDeliveryConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [WebhookDeliveryEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [WebhookDeliveryRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const BoardWebhookRef = builder.objectRef<WebhookRow>('BoardWebhook').implement({
  description: 'An inbound webhook of a board; its payloads go to an agent (its secret is never readable)',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    targetAgentId: t.exposeID('targetAgentId', { nullable: true, description: "Null: the board's lead" }),
    signatureHeader: t.exposeString('signatureHeader'),
    requireSignature: t.exposeBoolean('requireSignature'),
    enabled: t.exposeBoolean('enabled'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deliveries: t.loadable({
      type: WebhookDeliveryConnection,
      description: 'Received payloads, oldest first',
      args: {
        first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
        after: t.arg.string({ required: false }),
      },
      byPath: true,
      load: (ids: string[], context: WorkContext, args: { first?: number | null; after?: string | null }) =>
        context.services.webhooks.deliveryPages(ids, args),
      resolve: (webhook: WebhookRow) => webhook.id,
    }),
  }),
});

const BoardWebhookSecretRef = builder.objectRef<WebhookWithSecret>('BoardWebhookWithSecret').implement({
  description: 'A webhook with what is shown only once',
  fields: (t) => ({
    webhook: t.field({ type: BoardWebhookRef, resolve: (result) => result.webhook }),
    ingestUrl: t.exposeString('ingestUrl', { description: 'Path to POST payloads to, on the router' }),
    secret: t.exposeString('secret', {
      nullable: true,
      description: 'The HMAC-SHA256 key: at creation and rotation only, never again',
    }),
  }),
});

const DeleteBoardWebhookPayload = builder
  .objectRef<{ deletedWebhookId: string }>('DeleteBoardWebhookPayload')
  .implement({ fields: (t) => ({ deletedWebhookId: t.exposeID('deletedWebhookId') }) });

const CreateBoardWebhookInput = builder.inputType('CreateBoardWebhookInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    targetAgentId: t.id({ required: false, description: "The agent receiving payloads (default: the board's lead)" }),
    signatureHeader: t.string({
      required: false,
      description: 'Header carrying the signature (default x-mc-signature)',
    }),
    requireSignature: t.boolean({ required: true }),
  }),
});

const UpdateBoardWebhookInput = builder.inputType('UpdateBoardWebhookInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    targetAgentId: t.id({ required: false, description: "Null: the board's lead; omitted: unchanged" }),
    enabled: t.boolean({ required: false }),
    signatureHeader: t.string({ required: false }),
    requireSignature: t.boolean({ required: false }),
    rotateSecret: t.boolean({ required: false, description: 'Replaces the secret; the new one is returned once' }),
  }),
});

builder.objectFields(BoardRef, (t) => ({
  webhooks: t.loadableGroup({
    type: BoardWebhookRef,
    description: "The board's inbound webhooks, oldest first (without secrets)",
    load: async (ids: string[], context: WorkContext) => (await context.services.webhooks.byBoards(ids)).flat(),
    group: (webhook: WebhookRow) => webhook.boardId,
    resolve: (board: BoardRow) => board.id,
  }),
}));

const IngestResultRef = builder
  .objectRef<{ outcome: IngestOutcome; deliveryId: string | null }>('_WebhookIngest')
  .implement({
    inaccessible: true,
    fields: (t) => ({
      outcome: t.exposeString('outcome', { description: 'ACCEPTED, NOT_FOUND, GONE or FORBIDDEN' }),
      deliveryId: t.exposeID('deliveryId', { nullable: true }),
    }),
  });

builder.mutationFields((t) => ({
  createBoardWebhook: t.field({
    type: BoardWebhookSecretRef,
    description: 'Creates an inbound webhook (people with write access to the board); returns its secret once',
    authScopes: { user: true },
    errors: {},
    args: { boardId: t.arg.id(), input: t.arg({ type: CreateBoardWebhookInput }) },
    resolve: (_root, args, context) => context.services.webhooks.create(context.identity, args.boardId, args.input),
  }),
  updateBoardWebhook: t.field({
    type: BoardWebhookSecretRef,
    description: 'Changes a webhook (people with write access to its board); a rotated secret is returned once',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateBoardWebhookInput }) },
    resolve: (_root, args, context) => context.services.webhooks.update(context.identity, args.id, args.input),
  }),
  deleteBoardWebhook: t.field({
    type: DeleteBoardWebhookPayload,
    description: 'Deletes a webhook and its stored payloads (people with write access to its board)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: async (_root, args, context) => ({
      deletedWebhookId: await context.services.webhooks.delete(context.identity, args.id),
    }),
  }),
  _ingestWebhook: t.field({
    type: IngestResultRef,
    inaccessible: true,
    authScopes: { system: true },
    args: {
      id: t.arg.string(),
      body: t.arg.string(),
      contentType: t.arg.string({ required: false }),
      signature: t.arg.string({ required: false }),
      headers: t.arg({ type: JsonScalar, required: false }),
    },
    resolve: (_root, args, context) =>
      context.services.webhooks.ingest({
        id: args.id,
        body: args.body,
        contentType: args.contentType,
        signature: args.signature,
        headers: isRecord(args.headers) ? args.headers : null,
      }),
  }),
}));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
