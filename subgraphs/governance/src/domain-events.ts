/**
 * Durable domain events the governance subgraph records (outbox, in the transaction of the change).
 * Their declarations live in the kit (`@mc/kit/topics/governance`) so work reacts to them without
 * depending on this package; governance owns them there.
 */
export * from '@mc/kit/topics/governance';
