/** `Agent` (on a gateway, maybe on a board), `Gateway.agents`, `Board.agents` and the agent root fields. */
import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { FleetContext } from '../context.ts';
import type { AgentRow } from '../db/agent-store.ts';
import type { AgentStatusEvent } from '../events.ts';
import { BoardRef } from './board.ts';
import { GatewayRef } from './gateway.ts';
import { OrganizationRef } from './organization.ts';

export const AgentStatusEnum = builder.enumType('AgentStatus', {
  values: {
    PROVISIONING: {
      description: 'Being created or updated on its gateway; ends ONLINE, OFFLINE or ERROR by a deadline',
    },
    ONLINE: { description: 'Checked in' },
    OFFLINE: { description: 'Did not check in after its wakes; see lastError' },
    ERROR: { description: 'The gateway refused or failed the provisioning; see lastError' },
    DELETING: { description: 'Being removed from its gateway' },
  } as const,
});

export const AgentKindEnum = builder.enumType('AgentKind', {
  values: {
    GATEWAY_MAIN: { description: 'The gateway’s own agent (one per gateway, no board)' },
    LEAD: { description: 'Leads a board (one per board)' },
    WORKER: { description: 'Works tasks' },
  } as const,
});

export const AgentRef = builder.loadableObjectRef('Agent', {
  load: (ids: string[], context: FleetContext) => context.services.agents.load(context.identity, ids),
  cacheResolved: (agent: AgentRow) => agent.id,
});

