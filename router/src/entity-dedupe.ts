/**
 * Entity fetches that send each distinct representation once. `@apollo/gateway` builds one
 * representation per entity in the result so far, so 20 boards of one organization ask identity
 * for the same organization 20 times: the subgraph resolves and authorizes it 20 times and the
 * router serializes and parses it 20 times. The answer is expanded back to one entity per original
 * representation (each its own copy, because the gateway merges into them in place) and entity
 * errors are repeated for every representation they concern, so the gateway sees what the subgraph
 * would have answered to the full list.
 */
import { cloneJson } from './clone-json.ts';

type Path = readonly (string | number)[];

export interface SubgraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; path?: Path }[];
}

export interface DedupedEntities {
  /** The fetch's variables with `representations` reduced to the distinct ones. */
  variables: Record<string, unknown>;
  /** The subgraph's answer to the reduced fetch, as it would have been for the original one. */
  expand<R extends SubgraphAnswer>(answer: R): R;
}

/** `null` when the fetch is not an entity fetch or has no repeated representation. */
export function dedupeRepresentations(variables: Record<string, unknown> | undefined): DedupedEntities | null {
  const representations = variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) return null;
  const slotOf = new Map<string, number>();
  const distinct: unknown[] = [];
  // The gateway builds representations from one selection set, so equal ones serialize equally.
  const slots = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = distinct.length;
      slotOf.set(key, slot);
      distinct.push(representation);
    }
    return slot;
  });
  if (distinct.length === representations.length) return null;
  return {
    variables: { ...variables, representations: distinct },
    expand: (answer) => expand(answer, slots, distinct.length),
  };
}

function expand<R extends SubgraphAnswer>(answer: R, slots: number[], distinct: number): R {
  const entities = answer.data?._entities;
  // A malformed answer is passed on untouched: the gateway's own checks reject it.
  if (!Array.isArray(entities) || entities.length !== distinct) return answer;
  const used = new Set<number>();
  const expanded = slots.map((slot) => {
    if (!used.has(slot)) {
      used.add(slot);
      return entities[slot];
    }
    return cloneJson(entities[slot]);
  });
  const result: R = { ...answer, data: { ...answer.data, _entities: expanded } };
  if (answer.errors) result.errors = answer.errors.flatMap((error) => expandError(error, slots));
  return result;
}

function expandError<E extends { message: string; path?: Path }>(error: E, slots: number[]): E[] {
  const path = error.path;
  if (path?.[0] !== '_entities' || typeof path[1] !== 'number') return [error];
  const slot = path[1];
  const copies: E[] = [];
  for (const [index, owner] of slots.entries()) {
    if (owner === slot) copies.push({ ...error, path: ['_entities', index, ...path.slice(2)] });
  }
  return copies;
}
