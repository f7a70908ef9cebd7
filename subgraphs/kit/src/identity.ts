/**
 * The signed identity the router forwards to subgraphs. Subgraphs never see public credentials:
 * they trust only this short-lived HS256 token, and reject requests without a valid one.
 */
import { jwtVerify, SignJWT } from 'jose';

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
  | { kind: 'user'; userId: string; email: string | null; org: OrgAccess | null }
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

/** Verifies a forwarded identity; throws `IdentityError` when missing, forged or expired. */
export async function verifyIdentity(secret: string, token: string | null | undefined): Promise<SignedIdentity> {
  if (!token) throw new IdentityError('missing signed identity');
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    });
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
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    throw new IdentityError(`invalid signed identity: ${(error as Error).message}`);
  }
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
