/** `Actor`: who did something (a person, an agent, a gateway, an H5 user or a service). */
import { builder } from '../builder.ts';
import type { ActorKind } from '../events.ts';

export const ActorKindEnum = builder.enumType('ActorKind', {
  values: ['USER', 'AGENT', 'GATEWAY', 'H5', 'SYSTEM'] as const,
});

export const ActorRef = builder.objectRef<{ kind: ActorKind; id: string }>('Actor').implement({
  description: 'Who made a change; the id is a user, agent, gateway, H5 user or service id',
  shareable: true,
  fields: (t) => ({
    kind: t.field({ type: ActorKindEnum, resolve: (actor) => actor.kind }),
    id: t.exposeID('id'),
  }),
});
