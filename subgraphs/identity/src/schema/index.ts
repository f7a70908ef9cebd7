/** Imports every type of the identity schema and builds the federated subgraph schema. */
import { FEDERATION_LINK } from '@mc/kit';
import { builder } from '../builder.ts';
import './board-grant.ts';
import './deleted-record.ts';
import './organization.ts';
import './member.ts';
import './user.ts';
import './invite.ts';
import './h5-user.ts';
import './h5-session.ts';
import './machine-credential.ts';
import './principal.ts';
import './caller.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
