/** `ChatSession` with its history, the support-view queries, and open / typing mutations. */
import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { SessionRow } from '../db/session-store.ts';
import { ChatAgentRef } from './agent.ts';
import { ChatMessageConnection, ChatMessageRef } from './message.ts';

/** Identity's `H5User` entity, referenced by key (identity shows it to the organization's admins only). */
const H5UserRef = builder
  .externalRef('H5User', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({ externalFields: (t) => ({ id: t.id() }) });

export const ChatSessionRef = builder.objectRef<SessionRow>('ChatSession').implement({
  description: 'The conversation of one H5 user with one agent',
  fields: (t) => ({
    id: t.exposeID('id'),
    agentId: t.exposeID('agentId'),
    agent: t.loadable({
      type: ChatAgentRef,
      nullable: true,
      load: (ids: string[], context) => context.services.assignments.agents(ids),
      resolve: (session) => session.agentId,
    }),
    h5UserId: t.exposeID('h5UserId'),
    h5User: t.field({
      type: H5UserRef,
      nullable: true,
      description: 'The H5 user (identity resolves it for admins of the organization only; null for others)',
      resolve: (session) => ({ id: session.h5UserId }),
    }),
    lastSequence: t.exposeInt('lastSequence', { description: 'The latest position of the session stream' }),
    lastMessageAt: t.expose('lastMessageAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastMessage: t.loadable({
      type: ChatMessageRef,
      nullable: true,
      description: 'The newest message (a preview for session lists; batched across sessions)',
      load: (ids: string[], context) => context.services.sessions.lastMessages(ids),
      resolve: (session) => session.id,
    }),
    messages: t.field({
      type: ChatMessageConnection,
      description:
        'History by sequence: oldest first after `after`, or newest first (`newestFirst`) to scroll back (one session at a time; lists use `lastMessage`)',
      args: {
        first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
        after: t.arg.string({ required: false, description: 'The endCursor of the previous page' }),
        newestFirst: t.arg.boolean({ required: false }),
      },
      resolve: (session, args, context) => context.services.sessions.history(session, args),
    }),
  }),
});

const ChatSessionEdge = builder.objectRef<{ cursor: string; node: SessionRow }>('ChatSessionEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ChatSessionRef, resolve: (edge) => edge.node }),
  }),
});

const ChatSessionConnection = builder.objectRef<Connection<SessionRow>>('ChatSessionConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ChatSessionEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [ChatSessionRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const ChatSessionFilter = builder.inputType('ChatSessionFilter', {
  fields: (t) => ({
    agentId: t.id({ required: false }),
    h5UserId: t.id({ required: false }),
  }),
});

const ChatSessionOrderEnum = builder.enumType('ChatSessionOrder', {
  values: {
    CREATED: { description: 'Newest session first (the default)' },
    LAST_ACTIVITY: {
      description: 'The session with the most recent message first; sessions without a message last; ties by id',
    },
  } as const,
});

builder.queryFields((t) => ({
  chatSession: t.field({
    type: ChatSessionRef,
    description: 'A session: your own (H5 users), one of yours (agents), or any of your organization (admins)',
    authScopes: { authenticated: true },
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.sessions.get(context.identity, args.id),
  }),
  chatSessions: t.field({
    type: ChatSessionConnection,
    description:
      'Sessions of the organization you act in, newest first (admins: support view); an agent’s own sessions (agents)',
    authScopes: { orgRole: 'ADMIN', agent: true },
    args: {
      filter: t.arg({ type: ChatSessionFilter, required: false }),
      orderBy: t.arg({ type: ChatSessionOrderEnum, required: false, description: 'Default CREATED' }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false, description: 'An endCursor of the same order' }),
    },
    resolve: (_root, args, context) =>
      context.services.sessions.list(context.identity, {
        ...args.filter,
        orderBy: args.orderBy,
        first: args.first,
        after: args.after,
      }),
  }),
}));

builder.subscriptionFields((t) => ({
  chatSessionOpened: t.field({
    type: ChatSessionRef,
    description:
      'Sessions opened for the first time in the organization you act in, live (admins: the support view’s list); re-opening an existing session sends nothing',
    authScopes: { orgRole: 'ADMIN' },
    subscribe: (_root, _args, context) => context.services.sessions.watchOpened(context.identity),
    resolve: (session: SessionRow) => session,
  }),
  chatSessionUpdated: t.field({
    type: ChatSessionRef,
    description:
      'Sessions of the organization you act in as they change — opened for the first time, or a message stored (sent, posted, an agent’s final reply, a pending message delivered or failed; not streamed reply parts) — as they are after the change (admins: the support list updates rows in place). Best effort: an event lost (bus restart, reconnect) is not replayed, so refetch the list after a reconnect; events of concurrent changes may arrive out of order, so keep the row with the highest `lastSequence`.',
    authScopes: { orgRole: 'ADMIN' },
    subscribe: (_root, _args, context) => context.services.sessions.watchUpdated(context.identity),
    resolve: (session: SessionRow) => session,
  }),
}));

builder.mutationFields((t) => ({
  openChatSession: t.field({
    type: ChatSessionRef,
    description: 'Opens your session with an agent you are assigned to; opening it again returns the same session',
    authScopes: { h5: true },
    errors: {},
    args: { agentId: t.arg.id() },
    resolve: (_root, args, context) => context.services.sessions.open(context.identity, args.agentId),
  }),
  setChatTyping: t.field({
    type: 'Boolean',
    description: 'Tells the other side that you are typing (live only; the H5 user or the agent of the session)',
    authScopes: { authenticated: true },
    args: { sessionId: t.arg.id(), typing: t.arg.boolean() },
    resolve: (_root, args, context) => context.services.messages.typing(context.identity, args.sessionId, args.typing),
  }),
}));
