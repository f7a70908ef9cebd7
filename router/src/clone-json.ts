/**
 * A deep copy of a value parsed from JSON (objects, arrays, strings, numbers, booleans, null):
 * several times faster than `structuredClone` for the small subgraph answers the router copies.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  return copy as T;
}
