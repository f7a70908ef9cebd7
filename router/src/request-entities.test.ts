import { describe, expect, it } from 'vitest';
import { notePlan, RequestEntities } from './request-entities.ts';

const ROOT = 'query Q__identity__0($id:ID!){organization(id:$id){__typename id name slug}}';
const NAMES =
  'query Q__identity__2($representations:[_Any!]!){_entities(representations:$representations){...on Organization{name __typename}}}';
const org = (id: string) => ({ __typename: 'Organization', id });

/** A plan that asks identity twice, the second time for entities (what makes its answers worth recording). */
const PLAN = {
  kind: 'QueryPlan',
  node: {
    kind: 'Sequence',
    nodes: [
      { kind: 'Fetch', serviceName: 'identity' },
      { kind: 'Flatten', node: { kind: 'Fetch', serviceName: 'identity', requires: [] } },
    ],
  },
};

/** A request whose plan has been noted. */
const planned = () => {
  const request = {};
  notePlan(request, PLAN);
  return request;
};

describe('RequestEntities', () => {
  it('answers an entity fetch from what the same request read, in representation order', () => {
    const entities = new RequestEntities('identity');
    const request = planned();
    entities.record(request, ROOT, { organization: { __typename: 'Organization', id: 'o1', name: 'Acme', slug: 'a' } });
    entities.record(request, 'query R{orgs{__typename id name}}', {
      orgs: [{ __typename: 'Organization', id: 'o2', name: 'Beta' }],
    });
    expect(entities.answer(request, NAMES, { representations: [org('o2'), org('o1'), org('o2')] })).toEqual([
      { name: 'Beta', __typename: 'Organization' },
      { name: 'Acme', __typename: 'Organization' },
      { name: 'Beta', __typename: 'Organization' },
    ]);
    // Another request has read nothing: it asks the subgraph.
    expect(entities.answer({}, NAMES, { representations: [org('o1')] })).toBeUndefined();
  });

  it('asks the subgraph when any representation was not read with every selected field', () => {
    const entities = new RequestEntities('identity');
    const request = planned();
    entities.record(request, 'query R{organization{__typename id}}', { organization: org('o1') });
    entities.record(request, ROOT, { organization: { __typename: 'Organization', id: 'o2', name: 'Beta', slug: 'b' } });
    expect(entities.answer(request, NAMES, { representations: [org('o1')] })).toBeUndefined(); // no name read
    expect(entities.answer(request, NAMES, { representations: [org('o2'), org('o3')] })).toBeUndefined(); // o3 unseen
    expect(entities.answer(request, NAMES, { representations: [{ __typename: 'Board', id: 'o2' }] })).toBeUndefined();
    expect(entities.answer(request, NAMES, { representations: [org('o2')] })).toEqual([
      { name: 'Beta', __typename: 'Organization' },
    ]);
  });

  it('records nothing from a fetch with aliases, nor fields selected with arguments', () => {
    const entities = new RequestEntities('identity');
    const request = planned();
    // `name: slug` would otherwise be taken for the name.
    entities.record(request, 'query R{organization{__typename id name:slug}}', {
      organization: { __typename: 'Organization', id: 'o1', name: 'a-slug' },
    });
    expect(entities.answer(request, NAMES, { representations: [org('o1')] })).toBeUndefined();
    entities.record(request, 'query R{organization{__typename id name(locale:"fr")}}', {
      organization: { __typename: 'Organization', id: 'o1', name: 'Acmé' },
    });
    expect(entities.answer(request, NAMES, { representations: [org('o1')] })).toBeUndefined();
  });

  it('answers only plain selections of `_entities`', () => {
    const entities = new RequestEntities('identity');
    const request = planned();
    entities.record(request, ROOT, { organization: { __typename: 'Organization', id: 'o1', name: 'Acme', slug: 'a' } });
    const representations = [org('o1')];
    const refused = [
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Organization{n:name}}}',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Organization{name @include(if:true)}}}',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Organization{boards{id}}}}',
      'query($representations:[_Any!]!){e:_entities(representations:$representations){...on Organization{name}}}',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Organization{name}} x:__typename}',
      'mutation($representations:[_Any!]!){_entities(representations:$representations){...on Organization{name}}}',
      'not graphql',
    ];
    for (const query of refused) expect(entities.answer(request, query, { representations }), query).toBeUndefined();
    // Variables besides the representations could change the answer.
    expect(entities.answer(request, NAMES, { representations, other: 1 })).toBeUndefined();
  });

  it('matches representations by every key field, not only `id`', () => {
    const entities = new RequestEntities('identity');
    const request = planned();
    entities.record(request, 'query R{members{__typename orgId userId role}}', {
      members: [
        { __typename: 'Member', orgId: 'o1', userId: 'u1', role: 'ADMIN' },
        { __typename: 'Member', orgId: 'o2', userId: 'u1', role: 'MEMBER' },
      ],
    });
    const ROLES = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Member{role}}}';
    expect(
      entities.answer(request, ROLES, { representations: [{ __typename: 'Member', orgId: 'o2', userId: 'u1' }] }),
    ).toEqual([{ role: 'MEMBER' }]);
    expect(
      entities.answer(request, ROLES, { representations: [{ __typename: 'Member', orgId: 'o3', userId: 'u1' }] }),
    ).toBeUndefined();
  });

  it('records nothing for a subgraph the plan does not ask again for entities', () => {
    const entities = new RequestEntities('identity');
    const data = { organization: { __typename: 'Organization', id: 'o1', name: 'Acme', slug: 'a' } };
    for (const plan of [
      { kind: 'QueryPlan', node: { kind: 'Fetch', serviceName: 'identity' } },
      {
        kind: 'QueryPlan',
        node: { kind: 'Sequence', nodes: [PLAN.node.nodes[0], { kind: 'Fetch', serviceName: 'work', requires: [] }] },
      },
    ]) {
      const request = {};
      notePlan(request, plan);
      entities.record(request, ROOT, data);
      expect(entities.answer(request, NAMES, { representations: [org('o1')] })).toBeUndefined();
    }
    // A request whose plan was never noted (a subscription event, the router's own calls) records nothing either.
    const unplanned = {};
    entities.record(unplanned, ROOT, data);
    expect(entities.answer(unplanned, NAMES, { representations: [org('o1')] })).toBeUndefined();
  });
});
