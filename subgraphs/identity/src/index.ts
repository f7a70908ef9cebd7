/** The identity subgraph as a mountable module. */
import { fileURLToPath } from 'node:url';
import type { SubgraphModule } from '@mc/kit';
import type { IdentityContext } from './context.ts';
import { schema } from './schema/index.ts';
import { AccessEvents } from './services/access-events.ts';
import { consumeBoardDeletions } from './services/board-deletions.ts';
import { createIdentityServices } from './services/index.ts';

export const identityModule: SubgraphModule<IdentityContext> = {
  name: 'identity',
  dbSchema: 'identity',
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  async create(runtime) {
    const services = createIdentityServices(runtime);
    // Work's board deletions take the board's grants (members and pending invites) with them.
    await consumeBoardDeletions(runtime, new AccessEvents(runtime));
    return {
      name: 'identity',
      schema,
      createContext: (base) => ({ ...base, services }),
    };
  },
};

export { schema as identitySchema };
