import { describe, expect, it } from 'vitest';
import { cloneJson } from './clone-json.ts';
import { dedupeRepresentations } from './entity-dedupe.ts';

const org = (id: string) => ({ __typename: 'Organization', id });

describe('dedupeRepresentations', () => {
  it('leaves fetches without repeated representations alone', () => {
    expect(dedupeRepresentations(undefined)).toBeNull();
    expect(dedupeRepresentations({ first: 20 })).toBeNull();
    expect(dedupeRepresentations({ representations: [org('a')] })).toBeNull();
    expect(dedupeRepresentations({ representations: [org('a'), org('b')] })).toBeNull();
  });

  it('sends each distinct representation once and expands the answer to every original, each a copy', () => {
    const deduped = dedupeRepresentations({ first: 5, representations: [org('a'), org('b'), org('a'), org('a')] });
    expect(deduped?.variables).toEqual({ first: 5, representations: [org('a'), org('b')] });
    const answer = {
      data: {
        _entities: [
          { name: 'A', tags: ['x'] },
          { name: 'B', tags: [] },
        ],
      },
    };
    const expanded = deduped?.expand(answer);
    const entities = expanded?.data?._entities as { name: string; tags: string[] }[];
    expect(entities.map((entity) => entity.name)).toEqual(['A', 'B', 'A', 'A']);
    // The gateway merges later fetches into each entity in place: no two may share an object.
    expect(new Set(entities).size).toBe(4);
    entities[2].tags.push('y');
    expect(entities[0].tags).toEqual(['x']);
    expect(entities[3].tags).toEqual(['x']);
  });

  it('repeats an entity error for every representation it concerns, and keeps other errors once', () => {
    const deduped = dedupeRepresentations({ representations: [org('a'), org('b'), org('a')] });
    const answer = {
      data: { _entities: [null, { name: 'B' }] },
      errors: [
        { message: 'denied', path: ['_entities', 0, 'name'], extensions: { code: 'FORBIDDEN' } },
        { message: 'odd', path: ['_entities', 1] },
        { message: 'global' },
      ],
    };
    const expanded = deduped?.expand(answer);
    expect(expanded?.data?._entities).toEqual([null, { name: 'B' }, null]);
    expect(expanded?.errors).toEqual([
      { message: 'denied', path: ['_entities', 0, 'name'], extensions: { code: 'FORBIDDEN' } },
      { message: 'denied', path: ['_entities', 2, 'name'], extensions: { code: 'FORBIDDEN' } },
      { message: 'odd', path: ['_entities', 1] },
      { message: 'global' },
    ]);
  });

  it('passes a malformed or failed answer on untouched, for the gateway to reject', () => {
    const deduped = dedupeRepresentations({ representations: [org('a'), org('a')] });
    const failed = { data: null, errors: [{ message: 'down' }] };
    expect(deduped?.expand(failed)).toBe(failed);
    const short = { data: { _entities: [] } };
    expect(deduped?.expand(short)).toBe(short);
  });
});

describe('cloneJson', () => {
  it('copies nested objects and arrays and keeps primitives', () => {
    const value = { a: [1, { b: 'c' }], d: null, e: true };
    const copy = cloneJson(value);
    expect(copy).toEqual(value);
    expect(copy.a).not.toBe(value.a);
    expect(copy.a[1]).not.toBe(value.a[1]);
  });
});
