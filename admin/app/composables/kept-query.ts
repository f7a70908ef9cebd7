/**
 * urql's `useQuery`, except that a refetch that fails keeps the data last loaded for the same request
 * (query and variables: the operation key) instead of dropping it. The page goes on showing it with the
 * error and a retry above it (`ShellState`) rather than going blank when the network or the server blips;
 * data loaded for other variables (another board) is never shown in place of this request's.
 */
import type { AnyVariables } from '@urql/core';
import { type UseQueryArgs, useQuery } from '@urql/vue';

export function useKeptQuery<Data, Variables extends AnyVariables>(args: UseQueryArgs<Data, Variables>) {
  const query = useQuery<Data, Variables>(args);
  const kept = shallowRef<{ key: number; data: Data } | null>(null);
  watch([query.data, query.operation], ([data, operation]) => {
    if (data !== undefined && data !== null && operation) kept.value = { key: operation.key, data };
  });
  const data = computed<Data | undefined>(() => {
    if (query.data.value !== undefined && query.data.value !== null) return query.data.value;
    const operation = query.operation.value;
    return kept.value && operation && kept.value.key === operation.key ? kept.value.data : undefined;
  });
  return { ...query, data };
}
