/**
 * Federated subscriptions through the router, with real processes: the `feed` fixture subgraph
 * owns `noteAdded`, the `people` fixture resolves each note's `Person`s, and the router plans the
 * operation, opens the primary fetch upstream over graphql-ws, completes each event with batched
 * `_entities` fetches and shapes it to the client's selection. Identical subscriptions under one
 * identity scope share one upstream; the upstream closes with its last subscriber; upstream
 * failures reach the client instead of hanging it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, gql } from './support/processes.ts';
import { connect, eventually, type TestSocket } from './support/subscription-fixtures/client.ts';
import { type SubscriptionStack, startSubscriptionStack } from './support/subscription-fixtures/stack.ts';

const NOTES = `subscription Notes($channel: String!) {
  noteAdded(channel: $channel) { text seq author { id name } mentions { name } }
}`;

describe('federated subscriptions', () => {
  let stack: SubscriptionStack;
  let routerUrl: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    stack = await startSubscriptionStack();
    routerUrl = (await stack.startRouter()).url;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await stack?.stop();
  });

  const admin = () => ({ authorization: `Bearer ${stack.env.LOCAL_AUTH_TOKEN}` });
  const open = (params: Record<string, unknown> = admin()) => {
    const socket = connect(routerUrl, params);
    sockets.push(socket);
    return socket;
  };
  const publish = async (channel: string, text: string, authorId = 'a1', mentionIds: string[] = []) => {
    const response = await gql(
      routerUrl,
      'mutation($channel: String!, $text: String!, $authorId: ID!, $mentionIds: [ID!]) { addNote(channel: $channel, text: $text, authorId: $authorId, mentionIds: $mentionIds) { seq } }',
      { channel, text, authorId, mentionIds },
      bearer(stack.env.LOCAL_AUTH_TOKEN),
    );
    expect(response.body.errors).toBeUndefined();
  };
  const feedStats = () =>
    stack.direct<{ feedStats: { activeSubscriptions: number; openedSubscriptions: number } }>(
      stack.feed[0].url,
      '{ feedStats { activeSubscriptions openedSubscriptions } }',
    );
  const upstreams = (count: number) =>
    eventually(
      async () => (await feedStats()).feedStats.activeSubscriptions,
      (active) => active === count,
    );
  const entityRequests = async () =>
    (
      await stack.direct<{ peopleStats: { entityRequests: number } }>(
        stack.people.url,
        '{ peopleStats { entityRequests } }',
      )
    ).peopleStats.entityRequests;

  it('delivers each event with fields from two subgraphs, shaped to the selection, entities batched', async () => {
    const channel = `two-subgraphs-${Date.now()}`;
    const socket = open();
    const notes = socket.subscribe(NOTES, { channel });
    await upstreams(1);
    const before = await entityRequests();

    await publish(channel, 'first', 'a1', ['m1', 'm2', 'm3']);
    await publish(channel, 'second', 'a2');
    const results = await notes.waitFor(2);
    expect(results[0]).toEqual({
      data: {
        noteAdded: {
          text: 'first',
          seq: expect.any(Number),
          author: { id: 'a1', name: 'Person a1' },
          mentions: [{ name: 'Person m1' }, { name: 'Person m2' }, { name: 'Person m3' }],
        },
      },
    });
    expect(results[1].data.noteAdded).toMatchObject({ text: 'second', author: { id: 'a2', name: 'Person a2' } });
    expect(results[1].data.noteAdded.mentions).toEqual([]);
    // The first event: one _entities call for the author and one for all three mentions.
    // The second has no mentions: only the author's.
    expect((await entityRequests()) - before).toBe(3);

    notes.unsubscribe();
    await upstreams(0);
  });

  it('shares one upstream among identical subscriptions of one identity, not across identities', async () => {
    const channel = `shared-${Date.now()}`;
    const query = `subscription($channel: String!) { noteAdded(channel: $channel) { text viewer } }`;
    const opened = (await feedStats()).feedStats.openedSubscriptions;
    const first = open().subscribe(query, { channel });
    const second = open().subscribe(query, { channel });
    await upstreams(1);
    const h5 = open({ authorization: `Bearer ${await stack.h5Token()}` }).subscribe(query, { channel });
    await upstreams(2);
    expect((await feedStats()).feedStats.openedSubscriptions - opened).toBe(2);

    await publish(channel, 'hello');
    const [a] = await first.waitFor(1);
    const [b] = await second.waitFor(1);
    const [c] = await h5.waitFor(1);
    expect(a).toEqual(b);
    expect(a.data.noteAdded.viewer).toMatch(/^user:/);
    expect(c.data.noteAdded).toEqual({ text: 'hello', viewer: expect.stringMatching(/^h5:/) });

    // The upstream stays while one subscriber is left, and closes with the last.
    first.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await feedStats()).feedStats.activeSubscriptions).toBe(2);
    await publish(channel, 'still there');
    expect((await second.waitFor(2))[1].data.noteAdded.text).toBe('still there');
    second.unsubscribe();
    await upstreams(1);
    h5.unsubscribe();
    await upstreams(0);
  });

  it('closes the upstream when the client disconnects', async () => {
    const channel = `disconnect-${Date.now()}`;
    const socket = open();
    socket.subscribe(NOTES, { channel });
    socket.subscribe(`subscription($channel: String!) { noteAdded(channel: $channel) { seq } }`, { channel });
    await upstreams(2);
    await socket.dispose();
    await upstreams(0);
  });

  it('delivers errors of one event and keeps the stream going', async () => {
    const channel = `errors-${Date.now()}`;
    const notes = open().subscribe(NOTES, { channel });
    await upstreams(1);
    await publish(channel, 'bad author', 'broken-1');
    await publish(channel, 'explode');
    await publish(channel, 'fine', 'a3');
    const [brokenAuthor, unreadable, fine] = await notes.waitFor(3);
    expect(brokenAuthor.errors?.[0]).toMatchObject({
      message: 'Person broken-1 is unavailable',
      path: expect.arrayContaining(['noteAdded', 'author']),
      extensions: { code: 'PERSON_UNAVAILABLE' },
    });
    expect(unreadable.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(unreadable.errors?.[0].message).not.toContain('cannot be read');
    expect(fine).toEqual({
      data: { noteAdded: expect.objectContaining({ text: 'fine', author: { id: 'a3', name: 'Person a3' } }) },
    });
    notes.unsubscribe();
    await upstreams(0);
  });

  it('ends the client subscription with an error when the subgraph goes away, and works again after', async () => {
    const channel = `restart-${Date.now()}`;
    const notes = open().subscribe(NOTES, { channel });
    await upstreams(1);
    await stack.feed[0].proc.stop();
    await notes.ended();
    expect(notes.completed).toBe(false);
    expect(notes.error).toEqual([expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE' } })]);

    await stack.startFeed(0);
    const again = open().subscribe(NOTES, { channel });
    await upstreams(1);
    await publish(channel, 'back');
    expect((await again.waitFor(1))[0].data.noteAdded.text).toBe('back');
    again.unsubscribe();
    await upstreams(0);
    // Stopping and starting a subgraph process: 30-40 s on a 2-core machine at load 30.
  }, 120_000);

  it('delivers the first event published right after a restarted subgraph serves the subscription', async () => {
    // Once seen: the first event after a restart went missing. Published exactly once per round, as
    // soon as the restarted subgraph reports the upstream subscription; several rounds to catch a race.
    for (let round = 0; round < 2; round++) {
      const channel = `restart-first-${round}-${Date.now()}`;
      await stack.startFeed(0);
      const notes = open().subscribe(NOTES, { channel });
      await upstreams(1);
      await publish(channel, `first after restart ${round}`);
      const [first] = await notes.waitFor(1, 20_000);
      expect(first.data.noteAdded.text).toBe(`first after restart ${round}`);
      notes.unsubscribe();
      await upstreams(0);
    }
  }, 180_000);
});
