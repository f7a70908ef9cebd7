import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphFetch } from './subgraph-fetch.ts';

describe('subgraphFetch', () => {
  let server: Server;
  let url: string;
  const ports: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const status = req.headers['x-status'] ? Number(req.headers['x-status']) : 200;
        res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify({ method: req.method, header: req.headers['x-mc-test'], body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers and body, and answers like fetch for the data sources', async () => {
    const response = await subgraphFetch(url, { method: 'POST', headers: { 'x-mc-test': 'yes' }, body: '{"q":"é"}' });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.url).toBe(url);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await response.json()).toEqual({ method: 'POST', header: 'yes', body: '{"q":"é"}' });
  });

  it('reports a failing status as not ok with its body', async () => {
    const response = await subgraphFetch(url, { headers: { 'x-status': '503' }, body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(503);
    expect(JSON.parse(await response.text())).toMatchObject({ body: '{}' });
  });

  it('keeps the connection alive between requests', async () => {
    ports.length = 0;
    await subgraphFetch(url, { body: '{}' });
    await subgraphFetch(url, { body: '{}' });
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });

  it('rejects when the subgraph cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(subgraphFetch(`http://127.0.0.1:${port}/graphql`, { body: '{}' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
