/**
 * `Organization`, owned by identity, extended here by key. Work knows only its id; the fields it
 * adds (`boards`, `boardGroups`) live beside their own types.
 */
import { builder } from '../builder.ts';

export const OrganizationRef = builder.externalRef('Organization', builder.selection<{ id: string }>('id')).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: () => ({}),
});
