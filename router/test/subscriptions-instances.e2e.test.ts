/**
 * The router keeps no events: two router instances, each talking to its own instance of the `feed`
 * fixture subgraph (whose instances fan out through Redis), deliver the same events, completed with
 * entities from `people`, to their own subscribers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql } from './support/processes.ts';
import { connect, eventually, type TestSocket } from './support/subscription-fixtures/client.ts';
import { type SubscriptionStack, startSubscriptionStack } from './support/subscription-fixtures/stack.ts';

describe('subscriptions across instances', () => {
  let stack: SubscriptionStack;
  const routers: string[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    stack = await startSubscriptionStack({ feedInstances: 2 });
    const started = await Promise.all([stack.startRouter({ feedIndex: 0 }), stack.startRouter({ feedIndex: 1 })]);
    routers.push(...started.map((router) => router.url));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await stack?.stop();
  });

  it('two routers, each over its own feed instance, deliver the same events', async () => {
    const channel = `instances-${randomUUID()}`;
    const query = 'subscription($channel: String!) { noteAdded(channel: $channel) { text seq author { name } } }';
    const subscriptions = routers.map((url) => {
      const socket = connect(url, { authorization: `Bearer ${stack.env.LOCAL_AUTH_TOKEN}` });
      sockets.push(socket);
      return socket.subscribe(query, { channel });
    });
    for (const feed of stack.feed) {
      await eventually(
        async () =>
          (
            await stack.direct<{ feedStats: { activeSubscriptions: number } }>(
              feed.url,
              '{ feedStats { activeSubscriptions } }',
            )
          ).feedStats.activeSubscriptions,
        (count) => count === 1,
      );
    }
    // Published through the first router (so on the first feed instance) and through the second.
    for (const [index, url] of routers.entries()) {
      const published = await gql(
        url,
        'mutation($channel: String!, $text: String!) { addNote(channel: $channel, text: $text, authorId: "p1") { seq } }',
        { channel, text: `from ${index}` },
        bearer(stack.env.LOCAL_AUTH_TOKEN),
      );
      expect(published.body.errors).toBeUndefined();
    }
    const [first, second] = await Promise.all(subscriptions.map((subscription) => subscription.waitFor(2)));
    expect(first.map((result) => result.data.noteAdded.text)).toEqual(['from 0', 'from 1']);
    expect(second).toEqual(first);
    expect(first[0].data.noteAdded.author).toEqual({ name: 'Person p1' });
  });
});
