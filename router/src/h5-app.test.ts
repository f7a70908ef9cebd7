import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterEnv } from './env.ts';
import { createH5AppServer } from './h5-app.ts';

describe('H5 app static serving at /h5/', () => {
  const root = mkdtempSync(join(tmpdir(), 'mc-h5-'));
  let server: Server;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<html>phone</html>');
    writeFileSync(join(root, 'sw.js'), 'self.skipWaiting()');
    writeFileSync(join(root, 'manifest.webmanifest'), '{}');
    writeFileSync(join(root, 'assets/index-abc.js'), 'console.log(1)');
    const app = createH5AppServer({ AUTH_MODE: 'local' } as RouterEnv, root);
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (!app.handle(req, res, path)) {
        res.writeHead(418);
        res.end('not the app');
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('serves the app page, its assets, service worker and manifest', async () => {
    expect(await (await fetch(`${base}/h5/`)).text()).toBe('<html>phone</html>');
    expect(await (await fetch(`${base}/h5/assets/index-abc.js`)).text()).toBe('console.log(1)');
    const sw = await fetch(`${base}/h5/sw.js`);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-type')).toContain('text/javascript');
    const manifest = await fetch(`${base}/h5/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
  });

  it('answers client-side routes with the app page and redirects /h5 to /h5/', async () => {
    expect(await (await fetch(`${base}/h5/chat/anything`)).text()).toBe('<html>phone</html>');
    const redirect = await fetch(`${base}/h5`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/h5/');
  });

  it('404s a missing file under /h5/ and leaves every other path to the console', async () => {
    expect((await fetch(`${base}/h5/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/h5/../../etc/passwd`)).status).not.toBe(200);
    expect((await fetch(`${base}/boards`)).status).toBe(418);
    expect((await fetch(`${base}/h5x/`)).status).toBe(418);
  });
});
