/**
 * The production image ships the front ends: its Dockerfile runs the front-end build step after the
 * install and before dropping to the unprivileged user, local builds stay out of the build context,
 * and that same step (here on the working tree, rebuilding only what is stale) leaves the console and
 * the H5 app exactly where the router's handlers serve them from, at / and /h5/. No Docker daemon here:
 * the image itself is not built.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleServer } from '../../router/src/console.ts';
import type { RouterEnv } from '../../router/src/env.ts';
import { createH5AppServer } from '../../router/src/h5-app.ts';
import { buildApps } from './build-apps.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(`${root}/ops/docker/Dockerfile`, 'utf8');
const dockerignore = readFileSync(`${root}/.dockerignore`, 'utf8').split('\n');

describe('the image builds and serves the console and the H5 app', { timeout: 600_000 }, () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    buildApps(false);
    const env = { AUTH_MODE: 'local' } as RouterEnv;
    const consoleFiles = createConsoleServer(env);
    const h5Files = createH5AppServer(env);
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (!h5Files.handle(req, res, path) && !consoleFiles.handle(req, res, path)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 600_000);

  afterAll(() => new Promise<void>((done) => server?.close(() => done())));

  it('runs the front-end build after the install, before dropping privileges, from a clean context', () => {
    const lines = dockerfile.split('\n');
    const install = lines.findIndex((line) => /pnpm install --frozen-lockfile/.test(line));
    const build = lines.findIndex((line) => /node ops\/docker\/build-apps\.ts(?!.*--if-stale)/.test(line));
    const user = lines.findIndex((line) => /^USER node/.test(line));
    expect(install).toBeGreaterThan(-1);
    expect(build).toBeGreaterThan(install);
    expect(user).toBeGreaterThan(build);
    // Builds from the developer's machine never enter the image: it builds its own.
    expect(dockerignore).toEqual(expect.arrayContaining(['.output', 'dist']));
  });

  it('leaves the console where the router serves it at /', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    const entry = /<script[^>]+src="(\/_nuxt\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    expect((await fetch(`${base}${entry}`)).status).toBe(200);
    // A client-side route gets the app too.
    expect((await fetch(`${base}/agents/some-id`)).status).toBe(200);
  });

  it('leaves the H5 app where the router serves it at /h5/', async () => {
    const response = await fetch(`${base}/h5/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const entry = /<script[^>]+src="(\/h5\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    expect((await fetch(`${base}${entry}`)).status).toBe(200);
  });
});
