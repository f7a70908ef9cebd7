/**
 * The benchmark's client against real servers on loopback: a `ws` + `graphql-ws` server for the
 * graphql-transport-ws handshake and the counting, and a bare `ws` server for the WebSocket protocol
 * (pings, fragmented messages, close handshakes, a refused subprotocol).
 */
import type { AddressInfo } from 'node:net';
import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { BenchClient, timestampText } from './clients.ts';
import { WsConnection } from './ws-connection.ts';

const SUBSCRIPTION = 'subscription($channel: String!) { noteAdded(channel: $channel) { text author { name } } }';

/** Notes published to every current subscriber (each subscription its own queue, removed when it ends). */
function notes() {
  const queues = new Set<(text: string) => void>();
  return {
    get subscribers() {
      return queues.size;
    },
    publish(text: string) {
      for (const deliver of queues) deliver(text);
    },
    subscribe(): AsyncIterableIterator<string> {
      const items: string[] = [];
      let waiting: ((result: IteratorResult<string>) => void) | null = null;
      const deliver = (text: string) => {
        if (waiting) waiting({ value: text, done: false });
        else items.push(text);
        waiting = null;
      };
      queues.add(deliver);
      return {
        next: () =>
          items.length > 0
            ? Promise.resolve({ value: items.shift()!, done: false })
            : new Promise((resolve) => {
                waiting = resolve;
              }),
        return: () => {
          queues.delete(deliver);
          waiting?.({ value: undefined, done: true });
          return Promise.resolve({ value: undefined, done: true });
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
}

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const socket of server.clients) socket.terminate();
    await new Promise((done) => server.close(done));
  }
});

async function listen(options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<{
  server: WebSocketServer;
  url: string;
}> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/graphql', ...options });
  servers.push(server);
  await new Promise((ready) => server.once('listening', ready));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

async function graphqlWsServer(accept: (params: Record<string, unknown>) => boolean = () => true) {
  const feed = notes();
  const Author = new GraphQLObjectType({ name: 'Author', fields: { name: { type: GraphQLString } } });
  const Note = new GraphQLObjectType({
    name: 'Note',
    fields: {
      text: {
        type: GraphQLString,
        resolve: (text: string) => {
          if (text === 'boom') throw new Error('the note failed');
          return text;
        },
      },
      author: { type: Author, resolve: () => ({ name: 'Ada' }) },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        noteAdded: {
          type: Note,
          args: { channel: { type: new GraphQLNonNull(GraphQLString) } },
          subscribe: () => feed.subscribe(),
          resolve: (text: string) => text,
        },
      },
    }),
  });
  const { server, url } = await listen();
  useServer({ schema, onConnect: (ctx) => accept(ctx.connectionParams ?? {}) }, server);
  return { server, url, feed };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('BenchClient against a graphql-ws server', () => {
  it('completes the graphql-transport-ws handshake, counts its nexts, times probes, and spots errors', async () => {
    const { server, url, feed } = await graphqlWsServer((params) => params.authorization === 'Bearer t');
    const clients = [new BenchClient(true), new BenchClient(false), new BenchClient(false)];
    for (const client of clients)
      await client.start(url, { authorization: 'Bearer t' }, SUBSCRIPTION, { channel: 'c' });
    await until(() => feed.subscribers === 3);

    const sent = [timestampText(), timestampText(), timestampText()];
    for (const text of sent) feed.publish(text);
    await until(() => clients.every((client) => client.received === 3));
    expect(clients.map((client) => client.errors)).toEqual([0, 0, 0]);
    expect(clients[0].sentAts).toEqual(sent.map(Number));
    expect(clients[0].latencies).toHaveLength(3);
    for (const latency of clients[0].latencies) expect(latency).toBeGreaterThanOrEqual(0);
    expect(clients[1].latencies).toEqual([]);

    feed.publish('boom');
    await until(() => clients.every((client) => client.received === 4));
    expect(clients.map((client) => client.errors)).toEqual([1, 1, 1]);
    for (const client of clients) expect(client.errorSample).toContain('the note failed');

    const closes: number[] = [];
    for (const socket of server.clients) socket.once('close', (code) => closes.push(code));
    for (const client of clients) client.close();
    await until(() => closes.length === 3);
    expect(closes).toEqual([1000, 1000, 1000]);
    await until(() => feed.subscribers === 0);
    expect(clients.map((client) => client.closedWith)).toEqual([null, null, null]);
  });

  it('fails to start, with the close code, when the server refuses the connection', async () => {
    const { url } = await graphqlWsServer(() => false);
    const client = new BenchClient(false);
    await expect(client.start(url, {}, SUBSCRIPTION, { channel: 'c' })).rejects.toThrow(/4403/);
    expect(client.closedWith).toBe(4403);
  });

  it('records a close by the server (not the client) and answers graphql-ws pings', async () => {
    const { server, url, feed } = await graphqlWsServer();
    const client = new BenchClient(false);
    await client.start(url, {}, SUBSCRIPTION, { channel: 'c' });
    await until(() => feed.subscribers === 1);
    const [socket] = server.clients;
    const pong = new Promise<string>((answered) => socket.once('message', (data) => answered(String(data))));
    socket.send('{"type":"ping"}');
    expect(JSON.parse(await pong)).toEqual({ type: 'pong' });
    socket.close(4500, 'Internal error');
    await until(() => client.closedWith !== null);
    expect(client.closedWith).toBe(4500);
  });
});

