/** The chat subgraph's Pothos builder (configuration only): the kit's builder, serving subscriptions. */
import { createBuilder } from '@mc/kit';
import type { ChatContext } from './context.ts';

export const builder = createBuilder<ChatContext>({ subscriptions: true });
