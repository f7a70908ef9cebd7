/**
 * What an agent reads when a webhook payload is handed to it: the board and webhook, the delivery,
 * the content type and the body — cut at `WEBHOOK_MESSAGE_BODY_MAX_CHARS` (the ingest takes up to
 * 64 KiB; an agent's session should not), saying so when cut. Deterministic for one event, so a
 * retried send with the same idempotency key carries the same text.
 */
import type { WebhookDelivered } from '@mc/kit/topics/work';

export const WEBHOOK_MESSAGE_BODY_MAX_CHARS = 16_000;

export function webhookMessage(delivery: WebhookDelivered): string {
  const { body } = delivery;
  let shown = body.slice(0, WEBHOOK_MESSAGE_BODY_MAX_CHARS);
  // Never end on half of a surrogate pair.
  if (shown.length < body.length && /[\uD800-\uDBFF]$/.test(shown)) shown = shown.slice(0, -1);
  const lines = [
    `A webhook payload arrived for you on board ${delivery.boardId} (webhook ${delivery.webhookId}, delivery ${delivery.deliveryId}).`,
    `Content type: ${delivery.contentType || 'unknown'}`,
    '',
    shown,
  ];
  if (shown.length < body.length) {
    lines.push('', `[Body cut: the first ${shown.length} of ${body.length} characters are shown.]`);
  }
  return lines.join('\n');
}
