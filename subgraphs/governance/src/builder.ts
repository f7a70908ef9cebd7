/** The governance subgraph's Pothos builder (configuration only). */
import { createBuilder } from '@mc/kit';
import type { GovernanceContext } from './context.ts';

export const builder = createBuilder<GovernanceContext>({ subscriptions: true });
