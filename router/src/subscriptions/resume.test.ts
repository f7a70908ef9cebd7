import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { replaysOnOpen } from './resume.ts';

function replays(text: string, variables: Record<string, unknown> = {}): boolean {
  const document = parse(text);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return replaysOnOpen(operation as OperationDefinitionNode, fragments, variables);
}

describe('resumable subscriptions', () => {
  it('replay when a root field gets a non-null after, inline or as a variable', () => {
    expect(replays('subscription { boardEvents(boardId: "b", after: 3) { sequence } }')).toBe(true);
    expect(replays('subscription($a: Int) { boardEvents(boardId: "b", after: $a) { sequence } }', { a: 0 })).toBe(true);
    expect(
      replays(
        'subscription($a: Int) { ... on Subscription { ...F } } fragment F on Subscription { e(after: $a) { n } }',
        {
          a: 7,
        },
      ),
    ).toBe(true);
  });

  it('do not without a cursor: from now on, any subscriber may join', () => {
    expect(replays('subscription { boardEvents(boardId: "b") { sequence } }')).toBe(false);
    expect(replays('subscription($a: Int) { boardEvents(boardId: "b", after: $a) { sequence } }', {})).toBe(false);
    expect(replays('subscription { boardEvents(boardId: "b", after: null) { sequence } }')).toBe(false);
    // `after` deeper than the root field is an ordinary argument.
    expect(replays('subscription { noteAdded(channel: "c") { thread(after: 2) { n } } }')).toBe(false);
  });
});
