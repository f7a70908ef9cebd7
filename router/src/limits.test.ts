/** The router's cost limit as the console and integrators meet it: fragments are not taxed for their shape. */
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadRouterEnv } from './env.ts';
import { createLimits } from './limits.ts';

const schema = buildSchema(`
  type Query { sessions(first: Int): SessionPage! }
  type SessionPage { nodes: [Session!]! }
  type Session { id: ID! text: String! agent: Agent! }
  type Agent { id: ID! name: String! }
`);

/** The cost the router's rules find for `query` (a limit of 1 refuses everything and names the cost). */
function costOf(query: string): number {
  const limits = createLimits(
    loadRouterEnv({
      INTERNAL_SIGNING_SECRET: 'test-signing-key-abcdefghijklmnopqrstuvwxyz0123456789',
      LOCAL_AUTH_TOKEN: 'mc_local_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP',
      MAX_COST: '1',
    }),
  );
  const errors = validate(schema, parse(query, limits.parseOptions), [
    ...specifiedRules,
    ...(limits.validationRules ?? []),
  ]);
  const found = /found (\d+(?:\.\d+)?)/.exec(errors.map((error) => error.message).join(' '));
  if (!found) throw new Error(`no cost in ${JSON.stringify(errors.map((error) => error.message))}`);
  return Number(found[1]);
}

describe('operation cost', () => {
  const inline = `{ sessions(first: 80) { nodes { id text agent { id name } } } }`;

  it('charges a fragment about what its fields cost inline (a small charge per spread), not a depth level more', () => {
    const spread = `query { sessions(first: 80) { nodes { ...Row } } } fragment Row on Session { id text agent { id name } }`;
    const typed = `{ sessions(first: 80) { nodes { ... on Session { id text agent { id name } } } } }`;
    // Armor's default counted the spread as one more level: 2.4× the inline cost here.
    expect(costOf(spread)).toBeLessThanOrEqual(costOf(inline) * 1.25);
    expect(costOf(typed)).toBeLessThanOrEqual(costOf(inline) * 1.25);
  });

  it('still grows with the page size and the selection', () => {
    expect(costOf(`{ sessions(first: 160) { nodes { id text agent { id name } } } }`)).toBeGreaterThan(costOf(inline));
    expect(costOf(`{ sessions(first: 80) { nodes { id } } }`)).toBeLessThan(costOf(inline));
  });
});
