import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeFixtureSupergraph } from '../test/support/subscription-fixtures/supergraph.ts';
import { NotASubscriptionError, OperationPlanner } from './planner.ts';

const planner = new OperationPlanner(composeFixtureSupergraph());
const plan = (text: string, operationName?: string) => planner.plan(text, parse(text), operationName);

describe('subscription planner', () => {
  it('plans the primary fetch on the owning subgraph and entity fetches as rest', () => {
    const planned = plan('subscription S($c: String!) { noteAdded(channel: $c) { text author { name } } }');
    expect(planned.primary).toMatchObject({
      serviceName: 'feed',
      operationKind: 'subscription',
      variableUsages: ['c'],
    });
    expect(planned.primary.operation).toContain('author{__typename id}');
    expect(JSON.stringify(planned.rest)).toContain('"serviceName":"people"');
    expect(JSON.stringify(planned.rest)).toContain('_entities');
  });

  it('has no rest when the selection stays on the owning subgraph', () => {
    expect(plan('subscription { noteAdded(channel: "c") { text author { id } } }').rest).toBeUndefined();
  });

  it('caches plans per document text and operation name', () => {
    const text =
      'subscription A { noteAdded(channel: "a") { seq } } subscription B { noteAdded(channel: "b") { seq } }';
    const before = planner.cachedPlans;
    const a = plan(text, 'A');
    expect(plan(text, 'A')).toBe(a);
    const b = plan(text, 'B');
    expect(b).not.toBe(a);
    expect(b.primary.operation).toContain('"b"');
    expect(planner.cachedPlans).toBe(before + 2);
  });

  it('refuses operations that are not subscriptions', () => {
    expect(() => plan('{ feedStats { activeSubscriptions } }')).toThrow(NotASubscriptionError);
  });
});
