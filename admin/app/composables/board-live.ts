/**
 * Live sync of one board: `boardEvents` from the board's sequence, replayed after a dropped socket
 * (graphql-ws resubscribes with the same `after`; events already seen are skipped by sequence). Each
 * new event asks the page to refetch (debounced), so rules that touch other tasks (blocked flags)
 * stay right. RESYNC_REQUIRED restarts from a fresh snapshot; when subscriptions fail, the page
 * polls instead.
 */
import { useSubscription } from '@urql/vue';
import { graphql } from '~/graphql/generated';
import { requestProblem } from '~/lib/errors';

const BoardEventsDocument = graphql(`
  subscription ConsoleBoardEvents($boardId: ID!, $after: Int) {
    boardEvents(boardId: $boardId, after: $after) {
      sequence
      type
      taskId
    }
  }
`);

export type LiveMode = 'connecting' | 'live' | 'polling';

export function useBoardLive(options: {
  boardId: Ref<string>;
  /** The sequence of the snapshot on screen (Board.sequence), null until it is loaded. */
  snapshotSequence: Ref<number | null>;
  refetch: () => void;
  pollMs: number;
}) {
  const { $socketState, $reconnects } = useNuxtApp();
  const after = ref<number | null>(null);
  const lastSeen = ref<number | null>(null);
  const failed = ref(false);
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(options.refetch, 150);
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
      query: BoardEventsDocument,
      variables: computed(() => ({ boardId: options.boardId.value, after: after.value })),
      pause: computed(() => after.value === null || failed.value),
    },
    (_previous, event) => {
      const sequence = event.boardEvents.sequence;
      if (lastSeen.value === null || sequence > lastSeen.value) {
        lastSeen.value = sequence;
        soon();
      }
      return event;
    },
  );

  watch(subscription.error, (error) => {
    if (!error) return;
    if (requestProblem(error).code === 'RESYNC_REQUIRED') {
      // Start again from a fresh snapshot: the next loaded sequence becomes the new `after`.
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
    clearTimeout(debounce);
  });

  return { mode, lastSeen };
}
