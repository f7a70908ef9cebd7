import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleServer, pagePolicy } from './console.ts';
import type { RouterEnv } from './env.ts';

describe('console static serving', () => {
  const root = mkdtempSync(join(tmpdir(), 'mc-console-'));
  const outside = mkdtempSync(join(tmpdir(), 'mc-outside-'));
  let server: Server;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(root, '_nuxt'));
    writeFileSync(join(root, 'index.html'), '<html>index</html>');
    writeFileSync(join(root, '200.html'), '<html>spa</html>');
    writeFileSync(join(root, '_nuxt/app.js'), 'console.log(1)');
    writeFileSync(join(root, '_nuxt/app.js.gz'), gzipSync('console.log(1)'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    const env = {
      CONSOLE_DIR: root,
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: 'https://id.example.test',
      OIDC_CLIENT_ID: 'console',
      OIDC_SCOPE: 'openid',
    } as RouterEnv;
    const console = createConsoleServer(env);
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (!console.handle(req, res, path)) {
        res.writeHead(404);
        res.end('not the console');
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('serves the entry page, revalidated, with security headers', async () => {
    const response = await fetch(`${base}/`);
    expect(await response.text()).toBe('<html>index</html>');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('allows only its own scripts and the OIDC issuer on its pages', async () => {
    const policy = (await fetch(`${base}/`)).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self' https://id.example.test");
    expect(policy).toContain("frame-ancestors 'none'");
    const inline = pagePolicy('<script type="module" src="/a.js"></script><script>boot()</script>', undefined);
    expect(inline).toContain(`'sha256-${createHash('sha256').update('boot()').digest('base64')}'`);
    expect(inline).toContain("connect-src 'self';");
  });

  it('serves hashed assets for a year, gzipped when accepted', async () => {
    const response = await fetch(`${base}/_nuxt/app.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers client-side routes with the app page, but not missing files', async () => {
    expect(await (await fetch(`${base}/boards/123`)).text()).toBe('<html>spa</html>');
    expect((await fetch(`${base}/_nuxt/missing.js`)).status).toBe(404);
  });

  it('never serves files outside its folder', async () => {
    const relative = `/..%2F${outside.split('/').pop()}%2Fsecret.txt`;
    const response = await fetch(`${base}${relative}`);
    expect(await response.text()).not.toBe('secret');
  });

  it('serves the sign-in settings, never a secret', async () => {
    const config = await (await fetch(`${base}/console/config`)).json();
    expect(config).toEqual({
      authMode: 'oidc',
      oidc: { issuer: 'https://id.example.test', clientId: 'console', scope: 'openid' },
    });
  });

  it('leaves other methods to the router', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(404);
  });
});