AgentRef.implement({
  description: 'An AI agent on an OpenClaw gateway',
  fields: (t) => ({
    id: t.exposeID('id'),
    organization: t.field({ type: OrganizationRef, resolve: (agent) => ({ id: agent.organizationId }) }),
    name: t.exposeString('name'),
    kind: t.field({ type: AgentKindEnum, resolve: (agent) => agent.kind }),
    remoteAgentId: t.string({
      description: 'The agent’s id on its gateway',
      resolve: (agent) => agent.remoteAgentId ?? `mc-${agent.id}`,
    }),
    status: t.field({ type: AgentStatusEnum, resolve: (agent) => agent.status }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lifecycleGeneration: t.exposeInt('lifecycleGeneration', {
      description: 'Grows with every change the gateway must apply; older work is discarded',
    }),
    wakeAttempts: t.exposeInt('wakeAttempts'),
    provisionDeadlineAt: t.expose('provisionDeadlineAt', { type: 'DateTime', nullable: true }),
    checkedInAt: t.expose('checkedInAt', { type: 'DateTime', nullable: true }),
    gateway: t.field({ type: GatewayRef, resolve: (agent) => agent.gatewayId }),
    board: t.field({
      type: BoardRef,
      nullable: true,
      resolve: (agent) => (agent.boardId ? { id: agent.boardId } : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.asEntity(AgentRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, context) => AgentRef.getDataloader(context).load(ref.id),
});

builder.objectFields(GatewayRef, (t) => ({
  agents: t.loadableList({
    type: AgentRef,
    description: 'Agents on this gateway, oldest first',
    load: (ids: string[], context) => context.services.agents.byParent(context.identity, 'gatewayId', ids),
    resolve: (gateway) => gateway.id,
  }),
}));

builder.objectFields(BoardRef, (t) => ({
  agents: t.loadableList({
    type: AgentRef,
    description: 'Agents placed on this board, oldest first',
    load: (ids: string[], context) => context.services.agents.byParent(context.identity, 'boardId', ids),
    resolve: (board) => board.id,
  }),
}));

const AgentEdge = builder.objectRef<{ cursor: string; node: AgentRow }>('AgentEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: AgentRef, resolve: (edge) => edge.node }),
  }),
});

const AgentConnection = builder.objectRef<Connection<AgentRow>>('AgentConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [AgentEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [AgentRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const AgentFilter = builder.inputType('AgentFilter', {
  fields: (t) => ({
    gatewayId: t.id({ required: false }),
    boardId: t.id({ required: false }),
    status: t.field({ type: AgentStatusEnum, required: false }),
  }),
});

builder.queryFields((t) => ({
  agent: t.field({
    type: AgentRef,
    description: 'An agent of the organization you act in (an agent may read itself and its peers)',
    authScopes: { $any: { user: true, agent: true } },
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.agents.get(context.identity, args.id),
  }),
  agents: t.field({
    type: AgentConnection,
    description: 'Agents of the organization you act in, oldest first',
    authScopes: { user: true },
    args: {
      filter: t.arg({ type: AgentFilter, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) =>
      context.services.agents.list(context.identity, { ...args.filter, first: args.first, after: args.after }),
  }),
}));

const CreateAgentInput = builder.inputType('CreateAgentInput', {
  fields: (t) => ({
    name: t.string({ description: 'Unique on its gateway, at most 120 characters' }),
    gatewayId: t.id(),
    boardId: t.id({ required: false, description: 'A board of the organization with room (maxAgents)' }),
    kind: t.field({ type: AgentKindEnum, required: false, description: 'Default WORKER' }),
  }),
});

const UpdateAgentInput = builder.inputType('UpdateAgentInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    boardId: t.id({ required: false, description: 'Absent: keep; null: off its board' }),
    kind: t.field({ type: AgentKindEnum, required: false }),
  }),
});

const DeleteAgentPayload = builder.objectRef<{ id: string }>('DeleteAgentPayload').implement({
  fields: (t) => ({ deletedAgentId: t.exposeID('id') }),
});

const AgentTokenRef = builder.objectRef<{ agent: AgentRow; token: string }>('AgentToken').implement({
  fields: (t) => ({
    agent: t.field({ type: AgentRef, resolve: (issued) => issued.agent }),
    token: t.exposeString('token', { description: '`mca_…`: shown only here; the agent’s older tokens are revoked' }),
  }),
});

builder.mutationFields((t) => ({
  createAgent: t.field({
    type: AgentRef,
    description: 'Creates an agent on a gateway and starts provisioning it (admins)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: CreateAgentInput }) },
    resolve: (_root, args, context) => context.services.agents.create(context.identity, args.input),
  }),
  updateAgent: t.field({
    type: AgentRef,
    description: 'Renames, moves or changes the kind of an agent; the gateway is brought up to date (admins)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id(), input: t.arg({ type: UpdateAgentInput }) },
    resolve: (_root, args, context) => context.services.agents.update(context.identity, args.id, args.input),
  }),
  deleteAgent: t.field({
    type: DeleteAgentPayload,
    description: 'Deletes an agent, revokes its tokens and removes it from its gateway (admins)',
    authScopes: { user: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: (_root, args, context) => context.services.agents.delete(context.identity, args.id),
  }),
  rotateAgentToken: t.field({
    type: AgentTokenRef,
    description: 'Issues a new agent token and revokes the agent’s older ones (admins)',
    authScopes: { user: true },
    errors: {},
    args: { agentId: t.arg.id() },
    resolve: (_root, args, context) => context.services.agents.rotateToken(context.identity, args.agentId),
  }),
  agentCheckIn: t.field({
    type: AgentRef,
    description: 'The calling agent reports that it is up (its heartbeat): ONLINE, checkedInAt now',
    authScopes: { agent: true },
    errors: {},
    resolve: (_root, _args, context) => context.services.agents.checkIn(context.identity),
  }),
}));

const AgentStatusChangeRef = builder.objectRef<AgentStatusEvent>('AgentStatusChange').implement({
  fields: (t) => ({
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'Null once the agent is deleted',
      resolve: (event, _args, context) => {
        if (event.deleted) return null;
        // A subscription keeps one context for all its events: drop the agent loaded for an earlier one.
        AgentRef.getDataloader(context).clear(event.agentId);
        return event.agentId;
      },
    }),
    agentId: t.exposeID('agentId'),
    deleted: t.boolean({ description: 'The agent was deleted', resolve: (event) => event.deleted === true }),
    status: t.field({ type: AgentStatusEnum, resolve: (event) => event.status }),
    lastError: t.exposeString('lastError', { nullable: true }),
  }),
});

builder.subscriptionFields((t) => ({
  agentStatusChanged: t.field({
    type: AgentStatusChangeRef,
    description: 'Status changes and deletions of the agents of the organization you act in, live',
    authScopes: { user: true },
    subscribe: (_root, _args, context) => context.services.agents.watch(context.identity),
    resolve: (event) => event,
  }),
}));

const ImportAgentInput = builder.inputType('ImportAgentInput', {
  fields: (t) => ({
    gatewayId: t.id(),
    remoteAgentId: t.string({ description: 'The agent’s id on the gateway (OpenClaw: 1–64 of a-z, 0-9, _ and -)' }),
    name: t.string({ required: false, description: 'Default: the name the gateway has for it' }),
    boardId: t.id({ required: false }),
    kind: t.field({ type: AgentKindEnum, required: false }),
  }),
});

builder.mutationFields((t) => ({
  importAgent: t.field({
    type: AgentRef,
    description:
      'Adopts an agent that already exists on a gateway: checked on the gateway, then provisioned (files, wake, check-in) (admins)',
    authScopes: { user: true },
    errors: {},
    args: { input: t.arg({ type: ImportAgentInput }) },
    resolve: (_root, args, context) => context.services.agents.import(context.identity, args.input),
  }),
}));
