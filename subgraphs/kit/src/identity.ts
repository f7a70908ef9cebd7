/**
 * The signed identity the router forwards to subgraphs. Subgraphs never see public credentials:
 * they trust only this short-lived HS256 token, and reject requests without a valid one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';

export const IDENTITY_HEADER = 'x-mc-identity';
export const REQUEST_ID_HEADER = 'x-request-id';
const AUDIENCE = 'mc-subgraph';
const ISSUER = 'mc-router';
/** Long enough for one request's fan-out, short enough to be useless if leaked. */
export const IDENTITY_TTL_SECONDS = 60;

export type OrgRole = 'OWNER' | 'ADMIN' | 'MEMBER';
export const ORG_ROLES: readonly OrgRole[] = ['OWNER', 'ADMIN', 'MEMBER'];
export type BoardPermission = 'read' | 'write';

/** A member's standing in the organization the request acts in. */
export interface OrgAccess {
  id: string;
  role: OrgRole;
  /** Org-wide board flags; owners implicitly have both. */
  allBoardsRead: boolean;
  allBoardsWrite: boolean;
  /** Per-board grants: board id → permission. */
  boards: Record<string, BoardPermission>;
}

export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'system'; service: string }
  | {
      kind: 'user';
      userId: string;
      email: string | null;
      /** The person's display name (what others see them as: a comment's author, a mention). */
      name?: string | null;
      org: OrgAccess | null;
    }
  | { kind: 'h5'; h5UserId: string; orgId: string }
  | { kind: 'agent'; agentId: string; orgId: string; credentialId: string }
  | { kind: 'gateway'; gatewayId: string; orgId: string; credentialId: string };

export type IdentityKind = Identity['kind'];

export interface SignedIdentity {
  identity: Identity;
  requestId: string | undefined;
  /** When the public credential behind this identity expires (epoch seconds), if it does. */
  credentialExpiresAt: number | undefined;
  /** The caller's network address as the router saw it (claim `ip`), for per-address limits. */
  clientAddress: string | undefined;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signIdentity(
  secret: string,
  identity: Identity,
  options: { requestId?: string; credentialExpiresAt?: number; ttlSeconds?: number; clientAddress?: string } = {},
): Promise<string> {
  return new SignJWT({
    idt: identity,
    rid: options.requestId,
    cexp: options.credentialExpiresAt,
    ip: options.clientAddress,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? IDENTITY_TTL_SECONDS}s`)
    .sign(key(secret));
}

export class IdentityError extends Error {
  override name = 'IdentityError';
}

/**
 * Verifies a forwarded identity; throws `IdentityError` when missing, forged or expired. Every
 * subgraph request pays for this, so it is checked synchronously with node:crypto (WebCrypto's HMAC,
 * which jose uses, cost ~0.3 ms of the event loop per call here): an HS256 JWS only, signature
 * compared in constant time before the claims are read; `iss`, `aud`, `exp` (and `nbf`/`iat` when
 * present) as jose checks them.
 */
export async function verifyIdentity(secret: string, token: string | null | undefined): Promise<SignedIdentity> {
  if (!token) throw new IdentityError('missing signed identity');
  const payload = verifyHs256Jwt(secret, token, { issuer: ISSUER, audience: AUDIENCE });
  const identity = payload.idt as Identity | undefined;
  if (!identity || typeof identity !== 'object' || typeof identity.kind !== 'string') {
    throw new IdentityError('malformed signed identity');
  }
  return {
    identity,
    requestId: typeof payload.rid === 'string' ? payload.rid : undefined,
    credentialExpiresAt: typeof payload.cexp === 'number' ? payload.cexp : undefined,
    clientAddress: typeof payload.ip === 'string' ? payload.ip : undefined,
  };
}

const invalid = (reason: string) => new IdentityError(`invalid signed identity: ${reason}`);

/** An HS256 token whose `exp` has passed (its signature and the other claims were valid). */
export class TokenExpiredError extends IdentityError {
  override name = 'TokenExpiredError';
}

/**
 * Verifies an HS256 JWT synchronously (node:crypto; see `verifyIdentity` for why): the signature in
 * constant time before any claim is read, then `iss`, `aud` (a string or a list holding it), `exp`
 * (required; `TokenExpiredError` once passed), `nbf` and `iat` as jose checks them. Returns the claims.
 */
export function verifyHs256Jwt(
  secret: string,
  token: string,
  claimsWanted: { issuer: string; audience: string },
): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid('not a compact JWS');
  const [header, body, signature] = parts;
  const protectedHeader = decodeJson(header, 'header');
  if (protectedHeader.alg !== 'HS256' || protectedHeader.crit !== undefined || protectedHeader.b64 !== undefined) {
    throw invalid('"alg" (Algorithm) Header Parameter value not allowed');
  }
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw invalid('signature verification failed');
  const claims = decodeJson(body, 'payload');
  const now = Math.floor(Date.now() / 1000);
  if (claims.iss !== claimsWanted.issuer) throw invalid('unexpected "iss" claim value');
  const audience = claims.aud;
  if (!(audience === claimsWanted.audience || (Array.isArray(audience) && audience.includes(claimsWanted.audience)))) {
    throw invalid('unexpected "aud" claim value');
  }
  if (typeof claims.exp !== 'number') throw invalid('"exp" claim missing or not a number');
  if (claims.exp <= now) throw new TokenExpiredError('invalid signed identity: "exp" claim timestamp check failed');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) {
    throw invalid('"nbf" claim timestamp check failed');
  }
  if (claims.iat !== undefined && typeof claims.iat !== 'number') throw invalid('"iat" claim must be a number');
  return claims;
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // Reported below.
  }
  throw invalid(`malformed ${what}`);
}

/** The organization a caller acts in, whatever kind of caller it is. */
export function identityOrgId(identity: Identity): string | null {
  switch (identity.kind) {
    case 'user':
      return identity.org?.id ?? null;
    case 'h5':
    case 'agent':
    case 'gateway':
      return identity.orgId;
    default:
      return null;
  }
}
