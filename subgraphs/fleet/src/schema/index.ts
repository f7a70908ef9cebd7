/** Imports every type of the fleet schema and builds the federated subgraph schema. */
import { FEDERATION_LINK } from '@mc/kit';
import { builder } from '../builder.ts';
import './organization.ts';
import './gateway.ts';
import './registration.ts';
import './health.ts';
import './gateway-connection.ts';
import './board.ts';
import './agent.ts';
import './team.ts';
import '../relay/dial-in-schema.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
