/**
 * Who is signed in and in which organization the console acts. The credential is checked by the
 * API (`whoami` + `me`) before it is stored; a request answered UNAUTHENTICATED signs the operator out.
 */
import { Client, fetchExchange } from '@urql/core';
import { graphql } from '~/graphql/generated';
import type { ConsoleViewerQuery } from '~/graphql/generated/graphql';
import { type Problem, requestProblem } from '~/lib/errors';
import {
  clearSession,
  jwtExpiry,
  loadSession,
  type SignInMode,
  type StoredSession,
  saveSession,
} from '~/lib/token-store';

export const ConsoleViewerDocument = graphql(`
  query ConsoleViewer {
    whoami {
      kind
      userId
    }
    me {
      id
      displayName
      email
      memberships {
        id
        role
        organization {
          id
          name
          slug
        }
      }
    }
  }
`);

export type Viewer = ConsoleViewerQuery['me'];

export const GRAPHQL_PATH = '/graphql';

const session = ref<StoredSession | null>(typeof window === 'undefined' ? null : loadSession(window.localStorage));
const viewer = shallowRef<Viewer | null>(null);

/** The headers of every API request: credential, organization, and Apollo's CSRF preflight marker. */
export function requestHeaders(current: StoredSession | null): Record<string, string> {
  const headers: Record<string, string> = { 'apollo-require-preflight': 'true' };
  if (current) headers.authorization = `Bearer ${current.token}`;
  if (current?.organizationId) headers['x-organization-id'] = current.organizationId;
  return headers;
}

async function fetchViewer(token: string): Promise<{ viewer: Viewer } | { problem: Problem }> {
  const client = new Client({
    url: GRAPHQL_PATH,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    fetchOptions: { headers: requestHeaders({ mode: 'local', token, expiresAt: null, organizationId: null }) },
  });
  const result = await client.query(ConsoleViewerDocument, {}, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) return { problem: requestProblem(result.error) };
  if (result.data?.whoami.kind !== 'USER' || !result.data) {
    return { problem: { code: 'FORBIDDEN', detail: 'Not a console user', ids: [], field: null } };
  }
  return { viewer: result.data.me };
}

export function useSession() {
  const organizationId = computed(() => session.value?.organizationId ?? null);
  const organizations = computed(
    () => viewer.value?.memberships.map((m) => ({ ...m.organization, role: m.role })) ?? [],
  );
  const currentRole = computed(
    () => viewer.value?.memberships.find((m) => m.organization.id === organizationId.value)?.role ?? null,
  );

  /** Validates the token with the API, then stores it; returns the problem when it is refused. */
  async function signIn(mode: SignInMode, token: string): Promise<Problem | null> {
    const trimmed = token.trim();
    if (!trimmed) return { code: 'BAD_USER_INPUT', detail: 'empty token', ids: [], field: 'token' };
    const checked = await fetchViewer(trimmed);
    if ('problem' in checked) return checked.problem;
    viewer.value = checked.viewer;
    const first = checked.viewer.memberships[0]?.organization.id ?? null;
    session.value = { mode, token: trimmed, expiresAt: jwtExpiry(trimmed), organizationId: first };
    saveSession(window.localStorage, session.value);
    return null;
  }

  /** Reloads the viewer (after sign-in on a fresh page, or after creating an organization). */
  async function refreshViewer(): Promise<Problem | null> {
    if (!session.value) return null;
    const checked = await fetchViewer(session.value.token);
    if ('problem' in checked) {
      if (checked.problem.code === 'UNAUTHENTICATED') signOut();
      return checked.problem;
    }
    viewer.value = checked.viewer;
    const known = checked.viewer.memberships.some((m) => m.organization.id === session.value?.organizationId);
    if (!known) setOrganization(checked.viewer.memberships[0]?.organization.id ?? null);
    return null;
  }

  function setOrganization(id: string | null) {
    if (!session.value) return;
    session.value = { ...session.value, organizationId: id };
    saveSession(window.localStorage, session.value);
  }

  function signOut() {
    session.value = null;
    viewer.value = null;
    clearSession(window.localStorage);
  }

  return {
    session: readonly(session),
    viewer: readonly(viewer),
    organizationId,
    organizations,
    currentRole,
    signedIn: computed(() => session.value !== null),
    signIn,
    refreshViewer,
    setOrganization,
    signOut,
    headers: () => requestHeaders(session.value),
  };
}
