/**
 * Durable domain events the chat subgraph records (outbox, in the transaction of the change). Fleet
 * consumes `messageSent` and relays the text to the agent through its GatewayLink; the agent's answer
 * comes back as fleet's `agentReply` (`upstream-events.ts`).
 */
import { defineDomainEvent } from '@mc/kit';

export interface ChatMessageSent {
  sessionId: string;
  messageId: string;
  /** The message's position in its session stream. */
  sequence: number;
  organizationId: string;
  agentId: string;
  h5UserId: string;
  text: string;
}

export const chatEvents = {
  messageSent: defineDomainEvent<ChatMessageSent>('chat', 'messageSent'),
} as const;

export const allChatEvents = Object.values(chatEvents);
