/** The chat subgraph's stable error codes (expected failures, returned as `DomainError`). */
import { DomainError, type DomainErrorDetails } from '@mc/kit';

export const ChatErrorCode = {
  ASSIGNMENT_NOT_FOUND: 'ASSIGNMENT_NOT_FOUND',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  AGENT_UNAVAILABLE: 'AGENT_UNAVAILABLE',
  GATEWAY_OFFLINE: 'GATEWAY_OFFLINE',
  MESSAGE_TOO_LONG: 'MESSAGE_TOO_LONG',
} as const;

export const assignmentNotFound = (id?: string) =>
  new DomainError(ChatErrorCode.ASSIGNMENT_NOT_FOUND, 'No such assignment', id ? { ids: [id] } : {});

export const sessionNotFound = (id?: string) =>
  new DomainError(ChatErrorCode.SESSION_NOT_FOUND, 'Chat session not found', id ? { ids: [id] } : {});

export const agentUnavailable = (agentId: string, details: DomainErrorDetails = {}) =>
  new DomainError(ChatErrorCode.AGENT_UNAVAILABLE, 'This agent is no longer available', {
    ids: [agentId],
    ...details,
  });

export const messageTooLong = (max: number, field = 'text') =>
  new DomainError(ChatErrorCode.MESSAGE_TOO_LONG, `A message is at most ${max} characters`, { field });
