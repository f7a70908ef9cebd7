/** Runs the identity subgraph as its own process. */
import { runStandalone } from '@mc/kit';
import { identityModule } from './index.ts';

await runStandalone(identityModule, 4101);
