/** Imports every type of the chat schema and builds the federated subgraph schema. */
import { FEDERATION_LINK } from '@mc/kit';
import { builder } from '../builder.ts';
import './agent.ts';
import './message.ts';
import './session.ts';
import './assignment.ts';
import './chat-event.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
