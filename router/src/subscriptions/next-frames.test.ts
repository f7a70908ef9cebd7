import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { serializeResult, socketOutput } from './next-frames.ts';

const servers: WebSocketServer[] = [];

/** A real ws server and client; resolves with the server side of the connection and what the client got. */
async function connected(options: { perMessageDeflate?: boolean } = {}) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: options.perMessageDeflate });
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const serverSide = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    perMessageDeflate: options.perMessageDeflate,
  });
  const received: string[] = [];
  const waiters: (() => void)[] = [];
  client.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    received.push(data.toString());
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  const receivedCount = async (count: number) => {
    while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return received;
  };
  return { socket: await serverSide, client, receivedCount };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('next frames', () => {
  it('serializes a result once for every subscriber, errors as graphql-ws sends them', () => {
    const result = { data: { n: 1 } };
    expect(serializeResult(result)).toBe(serializeResult(result));
    const failed = { data: null, errors: [new GraphQLError('x', { extensions: { code: 'C' } })] };
    expect(JSON.parse(serializeResult(failed).toString())).toEqual({
      data: null,
      errors: [{ message: 'x', extensions: { code: 'C' } }],
    });
  });

  it('writes graphql-ws next messages a client reads as text, for every frame length', async () => {
    const { socket, receivedCount } = await connected();
    const texts = ['short', 'm'.repeat(300), 'l'.repeat(70_000)];
    const output = socketOutput(socket, 'sub "1"');
    for (const text of texts) output.next(serializeResult({ data: { text } }));
    const received = await receivedCount(3);
    expect(received.map((message) => JSON.parse(message))).toEqual(
      texts.map((text) => ({ id: 'sub "1"', type: 'next', payload: { data: { text } } })),
    );
  });

  it('keeps the order of messages ws holds back (compression) and its own', async () => {
    const { socket, receivedCount } = await connected({ perMessageDeflate: true });
    const output = socketOutput(socket, '7');
    socket.send('before');
    output.next(serializeResult({ data: { n: 1 } }));
    socket.send('after');
    expect(await receivedCount(3)).toEqual(['before', '{"id":"7","type":"next","payload":{"data":{"n":1}}}', 'after']);
  });

  it('sends nothing once the socket is closing', async () => {
    const { socket, client, receivedCount } = await connected();
    const output = socketOutput(socket, '1');
    const closed = new Promise((resolve) => client.once('close', resolve));
    socket.close(1000);
    output.next(serializeResult({ data: { late: true } }));
    await closed;
    expect(await receivedCount(0)).toEqual([]);
  });
});
