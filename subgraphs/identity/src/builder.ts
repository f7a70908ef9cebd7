/** The identity subgraph's Pothos builder (configuration only). */
import { createBuilder } from '@mc/kit';
import type { IdentityContext } from './context.ts';

export const builder = createBuilder<IdentityContext>();
