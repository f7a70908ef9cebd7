/** Runs the chat subgraph as its own process. */
import { runStandalone } from '@mc/kit';
import { chatModule } from './index.ts';

await runStandalone(chatModule, 4105);
