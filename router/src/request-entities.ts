/**
 * Entities a query has already read from one subgraph, so that a later entity fetch of the same query
 * to the same subgraph is answered without a round trip when it asks only for fields already read. A
 * query such as `organization { name boards { organization { name } } }` reads the organization's name
 * from identity, then the plan asks identity for the name of each board's organization — the same
 * entity, the same field, the same caller, a few milliseconds later. The answer given is the one this
 * query already received, so the query sees one consistent value instead of two reads.
 *
 * Deliberately narrow:
 * - queries over HTTP only (a mutation may change what an earlier fetch read; a subscription runs its
 *   plan once per event, each of which must read afresh), one request's reads only, nothing kept after it;
 * - entity fetches whose selection is plain fields of each type (no aliases, arguments, directives or
 *   sub-selections);
 * - every representation must name an entity read earlier with every selected field, from a response
 *   of this subgraph without errors; otherwise the whole fetch goes to the subgraph as before.
 */
import { type DocumentNode, Kind, parse, visit } from 'graphql';

type Scalar = string | number | boolean | null;
/** An entity as read: its scalar fields (what a later plain selection can be answered from). */
type Seen = Record<string, Scalar | Scalar[]>;

/** The most entities recorded per request and subgraph: past that, later reads are simply not recorded. */
const MAX_RECORDED = 2_000;

/** Selected fields per type of an entity fetch this can answer, or null when it cannot. */
type Selection = Map<string, string[]> | null;

/** The most query texts whose analysis is kept. */
const MAX_QUERIES = 1_000;

/**
 * Per request, the subgraphs its plan sends an entity fetch to besides another fetch: only their
 * answers are worth recording (most plans never ask a subgraph twice, and walking their answers would
 * be wasted work on every request).
 */
const revisitedByRequest = new WeakMap<object, ReadonlySet<string>>();
const revisitedByPlan = new WeakMap<object, ReadonlySet<string>>();

/** Called with each request's query plan before it runs (`experimental_didResolveQueryPlan`). */
export function notePlan(request: object, queryPlan: object): void {
  let revisited = revisitedByPlan.get(queryPlan);
  if (!revisited) {
    const fetches = new Map<string, { count: number; entities: boolean }>();
    collectFetches(queryPlan, fetches);
    revisited = new Set([...fetches].filter(([, seen]) => seen.count > 1 && seen.entities).map(([name]) => name));
    revisitedByPlan.set(queryPlan, revisited);
  }
  revisitedByRequest.set(request, revisited);
}

/** Counts the fetch nodes of a plan per subgraph (a fetch with `requires` is an entity fetch). */
function collectFetches(node: unknown, into: Map<string, { count: number; entities: boolean }>): void {
  if (typeof node !== 'object' || node === null) return;
  const fetch = node as { kind?: unknown; serviceName?: unknown; requires?: unknown };
  if (fetch.kind === 'Fetch' && typeof fetch.serviceName === 'string') {
    const seen = into.get(fetch.serviceName) ?? { count: 0, entities: false };
    seen.count += 1;
    seen.entities ||= fetch.requires !== undefined;
    into.set(fetch.serviceName, seen);
    return;
  }
  for (const value of Object.values(node)) collectFetches(value, into);
}

export class RequestEntities {
  private readonly seen = new WeakMap<object, Recorded>();
  private readonly subgraph: string;

  /** `subgraph`: the name in the plan of the subgraph whose fetches this sees. */
  constructor(subgraph: string) {
    this.subgraph = subgraph;
  }

  /**
   * Records the typed objects of a response this request got from the subgraph for `query`. Nothing is
   * recorded from a query with aliases (a value's key might not be its field's name), and no field
   * that the query selects with arguments anywhere (its value depends on them).
   */
  record(request: object, query: string, data: unknown): void {
    if (!revisitedByRequest.get(request)?.has(this.subgraph)) return;
    const recordable = recordableOf(query);
    if (!recordable) return;
    let entry = this.seen.get(request);
    if (!entry) {
      entry = { count: 0, byType: new Map() };
      this.seen.set(request, entry);
    }
    collect(data, recordable, entry);
  }

  /**
   * The `_entities` answer for `query` and its representations from what this request has recorded,
   * or undefined when the subgraph must be asked.
   */
  answer(request: object, query: string, variables: Record<string, unknown> | undefined): unknown[] | undefined {
    const entry = this.seen.get(request);
    if (!entry) return undefined;
    const selection = selectionOf(query);
    const representations = variables?.representations;
    if (!selection || !Array.isArray(representations) || Object.keys(variables ?? {}).length !== 1) return undefined;
    const answers: unknown[] = [];
    for (const representation of representations) {
      if (typeof representation !== 'object' || representation === null) return undefined;
      const typename = (representation as Record<string, unknown>).__typename;
      if (typeof typename !== 'string') return undefined;
      const fields = selection.get(typename);
      const found =
        fields &&
        entry.byType.get(typename)?.find((seen) => matches(seen, representation as Record<string, unknown>, fields));
      if (!fields || !found) return undefined;
      const entity: Record<string, unknown> = {};
      for (const field of fields) entity[field] = field === '__typename' ? typename : found[field];
      answers.push(entity);
    }
    return answers;
  }
}

