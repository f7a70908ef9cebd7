/**
 * Live topics the chat subgraph publishes after a commit, per session and per agent. Messages are
 * durable (the subscription replays them from the database by sequence); reply deltas, typing and
 * presence are live-only. Durable events for other subgraphs are in `domain-events.ts`.
 */
import { defineTopic } from '@mc/kit';
import type { MessageRow } from './db/message-store.ts';
import type { SessionRow } from './db/session-store.ts';

export type ChatEventType = 'MESSAGE_CREATED' | 'MESSAGE_UPDATED' | 'REPLY_DELTA' | 'TYPING' | 'PRESENCE';

export interface ReplyDelta {
  runId: string;
  text: string;
  sequence: number | null;
}

export interface Typing {
  author: 'H5_USER' | 'AGENT';
  authorId: string;
  typing: boolean;
}

export interface Presence {
  agentId: string;
  online: boolean;
  status: string;
}

/** One event of a session, as subscribers receive it; `sequence` is set for durable (message) events. */
export interface ChatEvent {
  type: ChatEventType;
  sessionId: string;
  sequence: number | null;
  /** Dates arrive as ISO strings when the event came over the bus. */
  message: MessageRow | null;
  delta: ReplyDelta | null;
  typing: Typing | null;
  presence: Presence | null;
}

/** The session's H5 user was unassigned from its agent: their subscriptions end (not sent to clients). */
export interface AccessRevoked {
  type: 'ACCESS_REVOKED';
  sessionId: string;
}

/** Everything that happens in one session. */
export const sessionTopic = (sessionId: string) => defineTopic<ChatEvent | AccessRevoked>('chat', 'session', sessionId);

/**
 * A session was opened for the first time, for the organization's admins (support view):
 * `mc:chat:sessionOpened:<organizationId>`. Dates arrive as ISO strings over the bus.
 */
export const sessionOpenedTopic = (organizationId: string) =>
  defineTopic<SessionRow>('chat', 'sessionOpened', organizationId);

/**
 * A session of the organization changed — opened for the first time, or a message stored in it (an
 * H5 user's send, an agent's post or final reply, a pending message delivered or failed) — carrying
 * the session as it is after the change, for the admins' support list:
 * `mc:chat:sessionUpdated:<organizationId>`. Never published for streamed reply parts. Best effort
 * (a lost publish waits for the list's next refetch); concurrent changes may arrive out of order, so
 * readers keep the row with the highest `lastSequence`. Dates arrive as ISO strings over the bus.
 */
export const sessionUpdatedTopic = (organizationId: string) =>
  defineTopic<SessionRow>('chat', 'sessionUpdated', organizationId);

/** An agent went online or offline (every session with it listens). */
export const presenceTopic = (agentId: string) => defineTopic<Presence>('chat', 'presence', agentId);

export const ONLINE = 'ONLINE';
export const isOnline = (status: string) => status.toUpperCase() === ONLINE;
