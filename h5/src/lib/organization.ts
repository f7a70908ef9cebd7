/**
 * Which organization the app signs users into: the link (`?org=<id or slug>`, remembered), else the
 * build's `VITE_H5_ORGANIZATION`, else what the user types.
 */
const KEY = 'mc.h5.organization';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function organizationFromLink(search: string, store: Pick<Storage, 'getItem' | 'setItem'>, configured = '') {
  const fromLink = new URLSearchParams(search).get('org')?.trim();
  if (fromLink) store.setItem(KEY, fromLink);
  return fromLink || store.getItem(KEY) || configured || '';
}

/** The login/register input field for an organization given by id or by slug. */
export function organizationInput(value: string): { organizationId: string } | { organizationSlug: string } {
  return UUID.test(value) ? { organizationId: value } : { organizationSlug: value };
}
