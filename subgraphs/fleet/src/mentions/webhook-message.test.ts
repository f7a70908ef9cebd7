/** What the agent reads for a webhook payload: ids and content type, the body whole or cut (and said so). */
import { describe, expect, it } from 'vitest';
import { WEBHOOK_MESSAGE_BODY_MAX_CHARS, webhookMessage } from './webhook-message.ts';

const ids = {
  boardId: 'b0000000-0000-4000-8000-000000000001',
  webhookId: 'w0000000-0000-4000-8000-000000000002',
  deliveryId: 'd0000000-0000-4000-8000-000000000003',
  targetAgentId: 'a0000000-0000-4000-8000-000000000004',
};

describe('webhookMessage', () => {
  it('carries the board, webhook, delivery, content type and the whole body when it fits', () => {
    const body = 'x'.repeat(WEBHOOK_MESSAGE_BODY_MAX_CHARS);
    expect(webhookMessage({ ...ids, contentType: 'text/plain', body })).toBe(
      [
        `A webhook payload arrived for you on board ${ids.boardId} (webhook ${ids.webhookId}, delivery ${ids.deliveryId}).`,
        'Content type: text/plain',
        '',
        body,
      ].join('\n'),
    );
  });

  it('cuts a longer body, says so, and never splits a surrogate pair', () => {
    const body = `${'x'.repeat(WEBHOOK_MESSAGE_BODY_MAX_CHARS - 1)}😀 and more`;
    const text = webhookMessage({ ...ids, contentType: null, body });
    expect(text).toContain('Content type: unknown');
    expect(
      text.endsWith(
        `${'x'.repeat(WEBHOOK_MESSAGE_BODY_MAX_CHARS - 1)}\n\n[Body cut: the first ${
          WEBHOOK_MESSAGE_BODY_MAX_CHARS - 1
        } of ${body.length} characters are shown.]`,
      ),
    ).toBe(true);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
