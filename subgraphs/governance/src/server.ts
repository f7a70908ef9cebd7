/** Runs the governance subgraph as its own process. */
import { runStandalone } from '@mc/kit';
import { governanceModule } from './index.ts';

await runStandalone(governanceModule, 4103);
