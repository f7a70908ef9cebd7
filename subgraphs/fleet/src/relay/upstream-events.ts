/**
 * The chat domain's event the relay consumes, declared by topic name (fleet does not depend on the chat
 * package). Chat owns it (`subgraphs/chat/src/domain-events.ts`); these are the fields the relay needs.
 */
import { defineDomainEvent } from '@mc/kit';

export interface ChatMessageSent {
  sessionId: string;
  messageId: string;
  sequence: number;
  organizationId: string;
  agentId: string;
  h5UserId: string;
  text: string;
}

export const chatEvents = {
  messageSent: defineDomainEvent<ChatMessageSent>('chat', 'messageSent'),
} as const;
