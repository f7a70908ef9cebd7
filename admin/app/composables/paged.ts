/**
 * A list longer than one page (pages of 80 boards or tasks and 50 agents keep each request within the
 * router's cost limit): the first page loads with the page, "load more" follows the connection's
 * `endCursor`. `refetch` (after a mutation or a live event) reloads as many pages as are on screen, so
 * a live list stays whole; a newer refetch makes older answers moot. Changing `variables` starts again
 * from the first page; while `pause` says so nothing loads and the list is empty.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { CombinedError } from '@urql/core';
import { useClientHandle } from '@urql/vue';

export interface Connection<Node> {
  readonly nodes: readonly Node[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor?: string | null };
}

export function usePagedQuery<Data, Variables extends { after?: string | null }, Node>(options: {
  query: TypedDocumentNode<Data, Variables>;
  variables: () => Omit<Variables, 'after'>;
  connection: (data: Data) => Connection<Node> | null | undefined;
  pause?: () => boolean;
}) {
  const { client } = useClientHandle();
  const pages = shallowRef<Connection<Node>[]>([]);
  const fetching = ref(false);
  const error = shallowRef<CombinedError | null>(null);
  let generation = 0;
  /** Pages asked for: a refetch that overtakes a "load more" still loads the page it was loading. */
  let wanted = 0;

  async function page(after: string | null): Promise<Connection<Node> | null> {
    const variables = { ...options.variables(), after } as unknown as Variables;
    const result = await client.query(options.query, variables, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) {
      error.value = result.error;
      return null;
    }
    const connection = result.data ? options.connection(result.data) : null;
    return connection ?? { nodes: [], pageInfo: { hasNextPage: false } };
  }

  /** Loads `count` pages from the start and replaces what is shown (unless a newer load began). */
  async function load(count: number) {
    const mine = ++generation;
    wanted = count;
    if (options.pause?.()) {
      pages.value = [];
      fetching.value = false;
      return;
    }
    fetching.value = true;
    error.value = null;
    const loaded: Connection<Node>[] = [];
    let after: string | null = null;
    for (let index = 0; index < count; index += 1) {
      const next = await page(after);
      if (mine !== generation) return;
      if (!next) break;
      loaded.push(next);
      if (!next.pageInfo.hasNextPage || !next.pageInfo.endCursor) break;
      after = next.pageInfo.endCursor;
    }
    // On a failure the error shows and what was on screen stays.
    if (loaded.length > 0) pages.value = loaded;
    fetching.value = false;
  }

  const last = computed(() => pages.value.at(-1));
  const hasMore = computed(() => Boolean(last.value?.pageInfo.hasNextPage && last.value.pageInfo.endCursor));

  async function loadMore() {
    const cursor = last.value?.pageInfo.endCursor;
    if (!hasMore.value || !cursor || fetching.value || options.pause?.()) return;
    const mine = generation;
    wanted = pages.value.length + 1;
    fetching.value = true;
    const next = await page(cursor);
    if (mine !== generation) return;
    fetching.value = false;
    if (next) {
      error.value = null;
      pages.value = [...pages.value, next];
    }
  }

  const refetch = () => load(Math.max(1, pages.value.length, wanted));
  watch(
    () => JSON.stringify([options.variables(), options.pause?.() ?? false]),
    () => void load(1),
    { immediate: true },
  );

  const nodes = computed(() => pages.value.flatMap((connection) => connection.nodes));
  const loaded = computed(() => pages.value.length > 0);
  return { nodes, hasMore, loadMore, refetch, fetching, error, loaded };
}

/**
 * Follows every page of a paged list, one after another (not again after an error): for lists read
 * whole because other rows depend on them (an H5 user's assignments, names shown beside sessions).
 */
export function useAllPages(list: {
  hasMore: Ref<boolean>;
  fetching: Ref<boolean>;
  error: Ref<unknown>;
  loadMore: () => Promise<void>;
}) {
  watch(
    [list.hasMore, list.fetching],
    () => {
      if (list.hasMore.value && !list.fetching.value && !list.error.value) void list.loadMore();
    },
    { immediate: true },
  );
}
