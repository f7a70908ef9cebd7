/**
 * A mention fleet could not deliver to the agent's gateway (`fleet.mentionUndelivered`, after its
 * hold) goes on the timeline beside the comment that mentioned the agent: actor the system `fleet`,
 * target the agent, the board and the task, and why (`after: {commentId, mentionEventId, code, reason}`).
 * Once per event (kit inbox; the unique event id as well).
 */
import { type Database, type DomainEvent, isUuid, type SubgraphRuntime } from '@mc/kit';
import { fleetMentionTopics, type MentionUndelivered } from '@mc/kit/topics/fleet';
import { ActivityStore } from '../db/activity-store.ts';
import { actorFromEvent } from '../events.ts';

export async function recordUndeliveredMention(tx: Database, event: DomainEvent<MentionUndelivered>): Promise<void> {
  const change = event.payload;
  const ids = [event.organizationId, event.id, change?.boardId, change?.taskId, change?.agentId];
  if (!change || !ids.every((id) => typeof id === 'string' && isUuid(id))) return;
  const actor = actorFromEvent(event.actor);
  await new ActivityStore(tx).append({
    eventId: event.id,
    organizationId: (event.organizationId as string).toLowerCase(),
    boardId: change.boardId.toLowerCase(),
    taskId: change.taskId.toLowerCase(),
    actorKind: actor.kind,
    actorId: actor.id,
    verb: event.topic,
    targetType: 'AGENT',
    targetId: change.agentId.toLowerCase(),
    before: null,
    after: {
      commentId: change.commentId,
      mentionEventId: change.mentionEventId,
      code: change.code,
      reason: change.reason,
    },
    occurredAt: new Date(event.occurredAt),
  });
}

export function consumeFleetMentionEvents(runtime: SubgraphRuntime): Promise<void> {
  return runtime.events.consume(
    [fleetMentionTopics.mentionUndelivered],
    async (event, tx) => recordUndeliveredMention(tx, event as DomainEvent<MentionUndelivered>),
    { consumer: 'governance-mentions' },
  );
}
