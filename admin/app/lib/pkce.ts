/**
 * OIDC authorization code flow with PKCE for a public browser client: the verifier, the S256
 * challenge, the authorization URL and the token exchange. The issuer's discovery document names
 * the endpoints; the router serves the issuer and client id (`/console/config`).
 */

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

export interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A high-entropy verifier (43 characters of the unreserved set, as RFC 7636 asks). */
export function createVerifier(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return base64Url(random(new Uint8Array(32)));
}

export async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export async function discover(issuer: string, fetcher: typeof fetch = fetch): Promise<Discovery> {
  const response = await fetcher(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery failed (${response.status})`);
  const document = (await response.json()) as Partial<Discovery>;
  if (!document.authorization_endpoint || !document.token_endpoint) throw new Error('OIDC discovery is incomplete');
  return { authorization_endpoint: document.authorization_endpoint, token_endpoint: document.token_endpoint };
}

export function authorizationUrl(
  discovery: Discovery,
  settings: OidcSettings,
  request: { redirectUri: string; state: string; challenge: string; nonce: string },
): string {
  const url = new URL(discovery.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', settings.scope);
  url.searchParams.set('state', request.state);
  url.searchParams.set('nonce', request.nonce);
  url.searchParams.set('code_challenge', request.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

export interface TokenResponse {
  id_token?: string;
  access_token?: string;
  expires_in?: number;
}

/** Exchanges the code; the ID token is what the router verifies (its audience is the client id). */
export async function exchangeCode(
  discovery: Discovery,
  settings: OidcSettings,
  request: { code: string; verifier: string; redirectUri: string },
  fetcher: typeof fetch = fetch,
): Promise<string> {
  const response = await fetcher(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: request.redirectUri,
      client_id: settings.clientId,
      code_verifier: request.verifier,
    }),
  });
  if (!response.ok) throw new Error(`The token exchange failed (${response.status})`);
  const tokens = (await response.json()) as TokenResponse;
  const token = tokens.id_token ?? tokens.access_token;
  if (!token) throw new Error('The identity provider returned no token');
  return token;
}
