/**
 * Mentioned agents are told: work's `work.agentMentioned` (one per mentioned agent, consumer
 * `fleet-mention-relay`) becomes a job on `mention-deliveries` (id `mention:<eventId>`) that tells the
 * agent who wrote, on which task and board, and the start of the comment (`agent-notice-relay.ts`:
 * held while the agent or its gateway is away, for `MENTION_RELAY_HOLD_SECONDS`). Undeliverable:
 * `fleet.mentionUndelivered` (governance puts it on the timeline beside the comment).
 */
import { isUuid, type SubgraphRuntime } from '@mc/kit';
import { fleetMentionTopics } from '@mc/kit/topics/fleet';
import { type AgentMentioned, workTopics } from '@mc/kit/topics/work';
import type { FleetEnv } from '../env.ts';
import type { GatewayAvailability } from '../provisioning/gateway-availability.ts';
import type { GatewayLinks } from '../provisioning/gateway-links.ts';
import { AgentNoticeRelay, type NoticeJob, type NoticeKind } from './agent-notice-relay.ts';
import { mentionMessage } from './mention-message.ts';

export const MENTION_QUEUE = 'mention-deliveries';
export const MENTION_CONSUMER = 'fleet-mention-relay';

/** The relay's settings, from fleet's environment (`env.ts`). */
export type MentionRelaySettings = Pick<
  FleetEnv,
  'MENTION_RELAY_HOLD_SECONDS' | 'MENTION_RELAY_RETRY_MS' | 'MENTION_RELAY_RETRY_MAX_MS' | 'GATEWAY_REQUEST_TIMEOUT_MS'
>;
export type MentionJob = NoticeJob<AgentMentioned>;

export const mentionNotice: NoticeKind<AgentMentioned> = {
  name: 'mention',
  topic: workTopics.agentMentioned,
  queue: MENTION_QUEUE,
  consumer: MENTION_CONSUMER,
  agentOf: (mention) =>
    mention &&
    isUuid(String(mention.agentId)) &&
    isUuid(String(mention.taskId)) &&
    isUuid(String(mention.boardId)) &&
    typeof mention.excerpt === 'string'
      ? mention.agentId
      : null,
  message: mentionMessage,
  undelivered: (job, code, reason) => ({
    topic: fleetMentionTopics.mentionUndelivered,
    payload: {
      mentionEventId: job.eventId,
      agentId: job.payload.agentId,
      boardId: job.payload.boardId,
      taskId: job.payload.taskId,
      commentId: job.payload.commentId,
      code,
      reason,
    },
  }),
};

export class MentionRelay extends AgentNoticeRelay<AgentMentioned> {
  constructor(
    runtime: SubgraphRuntime,
    links: GatewayLinks,
    availability: GatewayAvailability,
    settings: MentionRelaySettings,
  ) {
    super(mentionNotice, runtime, links, availability, {
      holdSeconds: settings.MENTION_RELAY_HOLD_SECONDS,
      retryMs: settings.MENTION_RELAY_RETRY_MS,
      retryMaxMs: settings.MENTION_RELAY_RETRY_MAX_MS,
      requestTimeoutMs: settings.GATEWAY_REQUEST_TIMEOUT_MS,
    });
  }
}
