/**
 * Who a subscription runs as. The *scope* is the whole signed principal (same user with the same
 * organization access, same agent, same H5 user): identical subscriptions share one upstream stream
 * only within a scope, because a result may depend on who asks. The *principal* is the subject
 * alone, for per-identity caps and for closing sockets when identity reports an access change.
 */
import type { Identity } from '@mc/kit';

/** A stable key for the full identity: equal for identical principals, whatever the key order. */
export function scopeKey(identity: Identity): string {
  return stableStringify(identity);
}

/** The subject an identity belongs to (`user:<id>`, `h5:<id>`, …); null for anonymous callers. */
export function principalKey(identity: Identity): string | null {
  switch (identity.kind) {
    case 'user':
      return `user:${identity.userId}`;
    case 'h5':
      return `h5:${identity.h5UserId}`;
    case 'agent':
      return `agent:${identity.agentId}`;
    case 'gateway':
      return `gateway:${identity.gatewayId}`;
    case 'system':
      return `system:${identity.service}`;
    default:
      return null;
  }
}

/**
 * The keys under which identity's `principalChanged {userId | h5UserId | credentialId}` names this
 * identity: a socket is closed when any of them changes.
 */
export function invalidationKeys(identity: Identity): string[] {
  switch (identity.kind) {
    case 'user':
      return [`user:${identity.userId}`];
    case 'h5':
      return [`h5:${identity.h5UserId}`];
    case 'agent':
    case 'gateway':
      return [`credential:${identity.credentialId}`];
    default:
      return [];
  }
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
}
