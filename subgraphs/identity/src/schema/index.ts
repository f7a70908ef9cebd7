/** Imports every type of the identity schema and builds the federated subgraph schema. */
import { FEDERATION_LINK } from '@mc/kit';
import { builder } from '../builder.ts';
import './organization.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
