/**
 * What a send and an agent's post cost the database (the chat round trip's hot path, `pnpm bench:chat`):
 * one statement reads what they check, one writes the message, its stream entry and the relay event.
 */
import { DATABASE_KINDS, startTestSubgraph, statementsOf } from '@mc/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatModule } from '../src/index.ts';
import { ChatHarness, HISTORY, POST_AGENT, SEND } from './fixtures.ts';

/** The kit's relays run in the background (started by the send, not waited for): not the send's cost. */
const relaying = (statement: string) =>
  /^\s*(begin|commit|rollback)\b|published_at|for update skip locked/i.test(statement);

describe.each(DATABASE_KINDS)('chat send cost on %s', (kind) => {
  let chat: ChatHarness;

  beforeAll(async () => {
    chat = new ChatHarness(await startTestSubgraph(chatModule, kind));
  });
  afterAll(async () => {
    await chat?.subgraph.close();
  });

  it('sends in two statements and posts in two, a retry in one; sequences stay gap-free', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    const agent = org.agent(agentId);
    const counts: Record<string, number> = {};
    const measure = async (name: string, run: () => Promise<Record<string, any>>) => {
      let data: Record<string, any> = {};
      const seen = await statementsOf(chat.subgraph.runtime.database, async () => {
        data = await run();
      });
      counts[name] = seen.filter((statement) => !relaying(statement)).length;
      return data;
    };
    const sent = await measure('send', () =>
      chat.ok(h5, SEND, { input: { sessionId, clientMessageId: 'a', text: 'hi' } }),
    );
    const retried = await measure('retry', () =>
      chat.ok(h5, SEND, { input: { sessionId, clientMessageId: 'a', text: 'hi again' } }),
    );
    const posted = await measure('post', () =>
      chat.ok(agent, POST_AGENT, { input: { sessionId, text: 'hello', clientMessageId: 'r' } }),
    );
    expect(counts).toEqual({ send: 2, retry: 1, post: 2 });
    expect(sent.sendMessage).toMatchObject({ __typename: 'ChatMessage', sequence: 1, status: 'SENT' });
    expect(retried.sendMessage.id).toBe(sent.sendMessage.id);
    expect(posted.postAgentMessage).toMatchObject({ __typename: 'ChatMessage', sequence: 2, author: 'AGENT' });
    // What the write returned is what was stored.
    const history = await chat.ok(h5, HISTORY, { id: sessionId });
    expect(history.chatSession.messages.nodes).toEqual([sent.sendMessage, posted.postAgentMessage].map(strip));
    expect(history.chatSession.lastSequence).toBe(2);
  });

  it('keeps sequences gap-free when concurrent posts race for one client id', async () => {
    const { org, agentId, h5, sessionId } = await chat.world();
    const agent = org.agent(agentId);
    const results = await Promise.all(
      ['x', 'y', 'x', 'y', 'x'].map((clientMessageId) =>
        chat.ok(agent, POST_AGENT, { input: { sessionId, text: clientMessageId, clientMessageId } }),
      ),
    );
    const ids = new Map<string, Set<string>>();
    for (const result of results) {
      const message = result.postAgentMessage;
      ids.set(message.text, (ids.get(message.text) ?? new Set()).add(message.id));
    }
    expect([...ids.values()].map((set) => set.size)).toEqual([1, 1]);
    const history = await chat.ok(h5, HISTORY, { id: sessionId });
    expect(history.chatSession.messages.nodes.map((m: { sequence: number }) => m.sequence)).toEqual([1, 2]);
    expect(history.chatSession.lastSequence).toBe(2);
  });
});

/** The history's fields are the send's minus `__typename`. */
function strip(message: Record<string, unknown>) {
  const { __typename, ...rest } = message;
  return rest;
}
