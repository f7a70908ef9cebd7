/**
 * Board webhooks reach their agent, end to end: a payload posted (signed) to the router's public
 * `/webhooks/<id>` is DELIVERED by work to the webhook's mapped agent, and fleet hands it to that
 * agent's main session on its gateway (the OpenClaw simulator as a process), once, with the board,
 * the webhook, the delivery, the content type and the body. A payload for an agent fleet does not
 * know (a board lead that is no agent) is recorded as `fleet.webhookUndelivered` on the board's
 * timeline, never dropped silently.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkInWhenWoken,
  createAgent,
  mainSession,
  simulatorGateway,
  useNoticeStack,
} from './support/agent-notice-fixtures.ts';

const GATEWAY_TOKEN = 'simulated-gateway-token-webhooks';
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

const CREATE_WEBHOOK = `mutation($boardId: ID!, $input: CreateBoardWebhookInput!) { createBoardWebhook(boardId: $boardId, input: $input) {
  __typename ... on BoardWebhookWithSecret { secret webhook { id } } ... on DomainError { code } } }`;

describe('board webhook payloads reach the agent through the router', () => {
  const mc = useNoticeStack(GATEWAY_TOKEN);

  const post = async (id: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(mc.admin.stack.routerUrl.replace(/\/graphql$/, `/webhooks/${id}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('hands the posted payload to the mapped agent on its gateway, once; an unknown agent is on the timeline', async () => {
    const { admin, simulator } = mc;
    const orgId = await admin.organization('Webhook agents');
    const call = (query: string, variables: Record<string, unknown> = {}) => admin.call(query, variables, orgId);
    const gatewayId = await simulatorGateway(admin, orgId, simulator);
    const agentId = await createAgent(admin, orgId, gatewayId, 'Hook Handler');
    // Fleet provisions the agent on the simulator and wakes it; it checks in with its token: ONLINE.
    await checkInWhenWoken(admin, orgId, agentId);

    const boardId: string = (
      await call(`mutation($input: CreateBoardInput!) { createBoard(input: $input) { ... on Board { id } } }`, {
        input: { name: 'CI board', description: 'Builds' },
      })
    ).data.createBoard.id;
    // The board's lead is no agent fleet knows: payloads for the lead cannot be handed over.
    const ghostLead = randomUUID();
    await call(`mutation($id: ID!, $input: UpdateBoardInput!) { updateBoard(id: $id, input: $input) { __typename } }`, {
      id: boardId,
      input: { leadAgentId: ghostLead },
    });
    const mapped = await call(CREATE_WEBHOOK, {
      boardId,
      input: { name: 'CI', targetAgentId: agentId, requireSignature: true },
    });
    expect(mapped.data.createBoardWebhook.__typename, JSON.stringify(mapped)).toBe('BoardWebhookWithSecret');
    const { secret, webhook } = mapped.data.createBoardWebhook;

    const payload = JSON.stringify({ event: 'build', status: 'failed', ref: 'main' });
    const accepted = await post(webhook.id, payload, { 'x-mc-signature': `sha256=${sign(secret, payload)}` });
    expect(accepted.status).toBe(202);
    const deliveryId: string = accepted.body.id;

    const session = mainSession(simulator, agentId, 'A webhook payload arrived');
    const { told } = session;
    try {
      await expect.poll(async () => (await told()).length, { timeout: 30_000, interval: 250 }).toBe(1);
      const [message] = await told();
      expect(message.text).toBe(
        [
          `A webhook payload arrived for you on board ${boardId} (webhook ${webhook.id}, delivery ${deliveryId}).`,
          'Content type: application/json',
          '',
          payload,
        ].join('\n'),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await told()).toHaveLength(1);
    } finally {
      await session.close();
    }

    // Unsigned, to the lead nobody knows: DELIVERED by work, then recorded undelivered by fleet.
    const open = await call(CREATE_WEBHOOK, { boardId, input: { name: 'Open', requireSignature: false } });
    const openId: string = open.data.createBoardWebhook.webhook.id;
    const lost = await post(openId, '{"ping":true}');
    expect(lost.status).toBe(202);
    const timeline = async () =>
      (
        await call(
          `query($filter: ActivityFilter) { activity(filter: $filter, first: 20) { edges { node {
            actor { kind id } targetType targetId after } } } }`,
          { filter: { boardId, types: ['fleet.webhookUndelivered'] } },
        )
      ).data?.activity.edges.map((edge: any) => edge.node);
    await expect.poll(timeline, { timeout: 30_000, interval: 500 }).toEqual([
      {
        actor: { kind: 'SYSTEM', id: 'fleet' },
        targetType: 'AGENT',
        targetId: ghostLead,
        after: expect.objectContaining({ webhookId: openId, deliveryId: lost.body.id, code: 'AGENT_UNAVAILABLE' }),
      },
    ]);
  }, 240_000);
});
