/**
 * Live pages: a sequenced subscription (`boardEvents`, `activityEvents`) started from the sequence
 * of the snapshot on screen. graphql-ws resubscribes with the same `after` when a dropped socket
 * comes back, so the stream replays what was missed; events already seen are skipped by sequence.
 * Each new event asks the page to refetch (at most once per `settleMs`, counted from the first event
 * of a burst, so a steady stream cannot put the refetch off forever), which keeps derived data (counts,
 * blocked flags) right. RESYNC_REQUIRED restarts from a fresh snapshot; if the subscription fails the page
 * polls instead, and it polls while the socket is not connected.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useSubscription } from '@urql/vue';
import { requestProblem } from '~/lib/errors';

export type LiveMode = 'connecting' | 'live' | 'polling';

export function useLive<Data, Variables extends { after?: number | null }>(options: {
  query: TypedDocumentNode<Data, Variables>;
  variables: (after: number) => Variables;
  sequenceOf: (event: Data) => number | null | undefined;
  /** Whether an event concerns what the page shows (default: every event does). */
  relevant?: (event: Data) => boolean;
  /** The stream position of the snapshot on screen, null until it is loaded. */
  snapshotSequence: Ref<number | null>;
  refetch: () => void;
  pollMs: number;
  /** How long events gather before one refetch (default 150 ms). */
  settleMs?: number;
}) {
  const { $socketState, $reconnects } = useNuxtApp();
  const after = ref<number | null>(null);
  const lastSeen = ref<number | null>(null);
  const failed = ref(false);
  let pending: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    if (pending !== undefined) return;
    pending = setTimeout(() => {
      pending = undefined;
      options.refetch();
    }, options.settleMs ?? 150);
  };

  watch(
    options.snapshotSequence,
    (sequence) => {
      if (sequence === null || after.value !== null) return;
      after.value = sequence;
      lastSeen.value = sequence;
    },
    { immediate: true },
  );

  const subscription = useSubscription(
    {
      query: options.query,
      variables: computed(() => options.variables(after.value ?? 0)),
      pause: computed(() => after.value === null || failed.value),
    } as never,
    (_previous: unknown, event: Data) => {
      const sequence = options.sequenceOf(event);
      if (sequence == null || lastSeen.value === null || sequence > lastSeen.value) {
        if (sequence != null) lastSeen.value = sequence;
        if (options.relevant?.(event) ?? true) soon();
      }
      return event;
    },
  );

  watch(subscription.error, (error) => {
    if (!error) return;
    if (requestProblem(error).code === 'RESYNC_REQUIRED') {
      // The next loaded snapshot's sequence becomes the new starting point.
      after.value = null;
      options.refetch();
      return;
    }
    failed.value = true;
  });

  // After a reconnect, catch up at once (the replay follows).
  watch($reconnects as Ref<number>, () => options.refetch());

  const mode = computed<LiveMode>(() => {
    if (failed.value) return 'polling';
    return ($socketState as Ref<string>).value === 'connected' && after.value !== null ? 'live' : 'connecting';
  });

  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => {
      if (mode.value !== 'live' && document.visibilityState === 'visible') options.refetch();
    }, options.pollMs);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    clearTimeout(pending);
  });

  return { mode };
}
