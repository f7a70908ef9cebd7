/** `Board`, owned by work, extended by key with the agents placed on it. */
import { builder } from '../builder.ts';

export const BoardRef = builder.externalRef('Board', builder.selection<{ id: string }>('id')).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: () => ({}),
});
