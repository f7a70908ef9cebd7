/**
 * The API client: POST-only HTTP (Apollo's CSRF protection refuses GET without a preflight header)
 * and graphql-ws on the same `/graphql` for subscriptions, the credential in `connectionParams`.
 * No client cache: every page reads fresh data and refetches after its own mutations (urql's document
 * cache would also add `__typename` to every selection, pushing queries over the router's cost
 * limit). The socket is lazy and reconnects forever; a server without a subscription field only
 * errors that one subscription.
 */
import { Client, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import urql from '@urql/vue';
import { createClient as createSocketClient } from 'graphql-ws';
import { GRAPHQL_PATH } from '~/composables/session';
import { requestProblem } from '~/lib/errors';

export default defineNuxtPlugin((nuxtApp) => {
  const session = useSession();
  const socketUrl = () => new URL(GRAPHQL_PATH, window.location.href).toString().replace(/^http/, 'ws');
  const socket = createSocketClient({
    url: socketUrl,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries))),
    connectionParams: () => {
      const headers = session.headers();
      return { authorization: headers.authorization, 'x-organization-id': headers['x-organization-id'] };
    },
  });

  const client = new Client({
    url: GRAPHQL_PATH,
    preferGetMethod: false,
    fetchOptions: () => ({ headers: session.headers() }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (requestProblem(error).code === 'UNAUTHENTICATED' && session.signedIn.value) {
            session.signOut();
            void navigateTo('/sign-in');
          }
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });

  // Pages show whether they are live; a reconnect tells them to catch up.
  const socketState = ref<'idle' | 'connecting' | 'connected' | 'closed'>('idle');
  const reconnects = ref(0);
  let wasConnected = false;
  socket.on('connecting', () => {
    socketState.value = 'connecting';
  });
  socket.on('connected', () => {
    socketState.value = 'connected';
    if (wasConnected) reconnects.value += 1;
    wasConnected = true;
  });
  socket.on('closed', () => {
    socketState.value = 'closed';
  });

  // A new credential or organization must not reuse the old socket's identity.
  watch([session.organizationId, session.signedIn], () => socket.terminate());
  nuxtApp.vueApp.use(urql, client);
  return { provide: { socket, socketState: readonly(socketState), reconnects: readonly(reconnects) } };
});
