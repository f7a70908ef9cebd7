import { describe, expect, it } from 'vitest';
import { clearSession, jwtExpiry, type KeyValueStorage, loadSession, SESSION_KEY, saveSession } from './token-store';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const jwt = (payload: object) =>
  ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'signature'].join('.');

describe('token store', () => {
  it('round-trips a session and forgets it on clear', () => {
    const storage = memoryStorage();
    saveSession(storage, { mode: 'local', token: 'mc_local_abc', expiresAt: null, organizationId: 'org-1' });
    expect(loadSession(storage)).toEqual({
      mode: 'local',
      token: 'mc_local_abc',
      expiresAt: null,
      organizationId: 'org-1',
    });
    clearSession(storage);
    expect(loadSession(storage)).toBeNull();
  });

  it('drops an expired session instead of returning it', () => {
    const storage = memoryStorage();
    saveSession(storage, { mode: 'oidc', token: 'x.y.z', expiresAt: 1_000, organizationId: null });
    expect(loadSession(storage, 999)).not.toBeNull();
    expect(loadSession(storage, 1_000)).toBeNull();
    expect(storage.data.has(SESSION_KEY)).toBe(false);
  });

  it('treats malformed or incomplete records as signed out', () => {
    const storage = memoryStorage();
    storage.setItem(SESSION_KEY, '{not json');
    expect(loadSession(storage)).toBeNull();
    storage.setItem(SESSION_KEY, JSON.stringify({ mode: 'magic', token: 'abc' }));
    expect(loadSession(storage)).toBeNull();
    storage.setItem(SESSION_KEY, JSON.stringify({ mode: 'local', token: '' }));
    expect(loadSession(storage)).toBeNull();
  });

  it('reads the expiry of a JWT and none of an opaque token', () => {
    expect(jwtExpiry(jwt({ sub: 'a', exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(jwtExpiry(jwt({ sub: 'a' }))).toBeNull();
    expect(jwtExpiry('mc_local_opaque')).toBeNull();
    expect(jwtExpiry('a.!!!.c')).toBeNull();
  });
});
