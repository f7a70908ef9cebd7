/** `Organization`, owned by identity, referenced here by key only. */
import { builder } from '../builder.ts';

export const OrganizationRef = builder.externalRef('Organization', builder.selection<{ id: string }>('id')).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: () => ({}),
});
