/**
 * Where the console keeps the operator's credential and chosen organization: one JSON record in
 * web storage. A record that is malformed or expired reads as "signed out", so a stale token never
 * reaches the API.
 */

export type SignInMode = 'local' | 'oidc';

export interface StoredSession {
  mode: SignInMode;
  token: string;
  /** Epoch milliseconds after which the token is no longer valid (OIDC tokens expire). */
  expiresAt: number | null;
  organizationId: string | null;
}

/** The part of the Web Storage API the store needs (localStorage, sessionStorage, or a test map). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SESSION_KEY = 'mc.console.session';

export function loadSession(storage: KeyValueStorage, now = Date.now()): StoredSession | null {
  const raw = storage.getItem(SESSION_KEY);
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    storage.removeItem(SESSION_KEY);
    return null;
  }
  const session = asSession(parsed);
  if (!session || (session.expiresAt !== null && session.expiresAt <= now)) {
    storage.removeItem(SESSION_KEY);
    return null;
  }
  return session;
}

export function saveSession(storage: KeyValueStorage, session: StoredSession): void {
  storage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(storage: KeyValueStorage): void {
  storage.removeItem(SESSION_KEY);
}

/** Epoch milliseconds of a JWT's `exp`, or null for opaque tokens and JWTs without one. */
export function jwtExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob((parts[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function asSession(value: unknown): StoredSession | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (record.mode !== 'local' && record.mode !== 'oidc') return null;
  if (typeof record.token !== 'string' || record.token.length === 0) return null;
  const expiresAt = typeof record.expiresAt === 'number' ? record.expiresAt : null;
  const organizationId = typeof record.organizationId === 'string' ? record.organizationId : null;
  return { mode: record.mode, token: record.token, expiresAt, organizationId };
}
