import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileShape, shapeResult } from './result-shaping.ts';

const apiSchema = Supergraph.build(
  readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
).apiSchema();

const BOARDS = `query Boards($id: ID!, $first: Int!, $names: Boolean = true) {
  organization(id: $id) {
    kind: __typename
    name
    again: name @include(if: $names)
    boards(first: $first) { nodes { ... on Board { id name } name organization { name } skipped: name @skip(if: $names) } }
  }
}`;
const COMMENT = `mutation {
  addTaskComment(taskId: "t1", body: "hi") {
    __typename
    ... on Error { message }
    ... on DomainError { code ids }
    ... on TaskComment { id body mentions }
  }
}`;

const org = (boards: unknown[]) => ({
  organization: { __typename: 'Organization', id: 'o1', name: 'Acme', again: 'Acme', boards: { nodes: boards } },
});
const board = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Board',
  id,
  name: `Board ${id}`,
  skipped: `Board ${id}`,
  organization: { __typename: 'Organization', id: 'o1', name: 'Acme' },
  ...extra,
});

// [what, operation, input (the merged subgraph data), variables, shaped on the clean path?]
const cases: [string, string, Record<string, unknown>, Record<string, unknown>, boolean][] = [
  ['aliases, fragments, merged fields, planner-added keys dropped', BOARDS, org([board('b1'), board('b2')]), {}, true],
  ['@include and @skip from a variable', BOARDS, org([board('b1')]), { names: false }, true],
  ['an empty list', BOARDS, org([]), {}, true],
  [
    'a union member with an interface fragment',
    COMMENT,
    {
      addTaskComment: { __typename: 'DomainError', code: 'NOT_FOUND', message: 'no task', ids: ['t1'], field: null },
    },
    {},
    true,
  ],
  [
    'the other union member',
    COMMENT,
    {
      addTaskComment: { __typename: 'TaskComment', id: 'c1', body: 'hi', mentions: ['lead'] },
    },
    {},
    true,
  ],
  ['null where non-null: the error is computeResponse’s', BOARDS, org([board('b1', { name: null })]), {}, false],
  [
    'a missing non-null field',
    BOARDS,
    { organization: { __typename: 'Organization', id: 'o1', boards: { nodes: [] } } },
    {},
    false,
  ],
  ['a leaf value of the wrong type', BOARDS, org([board('b1', { name: 7 })]), {}, false],
  [
    'a null element in a list of non-null',
    COMMENT,
    {
      addTaskComment: { __typename: 'DomainError', code: 'X', message: 'm', ids: ['a', null] },
    },
    {},
    false,
  ],
  ['a __typename the schema does not know', COMMENT, { addTaskComment: { __typename: 'Nope', id: 'c1' } }, {}, false],
  ['a boolean variable that is not a boolean', BOARDS, org([board('b1')]), { names: 'yes' }, false],
];

describe('compiled result shaping', () => {
  for (const [what, text, input, variables, clean] of cases) {
    it(`shapes as computeResponse does: ${what}`, () => {
      const operation = operationFromDocument(apiSchema, parse(text));
      const shape = compileShape(operation);
      expect(shape).toBeDefined();
      // computeResponse reports what it cannot shape, or throws (a directive's variable that is not a boolean).
      let expected: ReturnType<typeof computeResponse> | undefined;
      try {
        expected = computeResponse({
          operation,
          variables: { id: 'o1', first: 20, ...variables },
          input: structuredClone(input),
          introspectionHandling: () => null,
        });
      } catch {
        expected = undefined;
      }
      const copy = structuredClone(input);
      const actual = shapeResult(shape as NonNullable<typeof shape>, copy, { id: 'o1', first: 20, ...variables });
      expect(copy).toEqual(input); // the input is only read
      if (clean) {
        expect(expected?.errors).toEqual([]);
        // Same bytes: same keys in the same order.
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected?.data));
      } else {
        expect(actual).toBeUndefined();
        expect(!expected || expected.errors.length > 0 || expected.data === null).toBe(true);
      }
    });
  }

  it('does not compile introspection (the gateway answers it)', () => {
    const operation = operationFromDocument(apiSchema, parse('{ __schema { queryType { name } } }'));
    expect(compileShape(operation)).toBeUndefined();
  });
});
