/** Imports every type of the governance schema and builds the federated subgraph schema. */
import { FEDERATION_LINK } from '@mc/kit';
import { builder } from '../builder.ts';
import './json.ts';
import './actor.ts';
import './board.ts';
import './task.ts';
import './approval.ts';
import './activity.ts';
import './activity-stream.ts';
import './metrics.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
