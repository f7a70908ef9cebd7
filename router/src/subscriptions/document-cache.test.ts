import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.ts';

const schema = buildSchema('type Query { a: Int } type Subscription { tick: Int }');

describe('document cache', () => {
  it('parses and validates a text once, whoever sends it', () => {
    const cache = new DocumentCache();
    let parses = 0;
    let validations = 0;
    const parseCounted = (text: string) => {
      parses += 1;
      return parse(text);
    };
    const validateCounted = (...args: Parameters<typeof validate>) => {
      validations += 1;
      return validate(...args);
    };
    // Two strings with the same text, as two clients' messages would carry.
    const first = cache.parse(['subscription', '{ tick }'].join(' '), parseCounted);
    const second = cache.parse('subscription { tick }', parseCounted);
    expect(second).toBe(first);
    expect(parses).toBe(1);
    expect(cache.validate(schema, first.document, validateCounted)).toEqual([]);
    expect(cache.validate(schema, second.document, validateCounted)).toEqual([]);
    expect(validations).toBe(1);
    // Another schema (a reloaded supergraph) validates again.
    const other = buildSchema('type Query { a: Int } type Subscription { other: Int }');
    expect(cache.validate(other, first.document, validateCounted)).toHaveLength(1);
    expect(validations).toBe(2);
  });

  it('does not keep parse failures and forgets the least recently used text', () => {
    const cache = new DocumentCache(2);
    expect(() => cache.parse('{', parse)).toThrow();
    expect(cache.size).toBe(0);
    const a = cache.parse('{ a }', parse);
    const b = cache.parse('query B { a }', parse);
    expect(cache.parse('{ a }', parse)).toBe(a);
    cache.parse('query C { a }', parse);
    expect(cache.size).toBe(2);
    // B was the coldest: parsed again; A stayed.
    expect(cache.parse('{ a }', parse)).toBe(a);
    expect(cache.parse('query B { a }', parse)).not.toBe(b);
  });
});
