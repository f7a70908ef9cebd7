/**
 * The browser half of OIDC sign-in: keeps the PKCE verifier and state in sessionStorage across the
 * redirect, sends the operator to the provider, and on return checks the state and exchanges the code.
 */
import { authorizationUrl, challengeFor, createVerifier, discover, exchangeCode, type OidcSettings } from './pkce';

const PENDING_KEY = 'mc.console.oidc';

interface Pending {
  state: string;
  verifier: string;
  redirectUri: string;
}

const redirectUri = () => new URL('/auth/callback', window.location.href).toString();

export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  const discovery = await discover(settings.issuer);
  const pending: Pending = { state: createVerifier(), verifier: createVerifier(), redirectUri: redirectUri() };
  window.sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const challenge = await challengeFor(pending.verifier);
  window.location.assign(
    authorizationUrl(discovery, settings, {
      redirectUri: pending.redirectUri,
      state: pending.state,
      challenge,
      nonce: createVerifier(),
    }),
  );
}

/** The token from the provider's redirect; throws when the state does not match what was sent. */
export async function finishOidcSignIn(settings: OidcSettings, query: URLSearchParams): Promise<string> {
  const raw = window.sessionStorage.getItem(PENDING_KEY);
  window.sessionStorage.removeItem(PENDING_KEY);
  const error = query.get('error');
  if (error) throw new Error(query.get('error_description') ?? error);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  const code = query.get('code');
  if (!pending || !code || query.get('state') !== pending.state) throw new Error('The sign-in response does not match');
  const discovery = await discover(settings.issuer);
  return exchangeCode(discovery, settings, { code, verifier: pending.verifier, redirectUri: pending.redirectUri });
}
