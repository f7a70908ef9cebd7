/** `Task`, owned by work, extended by key with its approvals (the field lives beside `Approval`). */
import { builder } from '../builder.ts';

export const TaskRef = builder.externalRef('Task', builder.selection<{ id: string }>('id')).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: () => ({}),
});
