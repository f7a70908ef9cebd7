/**
 * Live pages whose stream has no resume cursor (`gatewayHealth`, `agentStatusChanged`): each event
 * refetches the page (debounced); after a reconnect the page refetches at once, since events sent
 * while away are not replayed. While the socket is down or the subscription failed, the page polls.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useSubscription } from '@urql/vue';
import type { LiveMode } from '~/composables/live';

export function useFollow<Data, Variables extends Record<string, unknown>>(options: {
  query: TypedDocumentNode<Data, Variables>;
  variables: () => Variables;
  pause?: () => boolean;
  onEvent?: (event: Data) => void;
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
      options.onEvent?.(event);
      clearTimeout(debounce);
      debounce = setTimeout(options.refetch, 150);
      return event;
    },
  );
  watch($reconnects as Ref<number>, () => options.refetch());

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
  });
  return { mode };
}
