/** A loopback OIDC provider: serves a JWKS and signs RS256 tokens like Clerk does. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export interface OidcProvider {
  issuer: string;
  jwksUrl: string;
  sign(
    claims: JWTPayload & { sub: string },
    options?: { expiresIn?: string | number; foreignKey?: boolean },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcProvider(audience: string): Promise<OidcProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: base,
    jwksUrl: `${base}/.well-known/jwks.json`,
    async sign(claims, options = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(typeof claims.iss === 'string' ? claims.iss : base)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(options.foreignKey ? foreign.privateKey : privateKey);
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}

export const OIDC_AUDIENCE = 'mission-control';
