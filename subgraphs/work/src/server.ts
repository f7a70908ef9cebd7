/** Runs the work subgraph as its own process. */
import { runStandalone } from '@mc/kit';
import { workModule } from './index.ts';

await runStandalone(workModule, 4102);
