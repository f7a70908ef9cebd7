/**
 * Every operation the console sends passes the router's own limits (depth, cost, aliases,
 * directives, tokens) and validates against the public schema — checked with the router's rules,
 * so a console page can never be refused for its query's shape at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadRouterEnv } from '../../router/src/env.ts';
import { createLimits } from '../../router/src/limits.ts';

const ROOT = join(import.meta.dirname, '../..');
const schema = buildSchema(readFileSync(join(ROOT, 'schema/api.graphql'), 'utf8'));
const operations = JSON.parse(
  readFileSync(join(ROOT, 'admin/app/graphql/generated/persisted-documents.json'), 'utf8'),
) as Record<string, string>;
const env = loadRouterEnv({
  INTERNAL_SIGNING_SECRET: 'test-signing-key-abcdefghijklmnopqrstuvwxyz0123456789',
  LOCAL_AUTH_TOKEN: 'mc_local_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP',
  NODE_ENV: 'production',
});
const limits = createLimits(env);

describe('console operations', () => {
  it('are generated (the manifest lists them)', () => {
    expect(Object.keys(operations).length).toBeGreaterThan(20);
  });

  for (const [hash, text] of Object.entries(operations)) {
    const name = /\b(?:query|mutation|subscription)\s+(\w+)/.exec(text)?.[1] ?? hash;
    it(`${name} is within the router's limits`, () => {
      // Exactly as sent: the console's client has no document cache, which would add `__typename` everywhere.
      const document = parse(text, limits.parseOptions);
      const errors = validate(schema, document, [...specifiedRules, ...(limits.validationRules ?? [])]);
      expect(errors.map((error) => error.message)).toEqual([]);
    });
  }
});
