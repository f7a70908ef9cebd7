/** The fleet subgraph's Pothos builder (configuration only). */
import { createBuilder } from '@mc/kit';
import type { FleetContext } from './context.ts';

export const builder = createBuilder<FleetContext>({ subscriptions: true });
