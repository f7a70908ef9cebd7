/** Runs the fleet subgraph as its own process. */
import { runStandalone } from '@mc/kit';
import { fleetModule } from './index.ts';

await runStandalone(fleetModule, 4104);
