/**
 * Webhook payloads reach their agent: work's `work.webhookDelivered` (the hand-off: the payload is
 * DELIVERED to its mapped agent or the board's lead; consumer `fleet-webhook-relay`) becomes a job on
 * `webhook-notices` (id `webhook:<eventId>`) that sends the payload to the agent's main session
 * (`agent-notice-relay.ts`: held while the agent or its gateway is away, for
 * `WEBHOOK_RELAY_HOLD_SECONDS`). Undeliverable: `fleet.webhookUndelivered` (on the timeline, under the board).
 */
import { isUuid, type SubgraphRuntime } from '@mc/kit';
import { fleetWebhookTopics } from '@mc/kit/topics/fleet';
import { type WebhookDelivered, workTopics } from '@mc/kit/topics/work';
import type { FleetEnv } from '../env.ts';
import type { GatewayAvailability } from '../provisioning/gateway-availability.ts';
import type { GatewayLinks } from '../provisioning/gateway-links.ts';
import { AgentNoticeRelay, type NoticeKind } from './agent-notice-relay.ts';
import { webhookMessage } from './webhook-message.ts';

export const WEBHOOK_NOTICE_QUEUE = 'webhook-notices';
export const WEBHOOK_NOTICE_CONSUMER = 'fleet-webhook-relay';

/** The relay's settings, from fleet's environment (`env.ts`). */
export type WebhookRelaySettings = Pick<
  FleetEnv,
  'WEBHOOK_RELAY_HOLD_SECONDS' | 'WEBHOOK_RELAY_RETRY_MS' | 'WEBHOOK_RELAY_RETRY_MAX_MS' | 'GATEWAY_REQUEST_TIMEOUT_MS'
>;

export const webhookNotice: NoticeKind<WebhookDelivered> = {
  name: 'webhook',
  topic: workTopics.webhookDelivered,
  queue: WEBHOOK_NOTICE_QUEUE,
  consumer: WEBHOOK_NOTICE_CONSUMER,
  agentOf: (delivery) =>
    delivery &&
    isUuid(String(delivery.targetAgentId)) &&
    isUuid(String(delivery.boardId)) &&
    isUuid(String(delivery.webhookId)) &&
    isUuid(String(delivery.deliveryId)) &&
    typeof delivery.body === 'string'
      ? delivery.targetAgentId
      : null,
  message: webhookMessage,
  undelivered: (job, code, reason) => ({
    topic: fleetWebhookTopics.webhookUndelivered,
    payload: {
      webhookEventId: job.eventId,
      agentId: job.payload.targetAgentId,
      boardId: job.payload.boardId,
      webhookId: job.payload.webhookId,
      deliveryId: job.payload.deliveryId,
      code,
      reason,
    },
  }),
};

export class WebhookRelay extends AgentNoticeRelay<WebhookDelivered> {
  constructor(
    runtime: SubgraphRuntime,
    links: GatewayLinks,
    availability: GatewayAvailability,
    settings: WebhookRelaySettings,
  ) {
    super(webhookNotice, runtime, links, availability, {
      holdSeconds: settings.WEBHOOK_RELAY_HOLD_SECONDS,
      retryMs: settings.WEBHOOK_RELAY_RETRY_MS,
      retryMaxMs: settings.WEBHOOK_RELAY_RETRY_MAX_MS,
      requestTimeoutMs: settings.GATEWAY_REQUEST_TIMEOUT_MS,
    });
  }
}
