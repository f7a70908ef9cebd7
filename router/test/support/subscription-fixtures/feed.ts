/**
 * Test-only `feed` subgraph: notes published on a channel and a `noteAdded(channel)` subscription
 * (live over the kit's bus, so several instances fan out through Redis). Each note references
 * `Person` entities owned by the `people` fixture, so the router must resolve them per event.
 * `feedStats` counts the upstream subscriptions this process serves, for sharing tests.
 */
import { createBuilder, defineTopic, FEDERATION_LINK, type RequestContext, type SubgraphModule } from '@mc/kit';

export interface NotePayload {
  id: string;
  channel: string;
  text: string;
  authorId: string;
  mentionIds: string[];
  seq: number;
}

const noteAdded = (channel: string) => defineTopic<NotePayload>('feedtest', 'noteAdded', channel);

interface FeedContext extends RequestContext {
  feed: FeedState;
}

interface FeedState {
  active: number;
  opened: number;
  seq: number;
}

const builder = createBuilder<FeedContext>();

const PersonRef = builder.externalRef('Person', builder.selection<{ id: string }>('id')).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: () => ({}),
});

const NoteRef = builder.objectRef<NotePayload>('Note').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    channel: t.exposeString('channel'),
    text: t.string({
      resolve: (note) => {
        if (note.text === 'explode') throw new Error('the note cannot be read');
        return note.text;
      },
    }),
    seq: t.exposeInt('seq'),
    viewer: t.string({
      description: 'Who this subgraph saw subscribing (shows that streams are not shared across identities)',
      resolve: (_note, _args, context) => viewerOf(context),
    }),
    author: t.field({ type: PersonRef, resolve: (note) => ({ id: note.authorId }) }),
    mentions: t.field({ type: [PersonRef], resolve: (note) => note.mentionIds.map((id) => ({ id })) }),
  }),
});

const FeedStatsRef = builder.objectRef<FeedState>('FeedStats').implement({
  fields: (t) => ({
    activeSubscriptions: t.exposeInt('active'),
    openedSubscriptions: t.exposeInt('opened'),
  }),
});

builder.queryField('feedStats', (t) =>
  t.field({
    type: FeedStatsRef,
    authScopes: { authenticated: true },
    resolve: (_root, _args, context) => context.feed,
  }),
);

// A note made from its arguments (nothing stored): queries that reach into `people`, for the router's
// query executor tests (`plan-executor.test.ts`).
builder.queryField('sampleNote', (t) =>
  t.field({
    type: NoteRef,
    args: { text: t.arg.string(), authorId: t.arg.id(), mentionIds: t.arg.idList({ required: false }) },
    resolve: (_root, args) => ({
      id: 'sample',
      channel: 'sample',
      text: args.text,
      authorId: String(args.authorId),
      mentionIds: (args.mentionIds ?? []).map(String),
      seq: 1,
    }),
  }),
);

builder.mutationField('addNote', (t) =>
  t.field({
    type: NoteRef,
    authScopes: { authenticated: true },
    args: {
      channel: t.arg.string(),
      text: t.arg.string(),
      authorId: t.arg.id(),
      mentionIds: t.arg.idList({ required: false }),
    },
    resolve: async (_root, args, context) => {
      context.feed.seq += 1;
      const note: NotePayload = {
        id: crypto.randomUUID(),
        channel: args.channel,
        text: args.text,
        authorId: args.authorId,
        mentionIds: args.mentionIds ?? [],
        seq: context.feed.seq,
      };
      await bus().publish(noteAdded(args.channel), note);
      return note;
    },
  }),
);

builder.subscriptionType({
  fields: (t) => ({
    noteAdded: t.field({
      type: NoteRef,
      authScopes: { authenticated: true },
      args: { channel: t.arg.string() },
      subscribe: (_root, args, context) => notes(args.channel, context.feed),
      resolve: (note: NotePayload) => note,
    }),
  }),
});

/**
 * The bus iterator, counted while open. Not an async generator: a generator waiting for the next
 * event could not be ended until one arrives, and the count must drop as soon as the router leaves.
 */
async function notes(channel: string, state: FeedState): Promise<AsyncIterableIterator<NotePayload>> {
  const iterator = await bus().iterate(noteAdded(channel));
  state.active += 1;
  state.opened += 1;
  let open = true;
  const close = async () => {
    if (open) {
      open = false;
      state.active -= 1;
    }
    return iterator.return?.() ?? { value: undefined, done: true as const };
  };
  const counted: AsyncIterableIterator<NotePayload> = {
    next: async () => {
      const result = await iterator.next();
      if (result.done) await close();
      return result;
    },
    return: close,
    [Symbol.asyncIterator]: () => counted,
  };
  return counted;
}

function viewerOf(context: RequestContext): string {
  const { identity } = context;
  switch (identity.kind) {
    case 'user':
      return `user:${identity.userId}:${identity.org?.id ?? '-'}`;
    case 'h5':
      return `h5:${identity.h5UserId}`;
    case 'agent':
      return `agent:${identity.agentId}`;
    default:
      return identity.kind;
  }
}

let currentBus: import('@mc/kit').EventBus | null = null;
const bus = () => {
  if (!currentBus) throw new Error('feed fixture not started');
  return currentBus;
};

export const feedSchema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });

export const feedModule: SubgraphModule<FeedContext> = {
  name: 'feed',
  dbSchema: 'feed_fixture',
  schema: feedSchema,
  migrationsFolder: '',
  create(runtime) {
    currentBus = runtime.bus;
    const feed: FeedState = { active: 0, opened: 0, seq: 0 };
    return { name: 'feed', schema: feedSchema, createContext: (base) => ({ ...base, feed }) };
  },
};
