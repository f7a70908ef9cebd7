/**
 * Board webhooks through the router: a webhook created over GraphQL receives a signed POST on
 * `/webhooks/<id>` (202, then DELIVERED to the board's lead), and the router answers a bad
 * signature 403, a body over 64 KiB 413, a disabled webhook 410 (only to a caller with a valid
 * signature: without one it is 403, so its state cannot be probed) and an unknown id 404, each with a
 * JSON `code`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { useSharedAdminStack } from './support/shared-stack.ts';

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('board webhooks through the router', () => {
  const admin = useSharedAdminStack();

  const post = async (id: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(admin.stack.routerUrl.replace(/\/graphql$/, `/webhooks/${id}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('accepts signed payloads, delivers them, and refuses bad ones with the right status', async () => {
    const orgId = await admin.organization('Hooks');
    const board = await admin.call(
      `mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`,
      { input: { name: 'Hooks', description: 'Inbound events' } },
      orgId,
    );
    const boardId: string = board.data.createBoard.id;
    const leadId = randomUUID();
    await admin.call(
      `mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) { ... on Board { id } } }`,
      { id: boardId, input: { leadAgentId: leadId } },
      orgId,
    );
    const created = await admin.call(
      `mutation($boardId: ID!, $input: CreateBoardWebhookInput!) { createBoardWebhook(boardId: $boardId, input: $input) {
        __typename ... on BoardWebhookWithSecret { ingestUrl secret webhook { id } } ... on DomainError { code } } }`,
      { boardId, input: { name: 'CI', requireSignature: true } },
      orgId,
    );
    expect(created.data.createBoardWebhook.__typename).toBe('BoardWebhookWithSecret');
    const { secret, webhook, ingestUrl } = created.data.createBoardWebhook;
    expect(ingestUrl).toBe(`/webhooks/${webhook.id}`);

    const payload = JSON.stringify({ event: 'push', ref: 'main' });
    const accepted = await post(webhook.id, payload, { 'x-mc-signature': `sha256=${sign(secret, payload)}` });
    expect(accepted.status).toBe(202);
    expect(accepted.body.id).toBeTruthy();

    await vi.waitFor(
      async () => {
        const read = await admin.call(
          `query($id: ID!) { board(id: $id) { webhooks { deliveries { nodes { id status targetAgentId body } } } } }`,
          { id: boardId },
          orgId,
        );
        expect(read.data.board.webhooks[0].deliveries.nodes).toEqual([
          { id: accepted.body.id, status: 'DELIVERED', targetAgentId: leadId, body: payload },
        ]);
      },
      { timeout: 15_000, interval: 200 },
    );

    const bad = await post(webhook.id, payload, { 'x-mc-signature': sign('wrong', payload) });
    expect(bad).toMatchObject({ status: 403, body: { error: { code: 'BAD_SIGNATURE' } } });
    const missing = await post(webhook.id, payload);
    expect(missing.status).toBe(403);

    const big = 'x'.repeat(64 * 1024 + 1);
    const tooLarge = await post(webhook.id, big, { 'x-mc-signature': sign(secret, big) });
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });

    const unknown = await post(randomUUID(), payload);
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await post('not-an-id', payload)).status).toBe(404);

    await admin.call(
      `mutation($id: ID!, $input: UpdateBoardWebhookInput!) { updateBoardWebhook(id: $id, input: $input) {
        ... on BoardWebhookWithSecret { webhook { enabled } } } }`,
      { id: webhook.id, input: { enabled: false } },
      orgId,
    );
    const disabled = await post(webhook.id, payload, { 'x-mc-signature': sign(secret, payload) });
    expect(disabled).toMatchObject({ status: 410, body: { error: { code: 'WEBHOOK_DISABLED' } } });
    const probed = await post(webhook.id, payload, { 'x-mc-signature': sign('guess', payload) });
    expect(probed).toMatchObject({ status: 403, body: { error: { code: 'BAD_SIGNATURE' } } });
    expect((await post(webhook.id, payload)).status).toBe(403);

    // Without a required signature there is nothing to protect: a disabled webhook answers 410 to anyone.
    const open = await admin.call(
      `mutation($boardId: ID!, $input: CreateBoardWebhookInput!) { createBoardWebhook(boardId: $boardId, input: $input) {
        ... on BoardWebhookWithSecret { webhook { id } } } }`,
      { boardId, input: { name: 'Open', requireSignature: false } },
      orgId,
    );
    const openId: string = open.data.createBoardWebhook.webhook.id;
    expect((await post(openId, payload)).status).toBe(202);
    await admin.call(
      `mutation($id: ID!, $input: UpdateBoardWebhookInput!) { updateBoardWebhook(id: $id, input: $input) {
        ... on BoardWebhookWithSecret { webhook { enabled } } } }`,
      { id: openId, input: { enabled: false } },
      orgId,
    );
    expect(await post(openId, payload)).toMatchObject({ status: 410, body: { error: { code: 'WEBHOOK_DISABLED' } } });
  }, 60_000);
});
