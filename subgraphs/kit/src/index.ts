/** Public surface of the subgraph kit. */
export * from './batch.ts';
export * from './builder.ts';
export * from './clock.ts';
export * from './context.ts';
export * from './db.ts';
export * from './db-job-queue.ts';
export * from './domain-events.ts';
export * from './env.ts';
export * from './errors.ts';
export * from './event-stream.ts';
export * from './events.ts';
export * from './http.ts';
export * from './identity.ts';
export * from './ids.ts';
export * from './jobs.ts';
export * from './logger.ts';
export * from './metrics.ts';
export * from './outbox.ts';
export * from './pagination.ts';
export * from './policy.ts';
export * from './rate-limit.ts';
export * from './runtime.ts';
export * from './secret-box.ts';
export * from './server.ts';
export * from './shared-reads.ts';
export * from './standalone.ts';
export * from './stream-log.ts';

/** The Federation 2 spec version every subgraph links. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';
