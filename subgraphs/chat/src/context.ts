/** Request context of the chat subgraph: the verified caller plus its services. */
import type { RequestContext } from '@mc/kit';
import type { ChatServices } from './services/index.ts';

export interface ChatContext extends RequestContext {
  services: ChatServices;
}
