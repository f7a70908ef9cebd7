/** `ChatAssignment` (an H5 user may talk to an agent), the admin and H5 queries, assign / unassign. */
import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { AssignmentRow } from '../db/assignment-store.ts';
import { ChatAgentRef } from './agent.ts';
import { ChatSessionRef } from './session.ts';

export const ChatAssignmentRef = builder.objectRef<AssignmentRow>('ChatAssignment').implement({
  description: 'Permission, given by an admin, for an H5 user to chat with an agent',
  fields: (t) => ({
    id: t.exposeID('id'),
    agentId: t.exposeID('agentId'),
    agent: t.loadable({
      type: ChatAgentRef,
      nullable: true,
      load: (ids: string[], context) => context.services.assignments.agents(ids),
      resolve: (assignment) => assignment.agentId,
    }),
    h5UserId: t.exposeID('h5UserId'),
    session: t.loadable({
      type: ChatSessionRef,
      nullable: true,
      description: 'The H5 user’s session with the agent, once opened',
      load: (rows: AssignmentRow[], context) => context.services.assignments.sessionsOf(rows),
      resolve: (assignment) => assignment,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ChatAssignmentEdge = builder.objectRef<{ cursor: string; node: AssignmentRow }>('ChatAssignmentEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ChatAssignmentRef, resolve: (edge) => edge.node }),
  }),
});

const ChatAssignmentConnection = builder.objectRef<Connection<AssignmentRow>>('ChatAssignmentConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ChatAssignmentEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [ChatAssignmentRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const ChatAssignmentFilter = builder.inputType('ChatAssignmentFilter', {
  fields: (t) => ({
    agentId: t.id({ required: false }),
    h5UserId: t.id({ required: false }),
  }),
});

const AssignChatAgentInput = builder.inputType('AssignChatAgentInput', {
  fields: (t) => ({
    agentId: t.id({ description: 'An agent of your organization' }),
    h5UserId: t.id({ description: 'An H5 user of your organization' }),
  }),
});

builder.queryFields((t) => ({
  chatAssignments: t.field({
    type: ChatAssignmentConnection,
    description: 'Assignments of the organization you act in, oldest first (admins)',
    authScopes: { orgRole: 'ADMIN' },
    args: {
      filter: t.arg({ type: ChatAssignmentFilter, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) =>
      context.services.assignments.list(context.identity, { ...args.filter, first: args.first, after: args.after }),
  }),
  myChatAssignments: t.field({
    type: [ChatAssignmentRef],
    description: 'The agents you may chat with, and your session with each (H5 users)',
    authScopes: { h5: true },
    resolve: (_root, _args, context) => context.services.assignments.mine(context.identity),
  }),
}));

builder.mutationFields((t) => ({
  assignChatAgent: t.field({
    type: ChatAssignmentRef,
    description: 'Lets an H5 user chat with an agent, both of your organization (admins); assigning again is a no-op',
    authScopes: { orgRole: 'ADMIN' },
    errors: {},
    args: { input: t.arg({ type: AssignChatAgentInput }) },
    resolve: (_root, args, context) => context.services.assignments.assign(context.identity, args.input),
  }),
  unassignChatAgent: t.field({
    type: ChatAssignmentRef,
    description: 'Takes an assignment back (admins); the session and its history stay for the support view',
    authScopes: { orgRole: 'ADMIN' },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.assignments.unassign(context.identity, args.id),
  }),
}));