describe('WsConnection against a ws server', () => {
  async function connected(options: ConstructorParameters<typeof WebSocketServer>[0] = {}) {
    const { server, url } = await listen({ handleProtocols: () => 'graphql-transport-ws', ...options });
    const peer = new Promise<WebSocket>((accepted) => server.once('connection', accepted));
    const messages: string[] = [];
    let closedWith: number | null = null;
    const connection = await WsConnection.connect(url, 'graphql-transport-ws', {
      message: (text, payload) => messages.push(`${text ? 'text' : 'binary'}:${payload.toString()}`),
      closed: (code) => {
        closedWith = code;
      },
    });
    return { connection, socket: await peer, messages, closed: () => closedWith };
  }

  it('answers a ping with a pong carrying its payload', async () => {
    const { socket } = await connected();
    const pong = new Promise<Buffer>((answered) => socket.once('pong', answered));
    socket.ping(Buffer.from('are you there'));
    expect(String(await pong)).toBe('are you there');
  });

  it('receives messages fragmented by the server, large and small', async () => {
    const { socket, messages } = await connected();
    socket.send('{"type":', { fin: false });
    socket.send('"next"', { fin: false });
    socket.send('}', { fin: true });
    const large = 'z'.repeat(200_000);
    socket.send(large);
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(() => messages.length === 3);
    expect(messages).toEqual(['text:{"type":"next"}', `text:${large}`, `binary:${Buffer.from([1, 2, 3])}`]);
  });

  it('sends masked messages the server reads', async () => {
    const { connection, socket } = await connected();
    const received = new Promise<string>((got) => socket.once('message', (data) => got(String(data))));
    connection.send('ü'.repeat(40_000));
    expect(await received).toBe('ü'.repeat(40_000));
  });

  it('echoes the close code of a server close, and reports it', async () => {
    const { socket, closed } = await connected();
    const echoed = new Promise<number>((done) => socket.once('close', done));
    socket.close(4409, 'Subscriber already exists');
    expect(await echoed).toBe(4409);
    expect(closed()).toBe(4409);
  });

  it('closes with a close handshake, and reports 1006 for a dropped connection', async () => {
    const first = await connected();
    const code = new Promise<number>((done) => first.socket.once('close', done));
    first.connection.close(1000);
    expect(await code).toBe(1000);
    await until(() => first.closed() === 1000);

    const second = await connected();
    second.socket.terminate();
    await until(() => second.closed() !== null);
    expect(second.closed()).toBe(1006);
  });

  it('refuses a server that does not take the subprotocol', async () => {
    const { url } = await listen({ handleProtocols: () => false });
    await expect(
      WsConnection.connect(url, 'graphql-transport-ws', { message: () => {}, closed: () => {} }),
    ).rejects.toThrow(/subprotocol/);
  });
});
