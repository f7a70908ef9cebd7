/**
 * Live pages whose stream has no resume cursor (`gatewayHealth`, `agentStatusChanged`,
 * `chatSessionUpdated`): each event refetches the page (debounced) — or, for a page that applies each
 * event to what it shows itself (`applyEvent`), is only handed to it; after a reconnect the page refetches at once, since events sent
 * while away are not replayed. The first snapshot may be read before the subscription reaches the
 * server (graphql-ws has no per-subscription ack), so the page refetches once more when the
 * subscription has had time to start: a change in between is not missed. While the socket is down or
 * the subscription failed, the page polls.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useSubscription } from '@urql/vue';
import type { LiveMode } from '~/composables/live';

/** Time for a new subscription to reach the server and its subgraph, after which a snapshot is current. */
const SUBSCRIPTION_SETTLE_MS = 1500;

export function useFollow<Data, Variables extends Record<string, unknown>>(options: {
  query: TypedDocumentNode<Data, Variables>;
  variables: () => Variables;
  pause?: () => boolean;
  /** Called with each event, before the (debounced) refetch it still causes. */
  onEvent?: (event: Data) => void;
  /**
   * Called with each event instead of a refetch, for a page that applies events itself; the page still
   * refetches after a reconnect and once the subscription settled, and polls while the socket is down.
   */
  applyEvent?: (event: Data) => void;
  refetch: () => void;
  pollMs: number;
}) {
  const { $socketState, $reconnects } = useNuxtApp();
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const subscription = useSubscription(
    {
      query: options.query,
      variables: computed(options.variables),
      pause: computed(() => options.pause?.() ?? false),
    } as never,
    (_previous: unknown, event: Data) => {
      if (options.applyEvent) {
        options.applyEvent(event);
        return event;
      }
      options.onEvent?.(event);
      clearTimeout(debounce);
      debounce = setTimeout(options.refetch, 150);
      return event;
    },
  );
  watch($reconnects as Ref<number>, () => options.refetch());
  let settle: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => ($socketState as Ref<string>).value === 'connected' && !(options.pause?.() ?? false),
    (active) => {
      clearTimeout(settle);
      if (active) settle = setTimeout(options.refetch, SUBSCRIPTION_SETTLE_MS);
    },
    { immediate: true },
  );

  const mode = computed<LiveMode>(() => {
    if (subscription.error.value) return 'polling';
    return ($socketState as Ref<string>).value === 'connected' ? 'live' : 'connecting';
  });

  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => {
      if (mode.value !== 'live' && document.visibilityState === 'visible') options.refetch();
    }, options.pollMs);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    clearTimeout(debounce);
    clearTimeout(settle);
  });
  return { mode };
}
