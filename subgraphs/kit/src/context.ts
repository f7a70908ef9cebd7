/** What every resolver gets: who is asking (already verified) and request-scoped tools. */
import type { Logger } from 'pino';
import type { Identity } from './identity.ts';

export interface RequestContext {
  identity: Identity;
  requestId: string;
  logger: Logger;
  /** When the caller's public credential expires (epoch seconds), for long-lived sockets. */
  credentialExpiresAt: number | undefined;
  /** The caller's network address, signed by the router (absent for internal callers). */
  clientAddress?: string | undefined;
}
