/** Drift and breaking-change detection of the schema script, on small inline subgraphs. */
import { describe, expect, it } from 'vitest';
import {
  apiChanges,
  composeSupergraph,
  driftedFiles,
  parseAcknowledgements,
  printApiSchema,
  type SubgraphSource,
  unacknowledged,
} from './schema-files.ts';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@inaccessible"])';

const accounts = (extraFields = '') => ({
  name: 'accounts',
  url: 'http://accounts:4001/graphql',
  sdl: `${LINK}
type Query { organization(id: ID!): Organization _internal: String @inaccessible }
type Organization @key(fields: "id") { id: ID! name: String! ${extraFields} }
`,
});

const boards = (boardFields = 'name: String!') => ({
  name: 'boards',
  url: 'http://boards:4002/graphql',
  sdl: `${LINK}
type Organization @key(fields: "id") { id: ID! boards: [Board!]! }
type Board @key(fields: "id") { id: ID! ${boardFields} }
`,
});

function supergraph(subgraphs: SubgraphSource[]): string {
  const outcome = composeSupergraph(subgraphs);
  if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
  return outcome.supergraphSdl;
}

describe('composeSupergraph', () => {
  it('composes subgraphs into a supergraph that joins both and names their URLs', () => {
    const sdl = supergraph([accounts(), boards()]);
    expect(sdl).toContain('join__Graph');
    expect(sdl).toContain('http://accounts:4001/graphql');
    expect(sdl).toContain('http://boards:4002/graphql');
    expect(sdl.endsWith('\n')).toBe(true);
  });

  it('reports composition errors as readable lines with their code', () => {
    const conflicting = {
      name: 'other',
      url: 'http://other:4003/graphql',
      sdl: `${LINK}\ntype Query { organization(id: ID!): Int }\n`,
    };
    const outcome = composeSupergraph([accounts(), conflicting]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.length).toBeGreaterThan(0);
    expect(outcome.errors.join('\n')).toMatch(/\[[A-Z_]+\].*organization/);
  });
});

describe('driftedFiles', () => {
  it('lists changed, missing and stale files, and nothing when all match', () => {
    const expected = new Map([
      ['a.graphql', 'A\n'],
      ['b.graphql', 'B\n'],
      ['c.graphql', 'C\n'],
    ]);
    expect(
      driftedFiles(
        expected,
        new Map([
          ['a.graphql', 'A\n'],
          ['b.graphql', 'B\n'],
          ['c.graphql', 'C\n'],
        ]),
      ),
    ).toEqual([]);
    const actual = new Map<string, string | undefined>([
      ['a.graphql', 'A\n'],
      ['b.graphql', 'B changed\n'],
      ['c.graphql', undefined],
      ['old.graphql', 'OLD\n'],
    ]);
    expect(driftedFiles(expected, actual)).toEqual(['b.graphql', 'c.graphql', 'old.graphql']);
  });
});

describe('apiChanges', () => {
  it('finds no breaking change when fields are only added', () => {
    const before = supergraph([accounts(), boards()]);
    const after = supergraph([accounts('slug: String'), boards('name: String! archived: Boolean!')]);
    expect(apiChanges(before, after).breaking).toEqual([]);
  });

  it('reports a removed public field and a changed type as breaking', () => {
    const before = supergraph([accounts(), boards('name: String! color: String')]);
    const after = supergraph([accounts(), boards('name: Int!')]);
    const { breaking } = apiChanges(before, after);
    expect(breaking).toContain('FIELD_REMOVED: Board.color was removed.');
    expect(breaking).toContain('FIELD_CHANGED_KIND: Board.name changed type from String! to Int!.');
  });

  it('ignores @inaccessible fields: removing one is not a breaking change of the public API', () => {
    const before = supergraph([accounts(), boards()]);
    const withoutInternal = {
      ...accounts(),
      sdl: accounts().sdl.replace(' _internal: String @inaccessible', ''),
    };
    const after = supergraph([withoutInternal, boards()]);
    expect(apiChanges(before, after).breaking).toEqual([]);
  });
});

describe('acknowledgements', () => {
  it('accepts exactly the acknowledged lines, ignoring comments and blank lines', () => {
    const ack = parseAcknowledgements(
      '# reviewed in #12: colors move to tags\n\nFIELD_REMOVED: Board.color was removed.\n  \n',
    );
    expect(ack.size).toBe(1);
    const breaking = ['FIELD_REMOVED: Board.color was removed.', 'FIELD_REMOVED: Board.name was removed.'];
    expect(unacknowledged(breaking, ack)).toEqual(['FIELD_REMOVED: Board.name was removed.']);
    expect(unacknowledged(breaking, parseAcknowledgements(undefined))).toEqual(breaking);
  });
});

describe('printApiSchema', () => {
  it('prints the public API without federation machinery or @inaccessible fields', () => {
    const api = printApiSchema(supergraph([accounts(), boards()]));
    expect(api).toContain('type Board {');
    expect(api).toContain('boards: [Board!]!');
    expect(api).not.toContain('_internal');
    expect(api).not.toContain('join__');
    expect(api).not.toContain('@key');
  });
});
