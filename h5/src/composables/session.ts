/**
 * The signed-in H5 user: tokens kept in localStorage, refreshed before they expire; a refused
 * refresh signs out (back to login with a notice). `authed` runs a request with the current token
 * and, when the server says the token is no longer valid, refreshes once and retries.
 *
 * State approach (the whole app): module-level refs in composables, one per domain; components read
 * them through `useX()` functions. No store library.
 */
import { computed, ref } from 'vue';
import { H5_LOGOUT, H5_REFRESH } from '../components/auth/auth-documents.ts';
import { ApiError, NetworkError, request } from '../graphql/client.ts';
import type { TypedDocumentString } from '../graphql/generated/graphql.ts';
import { createRefreshScheduler, type RefreshOutcome } from '../lib/token-refresh.ts';

export interface H5Account {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; email: string; displayName: string };
  organization: { id: string; name: string };
}

const KEY = 'mc.h5.session';
const AUTH_CODES = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'AUTH_REQUIRED']);

function load(): H5Account | null {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as H5Account | null;
    return saved && Date.parse(saved.refreshTokenExpiresAt) > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

const account = ref<H5Account | null>(load());
const expired = ref(false);

function save(next: H5Account | null) {
  account.value = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
}

async function refresh(refreshToken: string): Promise<RefreshOutcome> {
  try {
    const { h5Refresh } = await request(H5_REFRESH, { refreshToken });
    if (h5Refresh.__typename === 'H5Session') {
      save({ ...h5Refresh });
      return { kind: 'ok', tokens: h5Refresh };
    }
    return { kind: 'refused', code: h5Refresh.__typename === 'DomainError' ? h5Refresh.code : 'INVALID_TOKEN' };
  } catch (error) {
    if (error instanceof ApiError) return { kind: 'refused', code: error.code };
    return { kind: 'network' };
  }
}

const scheduler = createRefreshScheduler({
  refresh,
  onTokens: () => {},
  onFailure: () => {
    save(null);
    expired.value = true;
  },
});
if (account.value) scheduler.start(account.value);

export function signedIn(next: H5Account) {
  expired.value = false;
  save(next);
  scheduler.start(next);
}

export async function logout() {
  const current = account.value;
  scheduler.stop();
  save(null);
  if (current) await request(H5_LOGOUT, { refreshToken: current.refreshToken }).catch(() => {});
}

export function accessToken(): string | null {
  return account.value?.accessToken ?? null;
}

/** A request as the signed-in user; an expired or revoked token is refreshed once. */
export async function authed<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  try {
    return await request(document, variables, accessToken());
  } catch (error) {
    if (!(error instanceof ApiError) || !AUTH_CODES.has(error.code) || !account.value) throw error;
    const tokens = await scheduler.refreshNow();
    if (!tokens) throw error;
    return request(document, variables, tokens.accessToken);
  }
}

export function updateDisplayName(displayName: string) {
  if (account.value) save({ ...account.value, user: { ...account.value.user, displayName } });
}

export function useSession() {
  return {
    account: computed(() => account.value),
    expired: computed(() => expired.value),
  };
}

export { NetworkError };
