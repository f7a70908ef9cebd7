/** Topics the identity subgraph publishes. */
import { defineTopic } from '@mc/kit';

/** Someone's access changed (role, flags, grants, membership, suspension): caches must drop it. */
export const principalChanged = defineTopic<{ userId?: string; h5UserId?: string; credentialId?: string }>(
  'identity',
  'principalChanged',
);
