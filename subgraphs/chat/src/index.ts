/** The chat subgraph as a mountable module. */
import { fileURLToPath } from 'node:url';
import type { SubgraphModule } from '@mc/kit';
import type { ChatContext } from './context.ts';
import { schema } from './schema/index.ts';
import { consumeUpstreamEvents, createChatServices } from './services/index.ts';

export const chatModule: SubgraphModule<ChatContext> = {
  name: 'chat',
  dbSchema: 'chat',
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  async create(runtime) {
    const services = createChatServices(runtime);
    await consumeUpstreamEvents(runtime, services);
    return {
      name: 'chat',
      schema,
      createContext: (base) => ({ ...base, services }),
    };
  },
};

export { schema as chatSchema };
