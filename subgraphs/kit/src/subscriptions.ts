/**
 * Executes subscription operations with a fresh request context for every event. graphql-js runs
 * every event of a subscription with the context it was subscribed with, so per-request caches
 * (dataloaders) would serve the first event's rows to every later one; here the source stream is
 * created with the subscribe-time context and each event executes with a new one.
 */
import {
  createSourceEventStream,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import { formatGraphQLError } from './errors.ts';

type EventResults = AsyncGenerator<ExecutionResult, void, void>;

export async function subscribeWithFreshContexts(
  args: ExecutionArgs,
  freshContext: () => unknown,
): Promise<EventResults | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  const events = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const results: EventResults = {
    async next() {
      const event = await events.next();
      if (event.done) return { value: undefined, done: true };
      const result = await execute({ ...args, rootValue: event.value, contextValue: freshContext() });
      return { value: result as ExecutionResult, done: false };
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await events.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return results;
    },
    async [Symbol.asyncDispose]() {
      await events.return?.();
    },
  };
  return results;
}

/** Formats the errors of one subscription result like Apollo's `formatError` does for HTTP. */
export function formatSubscriptionErrors(
  errors: readonly GraphQLError[],
  onInternal: (error: unknown) => void,
): GraphQLFormattedError[] {
  return errors.map((error) => formatGraphQLError(error.toJSON(), error, { onInternal }));
}
