/** `DeletedRecord`: what a delete/remove mutation returns — the id that no longer exists. */
import { builder } from '../builder.ts';

export const DeletedRecordType = builder.objectRef<{ id: string }>('DeletedRecord').implement({
  description: 'The id of a record that was deleted or removed',
  fields: (t) => ({ id: t.exposeID('id') }),
});
