/**
 * Test-only `people` subgraph: owns `Person {id, name}`. `peopleStats.entityRequests` counts the
 * `_entities` requests it answered, so tests can see that the router batches an event's entities
 * into one call. A person whose id starts with `broken` fails to resolve.
 */
import { CodedError, createBuilder, FEDERATION_LINK, type RequestContext, type SubgraphModule } from '@mc/kit';

interface PeopleState {
  entityRequests: number;
  seen: WeakSet<object>;
}

interface PeopleContext extends RequestContext {
  people: PeopleState;
}

const builder = createBuilder<PeopleContext>();

const PersonRef = builder.objectRef<{ id: string }>('Person').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.string({ resolve: (person) => `Person ${person.id}` }),
  }),
});

builder.asEntity(PersonRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => {
    if (!context.people.seen.has(context)) {
      context.people.seen.add(context);
      context.people.entityRequests += 1;
    }
    if (ref.id.startsWith('broken')) throw new CodedError('PERSON_UNAVAILABLE', `Person ${ref.id} is unavailable`);
    return { id: ref.id };
  },
});

const PeopleStatsRef = builder.objectRef<PeopleState>('PeopleStats').implement({
  fields: (t) => ({ entityRequests: t.exposeInt('entityRequests') }),
});

builder.queryField('peopleStats', (t) =>
  t.field({ type: PeopleStatsRef, authScopes: { authenticated: true }, resolve: (_r, _a, context) => context.people }),
);

// The kit's builder always declares Mutation, which must have a field.
builder.mutationField('resetPeopleStats', (t) =>
  t.boolean({
    authScopes: { authenticated: true },
    resolve: (_r, _a, context) => {
      context.people.entityRequests = 0;
      return true;
    },
  }),
);

export const peopleSchema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });

export const peopleModule: SubgraphModule<PeopleContext> = {
  name: 'people',
  dbSchema: 'people_fixture',
  schema: peopleSchema,
  migrationsFolder: '',
  create() {
    const people: PeopleState = { entityRequests: 0, seen: new WeakSet() };
    return { name: 'people', schema: peopleSchema, createContext: (base) => ({ ...base, people }) };
  },
};