interface Recorded {
  count: number;
  byType: Map<string, Seen[]>;
}

/**
 * Walks a response, recording each object with a `__typename` by its scalar fields (except `skip`). An
 * object with one such field at most is not recorded: that field is at best its key, which a
 * representation already carries, so it could answer nothing useful.
 */
function collect(value: unknown, skip: ReadonlySet<string>, into: Recorded): void {
  if (into.count >= MAX_RECORDED || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, skip, into);
    return;
  }
  const object = value as Record<string, unknown>;
  const typename = object.__typename;
  const typed = typeof typename === 'string';
  let fields = 0;
  for (const key in object) {
    const field = object[key];
    if (!isScalarValue(field)) collect(field, skip, into);
    else if (typed && key !== '__typename' && !skip.has(key)) fields += 1;
  }
  // Most typed objects in a response are references (`__typename` and a key): copy only the others.
  if (!typed || fields < 2) return;
  const seen: Seen = Object.create(null);
  for (const key in object) {
    const field = object[key];
    if (key === '__typename' || skip.has(key) || !isScalarValue(field)) continue;
    seen[key] = Array.isArray(field) ? [...field] : field;
  }
  const list = into.byType.get(typename);
  if (list) list.push(seen);
  else into.byType.set(typename, [seen]);
  into.count += 1;
}

/** A scalar, or a list of scalars. */
function isScalarValue(value: unknown): value is Scalar | Scalar[] {
  return isScalar(value) || (Array.isArray(value) && value.every(isScalar));
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The representation's fields (its key) all equal the entity's, and the entity has every selected field. */
function matches(seen: Seen, representation: Record<string, unknown>, fields: string[]): boolean {
  for (const key in representation) {
    if (key === '__typename') continue;
    const value = representation[key];
    if (!isScalar(value) || seen[key] !== value) return false;
  }
  for (const field of fields) if (field !== '__typename' && !Object.hasOwn(seen, field)) return false;
  return true;
}

/** Field names selected with arguments in `query`, or null when it has aliases (or does not parse). */
const recordableOf = perQuery(withArguments);
/** Selected fields per type of a plain entity fetch, or null. */
const selectionOf = perQuery(plainEntitySelection);

/** `compute` of a query's document, kept per query text (the planner's texts repeat), a bounded number. */
function perQuery<T>(compute: (document: DocumentNode | null) => T): (query: string) => T {
  const known = new Map<string, T>();
  return (query) => {
    if (known.has(query)) return known.get(query) as T;
    const value = compute(parseOrNull(query));
    if (known.size >= MAX_QUERIES) known.clear();
    known.set(query, value);
    return value;
  };
}

function withArguments(document: DocumentNode | null): ReadonlySet<string> | null {
  if (!document) return null;
  const names = new Set<string>();
  let aliased = false;
  visit(document, {
    Field(field) {
      if (field.alias) aliased = true;
      if (field.arguments?.length) names.add(field.name.value);
    },
  });
  return aliased ? null : names;
}

function parseOrNull(query: string): DocumentNode | null {
  try {
    return parse(query, { noLocation: true });
  } catch {
    return null;
  }
}

/** `query($representations:[_Any!]!){_entities(representations:$representations){...on T{a b}}}` → T: [a, b]. */
function plainEntitySelection(document: DocumentNode | null): Selection {
  const operation = document?.definitions.length === 1 ? document.definitions[0] : undefined;
  if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') return null;
  if (operation.directives?.length || operation.selectionSet.selections.length !== 1) return null;
  const root = operation.selectionSet.selections[0];
  if (root?.kind !== Kind.FIELD || root.name.value !== '_entities' || root.alias || root.directives?.length)
    return null;
  const argument = root.arguments?.length === 1 ? root.arguments[0] : undefined;
  if (argument?.name.value !== 'representations' || argument.value.kind !== Kind.VARIABLE) return null;
  const byType = new Map<string, string[]>();
  for (const fragment of root.selectionSet?.selections ?? []) {
    if (fragment.kind !== Kind.INLINE_FRAGMENT || !fragment.typeCondition || fragment.directives?.length) return null;
    const type = fragment.typeCondition.name.value;
    if (byType.has(type)) return null;
    const fields: string[] = [];
    for (const field of fragment.selectionSet.selections) {
      if (field.kind !== Kind.FIELD || field.alias || field.arguments?.length || field.directives?.length) return null;
      if (field.selectionSet) return null;
      fields.push(field.name.value);
    }
    byType.set(type, fields);
  }
  return byType.size > 0 ? byType : null;
}
