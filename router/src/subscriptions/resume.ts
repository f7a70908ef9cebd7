/**
 * Resumable subscriptions (the `after` cursor of the lossless streams: board sync, activity, chat)
 * replay what a client missed when they open, before going live. A client that joins a shared stream
 * after its replay went out would miss it, so such a stream is shared only until its first event;
 * later identical subscriptions open their own upstream (and get their own replay).
 */
import {
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** The argument by which a subscription field resumes from a cursor. */
export const RESUME_ARGUMENT = 'after';

/** True when a root field of the subscription is given a non-null resume cursor. */
export function replaysOnOpen(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): boolean {
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet, seen);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) return false;
        return visit(fragment.selectionSet, new Set([...seen, name]));
      }
      return (selection.arguments ?? []).some((argument) => {
        if (argument.name.value !== RESUME_ARGUMENT) return false;
        const value = valueFromASTUntyped(argument.value, variables);
        return value !== null && value !== undefined;
      });
    });
  return visit(operation.selectionSet, new Set());
}
