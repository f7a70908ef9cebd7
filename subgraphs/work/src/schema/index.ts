/** Imports every type of the work schema and builds the federated subgraph schema. */
import { FEDERATION_LINK } from '@mc/kit';
import { builder } from '../builder.ts';
import './organization.ts';
import './board-group.ts';
import './board.ts';
import './actor.ts';
import './task.ts';
import './task-move.ts';
import './task-dependencies.ts';
import './comment-mention.ts';
import './task-comment.ts';
import './tag.ts';
import './json.ts';
import './custom-field.ts';
import './memory.ts';
import './webhook.ts';
import './board-sync.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
