/**
 * Board webhooks: definitions (who may, secrets shown once, never read back and sealed at rest, tenant
 * isolation), the router's internal ingest (404/403/410/accepted, the signature checked before the
 * webhook's state), clear secrets of earlier versions sealed at start, delivery to the mapped agent or the lead with
 * one durable `webhookDelivered` event, NO_TARGET retries ending in FAILED, cascades on delete.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { DomainEvent, Identity } from '@mc/kit';
import { DATABASE_KINDS, executeAs, startTestSubgraph, type TestSubgraph } from '@mc/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkContext } from '../src/context.ts';
import type { WebhookDelivered, WorkChange } from '../src/domain-events.ts';
import { workModule } from '../src/index.ts';
import { codes, createBoard, DELETE_BOARD, makeOrg, UPDATE_BOARD } from './fixtures.ts';

// Fast retries for these tests (read by work's env at start).
process.env.WEBHOOK_DELIVERY_ATTEMPTS = '3';
process.env.WEBHOOK_DELIVERY_BACKOFF_MS = '20';

const WEBHOOK_FIELDS = 'id name targetAgentId signatureHeader requireSignature enabled';
const CREATE = `mutation($boardId: ID!, $input: CreateBoardWebhookInput!) { createBoardWebhook(boardId: $boardId, input: $input) {
  __typename ... on BoardWebhookWithSecret { ingestUrl secret webhook { ${WEBHOOK_FIELDS} } } ... on DomainError { code field } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateBoardWebhookInput!) { updateBoardWebhook(id: $id, input: $input) {
  __typename ... on BoardWebhookWithSecret { secret webhook { ${WEBHOOK_FIELDS} } } ... on DomainError { code field } } }`;
const DELETE = `mutation($id: ID!) { deleteBoardWebhook(id: $id) {
  __typename ... on DeleteBoardWebhookPayload { deletedWebhookId } ... on DomainError { code } } }`;
const WEBHOOKS = `query($id: ID!) { board(id: $id) { webhooks { ${WEBHOOK_FIELDS}
  deliveries(first: 50) { nodes { id status attempts targetAgentId contentType body lastError } } } } }`;
const INGEST = `mutation($id: String!, $body: String!, $signature: String, $headers: JSON, $contentType: String) {
  _ingestWebhook(id: $id, body: $body, signature: $signature, headers: $headers, contentType: $contentType) { outcome deliveryId } }`;

const SYSTEM: Identity = { kind: 'system', service: 'router' };
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

describe.each(DATABASE_KINDS)('board webhooks on %s', (kind) => {
  let subgraph: TestSubgraph<WorkContext>;
  beforeAll(async () => {
    subgraph = await startTestSubgraph(workModule, kind);
  });
  afterAll(() => subgraph.close());

  const run = (...args: Parameters<typeof executeAs> extends [unknown, ...infer Rest] ? Rest : never) =>
    executeAs(subgraph.instance, ...args);

  const count = async (table: string, column: string, id: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} = ${id}`,
    );
    return (result as unknown as { rows: { n: number }[] }).rows[0].n;
  };

  const deliveredEvents = async (orgId: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${orgId} order by seq`,
    );
    return (result as unknown as { rows: { event: unknown }[] }).rows
      .map(
        (row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent<WebhookDelivered>,
      )
      .filter((event) => event.topic === 'work.webhookDelivered');
  };

  const setup = async (input: Record<string, unknown> = {}) => {
    const org = makeOrg();
    const board = await createBoard(subgraph.instance, org.owner);
    const created = await run(org.owner, CREATE, {
      boardId: board.id,
      input: { name: 'CI', requireSignature: true, ...input },
    });
    expect(created.errors).toBeUndefined();
    const result = created.data?.createBoardWebhook;
    expect(result.__typename).toBe('BoardWebhookWithSecret');
    return { org, board, webhook: result.webhook, secret: result.secret as string, ingestUrl: result.ingestUrl };
  };

  const ingest = async (id: string, body: string, extra: Record<string, unknown> = {}) => {
    const result = await run(SYSTEM, INGEST, { id, body, ...extra });
    expect(result.errors).toBeUndefined();
    return result.data?._ingestWebhook as { outcome: string; deliveryId: string | null };
  };

  const deliveries = async (caller: Identity, boardId: string) => {
    const result = await run(caller, WEBHOOKS, { id: boardId });
    expect(result.errors).toBeUndefined();
    return result.data?.board.webhooks[0].deliveries.nodes as Record<string, unknown>[];
  };

  it('creates webhooks for writers only, shows the secret once and never in reads', async () => {
    const { org, board, webhook, secret, ingestUrl } = await setup();
    expect(secret).toMatch(/^whsec_/);
    expect(ingestUrl).toBe(`/webhooks/${webhook.id}`);
    expect(webhook).toMatchObject({
      name: 'CI',
      targetAgentId: null,
      signatureHeader: 'x-mc-signature',
      enabled: true,
    });
    const read = await run(org.owner, WEBHOOKS, { id: board.id });
    expect(JSON.stringify(read.data)).not.toContain(secret);
    expect(read.data?.board.webhooks).toHaveLength(1);

    const reader = org.as('MEMBER', { boards: { [board.id]: 'read' } });
    const refused = await run(reader, CREATE, { boardId: board.id, input: { name: 'x', requireSignature: false } });
    expect(codes(refused)).toContain('FORBIDDEN');
    const badHeader = await run(org.owner, CREATE, {
      boardId: board.id,
      input: { name: 'x', requireSignature: false, signatureHeader: 'bad header!' },
    });
    expect(badHeader.data?.createBoardWebhook).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.signatureHeader',
    });

    const rotated = await run(org.owner, UPDATE, { id: webhook.id, input: { rotateSecret: true, name: 'CI 2' } });
    const newSecret = rotated.data?.updateBoardWebhook.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    const plain = await run(org.owner, UPDATE, { id: webhook.id, input: { enabled: false } });
    expect(plain.data?.updateBoardWebhook).toMatchObject({ secret: null, webhook: { name: 'CI 2', enabled: false } });
  });

  it("answers NOT_FOUND for another organization's webhooks and boards", async () => {
    const { board, webhook } = await setup();
    const other = makeOrg();
    const create = await run(other.owner, CREATE, { boardId: board.id, input: { name: 'x', requireSignature: false } });
    expect(create.data?.createBoardWebhook.code).toBe('NOT_FOUND');
    const update = await run(other.owner, UPDATE, { id: webhook.id, input: { name: 'y' } });
    expect(update.data?.updateBoardWebhook.code).toBe('NOT_FOUND');
    const del = await run(other.owner, DELETE, { id: webhook.id });
    expect(del.data?.deleteBoardWebhook.code).toBe('NOT_FOUND');
    const random = await run(other.owner, DELETE, { id: randomUUID() });
    expect(random.data?.deleteBoardWebhook.code).toBe('NOT_FOUND');
  });

  it('ingests: unknown 404, disabled 410, missing or bad signature 403, good signature accepted', async () => {
    const { org, board, webhook, secret } = await setup();
    expect((await ingest(randomUUID(), '{}')).outcome).toBe('NOT_FOUND');
    expect((await ingest('not-an-id', '{}')).outcome).toBe('NOT_FOUND');
    expect((await ingest(webhook.id, '{}')).outcome).toBe('FORBIDDEN');
    expect((await ingest(webhook.id, '{}', { signature: sign('wrong', '{}') })).outcome).toBe('FORBIDDEN');
    expect((await ingest(webhook.id, '{"a":1}', { signature: sign(secret, '{}') })).outcome).toBe('FORBIDDEN');
    const body = '{"event":"push"}';
    const bare = await ingest(webhook.id, body, { signature: sign(secret, body), contentType: 'application/json' });
    expect(bare.outcome).toBe('ACCEPTED');
    expect(bare.deliveryId).toBeTruthy();
    const prefixed = await ingest(webhook.id, body, { headers: { 'x-mc-signature': `sha256=${sign(secret, body)}` } });
    expect(prefixed.outcome).toBe('ACCEPTED');
    const stored = await deliveries(org.owner, board.id);
    expect(stored.map((row) => row.id)).toEqual([bare.deliveryId, prefixed.deliveryId]);
    expect(stored[0]).toMatchObject({ body, contentType: 'application/json' });

    await run(org.owner, UPDATE, { id: webhook.id, input: { enabled: false } });
    expect((await ingest(webhook.id, body, { signature: sign(secret, body) })).outcome).toBe('GONE');
    // Without the secret, a disabled webhook looks like any other: its state is not revealed.
    expect((await ingest(webhook.id, body)).outcome).toBe('FORBIDDEN');
    expect((await ingest(webhook.id, body, { signature: sign('wrong', body) })).outcome).toBe('FORBIDDEN');

    const open = await setup({ requireSignature: false, signatureHeader: 'X-Hub-Signature-256' });
    expect(open.webhook.signatureHeader).toBe('x-hub-signature-256');
    expect((await ingest(open.webhook.id, 'hello')).outcome).toBe('ACCEPTED');
    await run(open.org.owner, UPDATE, { id: open.webhook.id, input: { enabled: false } });
    expect((await ingest(open.webhook.id, 'hello')).outcome).toBe('GONE');
  });

  const storedSecret = async (id: string) => {
    const result = await subgraph.runtime.database.db.execute(
      sql`select secret from work.board_webhooks where id = ${id}`,
    );
    return (result as unknown as { rows: { secret: string }[] }).rows[0].secret;
  };

  it('keeps secrets sealed at rest, on creation and on rotation', async () => {
    const { org, webhook, secret } = await setup();
    const stored = await storedSecret(webhook.id);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(6, 20));
    expect(subgraph.runtime.secrets.open(stored)).toBe(secret);

    const rotated = await run(org.owner, UPDATE, { id: webhook.id, input: { rotateSecret: true } });
    const newSecret = rotated.data?.updateBoardWebhook.secret as string;
    const restored = await storedSecret(webhook.id);
    expect(restored).toMatch(/^v1\./);
    expect(subgraph.runtime.secrets.open(restored)).toBe(newSecret);
    expect((await ingest(webhook.id, 'x', { signature: sign(secret, 'x') })).outcome).toBe('FORBIDDEN');
    expect((await ingest(webhook.id, 'x', { signature: sign(newSecret, 'x') })).outcome).toBe('ACCEPTED');
  });

  it('seals secrets an earlier version stored in clear, once, and they keep verifying', async () => {
    const { webhook } = await setup();
    const legacy = `whsec_${randomUUID()}`;
    await subgraph.runtime.database.db.execute(
      sql`update work.board_webhooks set secret = ${legacy} where id = ${webhook.id}`,
    );
    // A clear secret (written by an older process during a rollout) still verifies until sealed.
    expect((await ingest(webhook.id, 'x', { signature: sign(legacy, 'x') })).outcome).toBe('ACCEPTED');
    const services = subgraph.instance.createContext({
      identity: SYSTEM,
      requestId: randomUUID(),
      logger: subgraph.runtime.logger,
      credentialExpiresAt: undefined,
    }).services;
    expect((await services.webhooks.sealSecretsAtRest()).sealed).toBeGreaterThanOrEqual(1);
    const stored = await storedSecret(webhook.id);
    expect(stored).toMatch(/^v1\./);
    expect(subgraph.runtime.secrets.open(stored)).toBe(legacy);
    expect(await services.webhooks.sealSecretsAtRest()).toEqual({ sealed: 0, unreadable: 0 });
    expect((await ingest(webhook.id, 'y', { signature: sign(legacy, 'y') })).outcome).toBe('ACCEPTED');
  });

  it('refuses the internal ingest to non-system callers', async () => {
    const { org, webhook } = await setup({ requireSignature: false });
    const result = await run(org.owner, INGEST, { id: webhook.id, body: 'x' });
    expect(codes(result)).toContain('FORBIDDEN');
  });

  it('records webhook create, update, rotation and delete on the timeline, never the secret', async () => {
    const { org, board, webhook, secret } = await setup();
    const rotated = await run(org.owner, UPDATE, { id: webhook.id, input: { rotateSecret: true, enabled: false } });
    const newSecret = rotated.data?.updateBoardWebhook.secret as string;
    await run(org.owner, UPDATE, { id: webhook.id, input: {} });
    await run(org.as('MEMBER', { boards: { [board.id]: 'read' } }), DELETE, { id: webhook.id });
    await run(org.owner, DELETE, { id: webhook.id });
    const result = await subgraph.runtime.database.db.execute(
      sql`select event from work.mc_outbox where event->>'organizationId' = ${org.id} order by seq`,
    );
    const events = (result as unknown as { rows: { event: unknown }[] }).rows
      .map((row) => (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as DomainEvent<WorkChange>)
      .filter((event) => event.topic.startsWith('work.webhook'));
    const definition = {
      name: 'CI',
      targetAgentId: null,
      signatureHeader: 'x-mc-signature',
      requireSignature: true,
      enabled: true,
    };
    const target = { boardId: board.id, webhookId: webhook.id };
    expect(events.map((event) => [event.topic, event.payload])).toEqual([
      ['work.webhookCreated', { ...target, before: null, after: definition }],
      ['work.webhookUpdated', { ...target, before: { enabled: true }, after: { enabled: false, secretRotated: true } }],
      ['work.webhookDeleted', { ...target, before: { ...definition, enabled: false }, after: null }],
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(newSecret);
    expect(text).not.toContain('v1.');
  });

  it('delivers to the mapped agent, else to the lead, recording one durable event each', async () => {
    const mapped = randomUUID();
    const first = await setup({ requireSignature: false, targetAgentId: mapped });
    const accepted = await ingest(first.webhook.id, 'payload-1', { contentType: 'text/plain' });
    await vi.waitFor(async () => {
      expect(await deliveries(first.org.owner, first.board.id)).toEqual([
        expect.objectContaining({ status: 'DELIVERED', attempts: 1, targetAgentId: mapped }),
      ]);
    });
    const events = await deliveredEvents(first.org.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      boardId: first.board.id,
      webhookId: first.webhook.id,
      deliveryId: accepted.deliveryId,
      targetAgentId: mapped,
      contentType: 'text/plain',
      body: 'payload-1',
    });

    const lead = randomUUID();
    const second = await setup({ requireSignature: false });
    const updated = await run(second.org.owner, UPDATE_BOARD, { id: second.board.id, input: { leadAgentId: lead } });
    expect(updated.errors).toBeUndefined();
    await ingest(second.webhook.id, 'payload-2');
    await vi.waitFor(async () => {
      expect(await deliveries(second.org.owner, second.board.id)).toEqual([
        expect.objectContaining({ status: 'DELIVERED', targetAgentId: lead }),
      ]);
    });
    expect(await deliveredEvents(second.org.id)).toHaveLength(1);
  });

  it('retries without a target (NO_TARGET), then fails after the last attempt', async () => {
    const { org, board, webhook } = await setup({ requireSignature: false });
    await ingest(webhook.id, 'nobody home');
    await vi.waitFor(
      async () => {
        expect(await deliveries(org.owner, board.id)).toEqual([
          expect.objectContaining({ status: 'FAILED', attempts: 3, lastError: 'NO_TARGET', targetAgentId: null }),
        ]);
      },
      { timeout: 5_000 },
    );
    expect(await deliveredEvents(org.id)).toHaveLength(0);
  });

  it('delivers once a lead is set during the retries', async () => {
    const { org, board, webhook } = await setup({ requireSignature: false });
    await ingest(webhook.id, 'later');
    await vi.waitFor(async () => {
      expect((await deliveries(org.owner, board.id))[0]).toMatchObject({ lastError: 'NO_TARGET', status: 'PENDING' });
    });
    const lead = randomUUID();
    await run(org.owner, UPDATE_BOARD, { id: board.id, input: { leadAgentId: lead } });
    await vi.waitFor(async () => {
      expect((await deliveries(org.owner, board.id))[0]).toMatchObject({ status: 'DELIVERED', targetAgentId: lead });
    });
  });

  it('deletes webhooks and payloads with the webhook and with the board', async () => {
    const one = await setup({ requireSignature: false });
    await ingest(one.webhook.id, 'x');
    const deleted = await run(one.org.owner, DELETE, { id: one.webhook.id });
    expect(deleted.data?.deleteBoardWebhook.deletedWebhookId).toBe(one.webhook.id);
    expect(await count('work.webhook_deliveries', 'webhook_id', one.webhook.id)).toBe(0);

    const two = await setup({ requireSignature: false });
    await ingest(two.webhook.id, 'y');
    expect(await count('work.webhook_deliveries', 'board_id', two.board.id)).toBe(1);
    const gone = await run(two.org.owner, DELETE_BOARD, { id: two.board.id });
    expect(gone.data?.deleteBoard.__typename).toBe('DeleteBoardPayload');
    expect(await count('work.board_webhooks', 'board_id', two.board.id)).toBe(0);
    expect(await count('work.webhook_deliveries', 'board_id', two.board.id)).toBe(0);
  });
});
