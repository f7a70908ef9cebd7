/**
 * Agent notices fleet could not deliver to the agent's gateway (after their hold) go on the timeline,
 * actor the system `fleet`, target the agent: an undelivered mention (`fleet.mentionUndelivered`)
 * beside the comment that mentioned the agent (board and task; `after: {commentId, mentionEventId,
 * code, reason}`), an undelivered webhook payload (`fleet.webhookUndelivered`) under its board
 * (`after: {webhookId, deliveryId, webhookEventId, code, reason}`). Once per event (kit inbox; the
 * unique event id as well).
 */
import { type Database, type DomainEvent, isUuid, type SubgraphRuntime } from '@mc/kit';
import {
  fleetMentionTopics,
  fleetWebhookTopics,
  type MentionUndelivered,
  type WebhookUndelivered,
} from '@mc/kit/topics/fleet';
import { ActivityStore } from '../db/activity-store.ts';
import { actorFromEvent } from '../events.ts';

export async function recordUndeliveredMention(tx: Database, event: DomainEvent<MentionUndelivered>): Promise<void> {
  const change = event.payload;
  if (!change || !isUuid(String(change.taskId))) return;
  await recordUndelivered(tx, event, change.taskId.toLowerCase(), {
    commentId: change.commentId,
    mentionEventId: change.mentionEventId,
    code: change.code,
    reason: change.reason,
  });
}

export async function recordUndeliveredWebhook(tx: Database, event: DomainEvent<WebhookUndelivered>): Promise<void> {
  const change = event.payload;
  if (!change) return;
  await recordUndelivered(tx, event, null, {
    webhookId: change.webhookId,
    deliveryId: change.deliveryId,
    webhookEventId: change.webhookEventId,
    code: change.code,
    reason: change.reason,
  });
}

/** One timeline entry for a notice fleet gave up on: under its board (and task), target the agent. */
async function recordUndelivered(
  tx: Database,
  event: DomainEvent<{ boardId: string; agentId: string }>,
  taskId: string | null,
  after: Record<string, unknown>,
): Promise<void> {
  const change = event.payload;
  const ids = [event.organizationId, event.id, change.boardId, change.agentId];
  if (!ids.every((id) => typeof id === 'string' && isUuid(id))) return;
  const actor = actorFromEvent(event.actor);
  await new ActivityStore(tx).append({
    eventId: event.id,
    organizationId: (event.organizationId as string).toLowerCase(),
    boardId: change.boardId.toLowerCase(),
    taskId,
    actorKind: actor.kind,
    actorId: actor.id,
    verb: event.topic,
    targetType: 'AGENT',
    targetId: change.agentId.toLowerCase(),
    before: null,
    after,
    occurredAt: new Date(event.occurredAt),
  });
}

export async function consumeFleetMentionEvents(runtime: SubgraphRuntime): Promise<void> {
  await runtime.events.consume(
    [fleetMentionTopics.mentionUndelivered],
    async (event, tx) => recordUndeliveredMention(tx, event as DomainEvent<MentionUndelivered>),
    { consumer: 'governance-mentions' },
  );
  await runtime.events.consume(
    [fleetWebhookTopics.webhookUndelivered],
    async (event, tx) => recordUndeliveredWebhook(tx, event as DomainEvent<WebhookUndelivered>),
    { consumer: 'governance-webhook-notices' },
  );
}
