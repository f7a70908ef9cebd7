/** The work subgraph's Pothos builder (configuration only). */
import { createBuilder } from '@mc/kit';
import type { WorkContext } from './context.ts';

export const builder = createBuilder<WorkContext>({ subscriptions: true });
