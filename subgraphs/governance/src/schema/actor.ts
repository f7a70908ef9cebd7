/** `Actor`: who did something. Shared with work (same shape, `@shareable`). */
import { builder } from '../builder.ts';
import type { Actor } from '../events.ts';

export const ActorKindEnum = builder.enumType('ActorKind', {
  values: ['USER', 'AGENT', 'GATEWAY', 'H5', 'SYSTEM'] as const,
});

export const ActorRef = builder.objectRef<Actor>('Actor').implement({
  description: 'Who made a change; the id is a user, agent, gateway, H5 user or service id',
  shareable: true,
  fields: (t) => ({
    kind: t.field({ type: ActorKindEnum, resolve: (actor) => actor.kind }),
    id: t.exposeID('id'),
  }),
});
