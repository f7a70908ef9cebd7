/**
 * Durable domain events the identity subgraph records (outbox, in the transaction of the change).
 * Chat consumes `h5UserRegistered` to know which organization an H5 user belongs to (assignments).
 */
import { defineDomainEvent } from '@mc/kit';

export interface H5UserRegistered {
  h5UserId: string;
}

export const identityEvents = {
  /** The event's `organizationId` is the H5 user's organization. */
  h5UserRegistered: defineDomainEvent<H5UserRegistered>('identity', 'h5UserRegistered'),
} as const;
