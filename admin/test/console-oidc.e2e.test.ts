/**
 * OIDC sign-in in a real browser: the embedded stack in `AUTH_MODE=oidc` and a small identity provider
 * in this test process (discovery, an authorize endpoint that consents at once, a token endpoint that
 * checks the PKCE verifier against the challenge, an RS256-signed ID token and its JWKS). The console
 * must redirect with state and an S256 challenge, exchange the code, have the router accept the ID
 * token, and show the signed-in person; a tampered state is refused.
 */
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbedded } from '../../router/test/support/processes.ts';
import { ensureConsoleBuilt } from '../scripts/build.ts';

const CLIENT_ID = 'mc-console';
const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

interface PendingCode {
  challenge: string;
  method: string;
  redirectUri: string;
  nonce: string;
}

/** A minimal OpenID provider; it records what the client sent so the test can check it. */
async function startProvider() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const seen: { authorize: URLSearchParams[]; token: URLSearchParams[] } = { authorize: [], token: [] };
  let issuer = '';
  const sign = (payload: object) => {
    const input = `${b64url(JSON.stringify({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*' };
    if (url.pathname === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
        }),
      );
    } else if (url.pathname === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else if (url.pathname === '/authorize') {
      seen.authorize.push(url.searchParams);
      const code = randomBytes(16).toString('hex');
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      codes.set(code, {
        challenge: url.searchParams.get('code_challenge') ?? '',
        method: url.searchParams.get('code_challenge_method') ?? '',
        redirectUri,
        nonce: url.searchParams.get('nonce') ?? '',
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      res.end();
    } else if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      seen.token.push(form);
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const ok =
        pending &&
        pending.method === 'S256' &&
        createHash('sha256').update(verifier).digest('base64url') === pending.challenge &&
        form.get('redirect_uri') === pending.redirectUri &&
        form.get('client_id') === CLIENT_ID;
      if (!ok) {
        res.writeHead(400, { 'content-type': 'application/json', ...cors });
        res.end(JSON.stringify({ error: 'invalid_grant' }));
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const idToken = sign({
        iss: issuer,
        sub: 'ada-1',
        aud: CLIENT_ID,
        iat: now,
        exp: now + 600,
        nonce: pending.nonce,
        email: 'ada@example.test',
        name: 'Ada Lovelace',
      });
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify({ id_token: idToken, access_token: 'opaque', token_type: 'Bearer', expires_in: 600 }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, seen, close: () => new Promise<void>((done) => server.close(() => done())) };
}

describe('OIDC sign-in in Chromium', { timeout: 60_000 }, () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let stack: EmbeddedStack;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    provider = await startProvider();
    stack = await startEmbedded(undefined, {
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: provider.issuer,
      OIDC_JWKS_URL: `${provider.issuer}/jwks`,
      OIDC_AUDIENCE: CLIENT_ID,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_SCOPE: 'openid email profile',
    });
    origin = new URL(stack.url).origin;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await provider?.close();
  });

  it('signs in through the provider with PKCE and the router accepts the ID token', async () => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${origin}/boards`);
    await page.waitForURL(`${origin}/sign-in`);
    await page.getByTestId('oidc-sign-in').click();
    await page.waitForURL(`${origin}/boards`);
    await page.getByTestId('no-organization').waitFor();
    expect(await page.locator('header').textContent()).toContain('Ada Lovelace');

    const authorize = provider.seen.authorize[0];
    expect(authorize.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.get('response_type')).toBe('code');
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('scope')).toBe('openid email profile');
    expect(authorize.get('redirect_uri')).toBe(`${origin}/auth/callback`);
    expect(authorize.get('state')).toMatch(/^[\w-]{43}$/);
    expect(provider.seen.token).toHaveLength(1);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('mc.console.session') ?? 'null'));
    expect(stored).toMatchObject({ mode: 'oidc', organizationId: null });
    expect(stored.expiresAt).toBeGreaterThan(Date.now());
  });

  it('refuses a callback whose state was not sent', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${origin}/auth/callback?code=forged&state=forged`);
    await expect.poll(() => page.getByTestId('problem').getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(await page.evaluate(() => localStorage.getItem('mc.console.session'))).toBeNull();
    expect(provider.seen.token).toHaveLength(1);
  });
});
