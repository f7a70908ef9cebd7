/** The identity subgraph as a mountable module. */
import { fileURLToPath } from 'node:url';
import type { SubgraphModule } from '@mc/kit';
import type { IdentityContext } from './context.ts';
import { schema } from './schema/index.ts';
import { createIdentityServices } from './services/index.ts';

export const identityModule: SubgraphModule<IdentityContext> = {
  name: 'identity',
  dbSchema: 'identity',
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  create(runtime) {
    const services = createIdentityServices(runtime);
    return {
      name: 'identity',
      schema,
      createContext: (base) => ({ ...base, services }),
    };
  },
};

export { schema as identitySchema };
