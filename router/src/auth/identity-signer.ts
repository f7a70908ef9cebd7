/**
 * Signs the identity forwarded to subgraphs, reusing a token while it has most of its life left:
 * identical principals (the same user in the same org with the same access, from the same address)
 * share one signature.
 */
import { IDENTITY_TTL_SECONDS, type Identity, signIdentity } from '@mc/kit';

const REUSE_MS = (IDENTITY_TTL_SECONDS * 1000) / 2;

export class IdentitySigner {
  private readonly secret: string;
  private readonly cache = new Map<string, { token: string; reuseUntil: number }>();

  constructor(secret: string) {
    this.secret = secret;
  }

  /** `clientAddress` is the caller's address (claim `ip`); subscriptions shared among callers go without. */
  async sign(identity: Identity, credentialExpiresAt: number | undefined, clientAddress?: string): Promise<string> {
    const key = `${credentialExpiresAt ?? ''}|${clientAddress ?? ''}|${JSON.stringify(identity)}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.reuseUntil > now) return hit.token;
    const token = await signIdentity(this.secret, identity, { credentialExpiresAt, clientAddress });
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, { token, reuseUntil: now + REUSE_MS });
    return token;
  }
}
