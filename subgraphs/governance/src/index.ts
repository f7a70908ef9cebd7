/** The governance subgraph as a mountable module. */
import { fileURLToPath } from 'node:url';
import type { SubgraphModule } from '@mc/kit';
import type { GovernanceContext } from './context.ts';
import { schema } from './schema/index.ts';
import { consumeWorkEvents, createGovernanceServices } from './services/index.ts';
import { consumeFleetMentionEvents } from './services/mention-activity.ts';
import { consumeSnapshots, requestSnapshots } from './services/projection-backfill.ts';

export const governanceModule: SubgraphModule<GovernanceContext> = {
  name: 'governance',
  dbSchema: 'governance',
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  async create(runtime) {
    const services = createGovernanceServices(runtime);
    await consumeWorkEvents(runtime, services);
    await consumeFleetMentionEvents(runtime);
    // Boards and tasks that last changed before the lead/assignee projection existed: work's snapshots fill it.
    await consumeSnapshots(runtime);
    await requestSnapshots(runtime);
    return {
      name: 'governance',
      schema,
      createContext: (base) => ({ ...base, services }),
    };
  },
};

export { schema as governanceSchema };
