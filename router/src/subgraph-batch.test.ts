import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SubgraphBatcher } from './subgraph-batch.ts';

interface Seen {
  path: string;
  identity: string | undefined;
  requestId: string | undefined;
  body: unknown;
}

/** A subgraph stand-in that echoes each operation's identity and variables, alone or batched. */
describe('SubgraphBatcher', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  let batchStatus = 200;
  /** How the stand-in sends a batch's answer lines (one string each, in the order sent). */
  let sendLines: (lines: string[], res: import('node:http').ServerResponse) => void;
  const allAtOnce: typeof sendLines = (lines, res) => res.end(lines.join(''));

  const echo = (identity: unknown, request: { variables?: { n?: number } }) => ({
    data: { identity, n: request.variables?.n },
  });

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        const body = JSON.parse(text);
        const path = (req.url ?? '').split('?')[0];
        seen.push({
          path,
          identity: req.headers['x-mc-identity'] as string | undefined,
          requestId: req.headers['x-request-id'] as string | undefined,
          body,
        });
        if (path.endsWith('/batch')) {
          res.statusCode = batchStatus;
          if (batchStatus !== 200) {
            res.setHeader('content-type', 'application/json');
            return res.end('{"errors":[{"message":"nope"}]}');
          }
          res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
          const lines = body.map(
            (operation: { identity: string; request: { variables?: { n?: number } } }, index: number) =>
              `${JSON.stringify(
                operation.request.variables?.n === 13
                  ? {
                      index,
                      status: 400,
                      body: { errors: [{ message: 'unlucky', extensions: { code: 'BAD_USER_INPUT' } }] },
                    }
                  : { index, status: 200, body: echo(operation.identity, operation.request) },
              )}\n`,
          );
          return sendLines(lines, res);
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(echo(req.headers['x-mc-identity'], body)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
    batchStatus = 200;
    sendLines = allAtOnce;
  });

  const read = (n: number, identity = `id-${n}`) => ({
    signedIdentity: identity,
    requestId: `req-${n}`,
    body: JSON.stringify({ query: 'query($n: Int) { n }', variables: { n } }),
  });

  it('sends the reads of one turn as one batch and gives each caller its own answer', async () => {
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const responses = await Promise.all([1, 2, 3].map((n) => batcher.send(read(n))));
    expect(seen.map((request) => request.path)).toEqual(['/graphql/batch']);
    expect(seen[0].body).toEqual(
      [1, 2, 3].map((n) => ({
        identity: `id-${n}`,
        requestId: `req-${n}`,
        request: { query: 'query($n: Int) { n }', variables: { n } },
      })),
    );
    for (const [index, response] of responses.entries()) {
      expect(response.ok).toBe(true);
      expect(response.header('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ data: { identity: `id-${index + 1}`, n: index + 1 } });
    }
  });

  it('sends a read alone in its turn to /graphql with its identity and request id', async () => {
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const response = await batcher.send(read(7));
    expect(seen).toEqual([
      {
        path: '/graphql',
        identity: 'id-7',
        requestId: 'req-7',
        body: { query: 'query($n: Int) { n }', variables: { n: 7 } },
      },
    ]);
    expect(await response.json()).toEqual({ data: { identity: 'id-7', n: 7 } });
  });

  it('splits a turn into batches of at most its maximum', async () => {
    const sizes: number[] = [];
    const batcher = new SubgraphBatcher(`${base}/graphql`, 2, (reads) => sizes.push(reads));
    const responses = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.send(read(n))));
    expect(seen.map((request) => request.path).sort()).toEqual(['/graphql', '/graphql/batch', '/graphql/batch']);
    expect(sizes).toEqual([2, 2, 1]);
    const answers = await Promise.all(responses.map((response) => response.json()));
    expect(answers.map((answer) => (answer as { data: { n: number } }).data.n)).toEqual([1, 2, 3, 4, 5]);
  });

  it("passes an operation's failing status on to its caller only", async () => {
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const [good, bad] = await Promise.all([batcher.send(read(1)), batcher.send(read(13))]);
    expect(good.ok).toBe(true);
    expect(bad.ok).toBe(false);
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.text()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('falls back to single requests, for good, when the subgraph has no batch endpoint', async () => {
    batchStatus = 404;
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const first = await Promise.all([1, 2].map((n) => batcher.send(read(n))));
    const second = await Promise.all([3, 4].map((n) => batcher.send(read(n))));
    expect(seen.map((request) => request.path)).toEqual([
      '/graphql/batch',
      '/graphql',
      '/graphql',
      '/graphql',
      '/graphql',
    ]);
    const answers = await Promise.all([...first, ...second].map((response) => response.json()));
    expect(answers).toEqual([1, 2, 3, 4].map((n) => ({ data: { identity: `id-${n}`, n } })));
  });

  it('keeps a batch small enough for the subgraph: large reads go in smaller batches or alone', async () => {
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const large = (n: number) => ({
      ...read(n),
      body: JSON.stringify({
        query: 'query($n: Int) { n }',
        variables: { n },
        extensions: { pad: 'x'.repeat(100_000) },
      }),
    });
    const responses = await Promise.all([1, 2, 3].map((n) => batcher.send(large(n))));
    // 2 × 100 KB fit in one batch (at most 256 KiB), the third goes alone.
    expect(seen.map((request) => request.path).sort()).toEqual(['/graphql', '/graphql/batch']);
    expect(seen.find((request) => request.path === '/graphql/batch')?.body).toHaveLength(2);
    const answers = await Promise.all(responses.map((response) => response.json()));
    expect(answers.map((answer) => (answer as { data: { n: number } }).data.n)).toEqual([1, 2, 3]);
  });

  it('sends each read of a batch the subgraph found too large again on its own, and keeps batching', async () => {
    batchStatus = 413;
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const responses = await Promise.all([1, 2].map((n) => batcher.send(read(n))));
    expect(await Promise.all(responses.map((response) => response.json()))).toEqual(
      [1, 2].map((n) => ({ data: { identity: `id-${n}`, n } })),
    );
    batchStatus = 200;
    await Promise.all([3, 4].map((n) => batcher.send(read(n))));
    expect(seen.map((request) => request.path)).toEqual(['/graphql/batch', '/graphql', '/graphql', '/graphql/batch']);
    expect(seen[1].identity).not.toBe(seen[2].identity);
  });

  it('fails every read of a batch whose request fails, and none of another', async () => {
    batchStatus = 502;
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const results = await Promise.allSettled([1, 2].map((n) => batcher.send(read(n))));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/502/);
    batchStatus = 200;
    const again = await Promise.all([1, 2].map((n) => batcher.send(read(n))));
    expect(again.every((response) => response.ok)).toBe(true);
  });

  it('hands each read its answer as its line arrives, in any order, even split between packets', async () => {
    let finish = () => {};
    sendLines = (lines, res) => {
      // The last read's answer first, in two writes that split a character; the rest only later.
      const [last, ...rest] = [...lines].reverse();
      const bytes = Buffer.from(last.replace('"body":{', '"body":{"note":"完",'));
      const split = bytes.indexOf(Buffer.from('完')) + 1;
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.write(bytes.subarray(split)), 20);
      finish = () => res.end(rest.join(''));
    };
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    const pending = [1, 2, 3].map((n) => batcher.send(read(n)));
    const third = await pending[2];
    expect(await third.json()).toEqual({ note: '完', data: { identity: 'id-3', n: 3 } });
    finish();
    const answers = await Promise.all(pending.slice(0, 2).map(async (response) => (await response).json()));
    expect(answers).toEqual([1, 2].map((n) => ({ data: { identity: `id-${n}`, n } })));
  });

  it('fails the reads a batch answer leaves out, garbles or cuts off, and keeps those it answered', async () => {
    const batcher = new SubgraphBatcher(`${base}/graphql`);
    sendLines = (lines, res) => res.end(lines[0]);
    const missing = await Promise.allSettled([1, 2].map((n) => batcher.send(read(n))));
    expect(missing[0].status).toBe('fulfilled');
    expect(String((missing[1] as PromiseRejectedResult).reason)).toMatch(/missing operations/);

    sendLines = (lines, res) => res.end(`${lines[1]}{"index":\n${lines[0]}`);
    const garbled = await Promise.allSettled([1, 2].map((n) => batcher.send(read(n))));
    expect(garbled.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);

    sendLines = (lines, res) => {
      // The subgraph dies after its first answer: the connection is cut mid-stream.
      res.write(lines[0]);
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const cut = await Promise.allSettled([1, 2].map((n) => batcher.send(read(n))));
    expect(cut.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);

    sendLines = (lines, res) => res.end(`${lines[0]}${lines[0]}${lines[1]}`);
    const twice = await Promise.allSettled([1, 2].map((n) => batcher.send(read(n))));
    expect(twice.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect(String((twice[1] as PromiseRejectedResult).reason)).toMatch(/does not match/);
  });
});
