/** The fleet subgraph as a mountable module. */
import { fileURLToPath } from 'node:url';
import type { SubgraphModule } from '@mc/kit';
import type { FleetContext } from './context.ts';
import { loadFleetEnv } from './env.ts';
import { startGatewaySweep } from './jobs/gateway-sweep.ts';
import { schema } from './schema/index.ts';
import { consumeBoardEvents } from './services/board-projection.ts';
import { createFleetServices } from './services/index.ts';

export const fleetModule: SubgraphModule<FleetContext> = {
  name: 'fleet',
  dbSchema: 'fleet',
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  async create(runtime) {
    const env = loadFleetEnv(runtime.envSource);
    const services = createFleetServices(runtime);
    await startGatewaySweep(runtime, services.health, env.GATEWAY_SWEEP_INTERVAL_MS);
    await consumeBoardEvents(runtime);
    return {
      name: 'fleet',
      schema,
      createContext: (base) => ({ ...base, services }),
    };
  },
};

export { schema as fleetSchema };
