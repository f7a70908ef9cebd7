import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizationUrl, challengeFor, createVerifier, discover, exchangeCode } from './pkce';

const settings = { issuer: 'https://id.example.test', clientId: 'console', scope: 'openid email' };
const discovery = {
  authorization_endpoint: 'https://id.example.test/authorize',
  token_endpoint: 'https://id.example.test/token',
};

describe('PKCE', () => {
  it('makes 43-character URL-safe verifiers that differ each time', () => {
    const a = createVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createVerifier()).not.toBe(a);
  });

  it('derives the S256 challenge as RFC 7636 defines it', async () => {
    // The RFC 7636 appendix B example.
    expect(await challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const verifier = createVerifier();
    expect(await challengeFor(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('builds the authorization request with code, PKCE, state and nonce', () => {
    const url = new URL(
      authorizationUrl(discovery, settings, {
        redirectUri: 'http://localhost/auth/callback',
        state: 's1',
        challenge: 'c1',
        nonce: 'n1',
      }),
    );
    expect(url.origin + url.pathname).toBe(discovery.authorization_endpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'console',
      redirect_uri: 'http://localhost/auth/callback',
      scope: 'openid email',
      state: 's1',
      nonce: 'n1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
    });
  });

  it('reads the endpoints from discovery and refuses an incomplete document', async () => {
    const seen: string[] = [];
    const fetcher = (async (url: string) => {
      seen.push(url);
      return new Response(JSON.stringify(discovery));
    }) as typeof fetch;
    expect(await discover(`${settings.issuer}/`, fetcher)).toEqual(discovery);
    expect(seen).toEqual(['https://id.example.test/.well-known/openid-configuration']);
    const incomplete = (async () => new Response(JSON.stringify({ token_endpoint: 'x' }))) as typeof fetch;
    await expect(discover(settings.issuer, incomplete)).rejects.toThrow(/incomplete/);
  });

  it('exchanges the code with the verifier and prefers the ID token', async () => {
    let body = '';
    const fetcher = (async (_url: string, init?: RequestInit) => {
      body = String(init?.body);
      return new Response(JSON.stringify({ id_token: 'id.jwt.token', access_token: 'opaque' }));
    }) as typeof fetch;
    const token = await exchangeCode(
      discovery,
      settings,
      { code: 'abc', verifier: 'v1', redirectUri: 'http://localhost/cb' },
      fetcher,
    );
    expect(token).toBe('id.jwt.token');
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      grant_type: 'authorization_code',
      code: 'abc',
      redirect_uri: 'http://localhost/cb',
      client_id: 'console',
      code_verifier: 'v1',
    });
    const failing = (async () => new Response('{}', { status: 400 })) as typeof fetch;
    await expect(
      exchangeCode(discovery, settings, { code: 'x', verifier: 'v', redirectUri: 'r' }, failing),
    ).rejects.toThrow(/400/);
  });
});
