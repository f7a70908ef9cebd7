/**
 * `ChatAgent`: an agent as chat knows it from fleet's events (name and presence), linked to fleet's
 * `Agent` entity, which chat references by key only (a stub it cannot resolve).
 */
import { builder } from '../builder.ts';
import type { AgentState } from '../db/projection-store.ts';
import { isOnline } from '../events.ts';

const FleetAgentRef = builder
  .externalRef('Agent', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({ externalFields: (t) => ({ id: t.id() }) });

export const ChatAgentRef = builder.objectRef<AgentState>('ChatAgent').implement({
  description: 'An agent an H5 user can talk to, with its presence',
  fields: (t) => ({
    id: t.exposeID('agentId'),
    agent: t.field({
      type: FleetAgentRef,
      description: 'Fleet’s record of the agent (gateway, board, lifecycle), as fleet lets the caller see it',
      resolve: (agent) => ({ id: agent.agentId }),
    }),
    name: t.exposeString('name'),
    status: t.string({
      description: 'Fleet’s status of the agent (`ONLINE`, `OFFLINE`, …), `DELETED` once removed',
      resolve: (agent) => (agent.deletedAt ? 'DELETED' : agent.status),
    }),
    online: t.boolean({
      description: 'Whether messages reach the agent now (otherwise they wait as PENDING)',
      resolve: (agent) => agent.deletedAt === null && isOnline(agent.status),
    }),
  }),
});
