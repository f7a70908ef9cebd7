/**
 * Turns the public credential of a request or socket into an `Identity`: the local admin token or
 * an OIDC JWT (people), an H5 access JWT (end users), an agent token or a gateway credential
 * (machines). Anything presented and not valid is UNAUTHENTICATED; nothing presented is anonymous.
 */
import { timingSafeEqual } from 'node:crypto';
import { AccessError, badInput, ErrorCode, type Identity, isUuid, TokenExpiredError, verifyHs256Jwt } from '@mc/kit';
import { createRemoteJWKSet, decodeJwt, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import type { RouterEnv } from '../env.ts';
import type { PrincipalChange, PrincipalClient } from './principal-client.ts';

export const H5_ISSUER = 'mc-identity';
export const H5_AUDIENCE = 'mc-h5';
export const LOCAL_ADMIN_EXTERNAL_ID = 'local:admin';

export interface Authenticated {
  identity: Identity;
  /** Epoch seconds after which the credential is no longer valid, if it expires. */
  credentialExpiresAt: number | undefined;
}

export interface CredentialInput {
  authorization: string | undefined;
  organizationId: string | undefined;
}

const invalid = (message = 'Invalid or expired credential') => new AccessError(ErrorCode.UNAUTHENTICATED, message);

export class Authenticator {
  private readonly env: RouterEnv;
  private readonly principals: PrincipalClient;
  private readonly localToken: Buffer | null;
  private readonly h5Secret: string | null;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;

  constructor(env: RouterEnv, principals: PrincipalClient) {
    this.env = env;
    this.principals = principals;
    this.localToken = env.AUTH_MODE === 'local' && env.LOCAL_AUTH_TOKEN ? Buffer.from(env.LOCAL_AUTH_TOKEN) : null;
    this.h5Secret = env.H5_JWT_SECRET || null;
    this.jwks =
      env.AUTH_MODE === 'oidc' && env.OIDC_JWKS_URL
        ? createRemoteJWKSet(new URL(env.OIDC_JWKS_URL), { cooldownDuration: 30_000, cacheMaxAge: 600_000 })
        : null;
  }

  /** Identity's access changes, once the principal cache has dropped what they name (see `PrincipalClient`). */
  onPrincipalChanged(listener: (change: PrincipalChange) => void): () => void {
    return this.principals.onChanged(listener);
  }

  async authenticate(input: CredentialInput): Promise<Authenticated> {
    const organizationId = input.organizationId?.trim() || null;
    if (organizationId !== null && !isUuid(organizationId)) {
      throw badInput('x-organization-id is not a valid id', 'x-organization-id');
    }
    const token = bearer(input.authorization);
    if (token === null) return { identity: { kind: 'anonymous' }, credentialExpiresAt: undefined };
    if (token.startsWith('mca_') || token.startsWith('mcg_')) return this.machine(token);
    if (token.split('.').length === 3) return this.jwt(token, organizationId);
    if (this.localToken && safeEqual(this.localToken, token)) {
      return this.user(
        { externalId: LOCAL_ADMIN_EXTERNAL_ID, email: null, displayName: 'Local admin' },
        organizationId,
      );
    }
    throw invalid();
  }

  private async machine(token: string): Promise<Authenticated> {
    const principal = await this.principals.credential(token);
    const expected = token.startsWith('mca_') ? 'agent' : 'gateway';
    if (!principal || principal.kind !== expected) throw invalid();
    const expiresAt = principal.expiresAt ? Math.floor(new Date(principal.expiresAt).getTime() / 1000) : undefined;
    const identity: Identity =
      principal.kind === 'agent'
        ? {
            kind: 'agent',
            agentId: principal.subjectId,
            orgId: principal.organizationId,
            credentialId: principal.credentialId,
          }
        : {
            kind: 'gateway',
            gatewayId: principal.subjectId,
            orgId: principal.organizationId,
            credentialId: principal.credentialId,
          };
    return { identity, credentialExpiresAt: expiresAt };
  }

  private async jwt(token: string, organizationId: string | null): Promise<Authenticated> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw invalid();
    }
    if (claims.iss === H5_ISSUER) return this.h5(token);
    if (!this.jwks || !this.env.OIDC_ISSUER) throw invalid();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.env.OIDC_ISSUER,
        audience: this.env.OIDC_AUDIENCE,
        clockTolerance: 5,
      }));
    } catch (error) {
      throw invalid(error instanceof joseErrors.JWTExpired ? 'Credential expired' : undefined);
    }
    if (!payload.sub) throw invalid();
    const email = typeof payload.email === 'string' ? payload.email : null;
    const name = typeof payload.name === 'string' ? payload.name : null;
    const authenticated = await this.user(
      { externalId: `oidc:${payload.iss}|${payload.sub}`, email, displayName: name ?? email },
      organizationId,
    );
    return { ...authenticated, credentialExpiresAt: payload.exp };
  }

  private async h5(token: string): Promise<Authenticated> {
    if (!this.h5Secret) throw invalid();
    let payload: Record<string, unknown>;
    try {
      // Synchronous HS256 check (every H5 request and socket pays it; jose's WebCrypto HMAC cost
      // ~0.3 ms of the event loop per call in the chat benchmark).
      payload = verifyHs256Jwt(this.h5Secret, token, { issuer: H5_ISSUER, audience: H5_AUDIENCE });
    } catch (error) {
      throw invalid(error instanceof TokenExpiredError ? 'Credential expired' : undefined);
    }
    if (typeof payload.sub !== 'string' || !payload.sub || typeof payload.org !== 'string') throw invalid();
    return {
      identity: { kind: 'h5', h5UserId: payload.sub, orgId: payload.org },
      credentialExpiresAt: payload.exp as number,
    };
  }

  private async user(
    who: { externalId: string; email: string | null; displayName: string | null },
    organizationId: string | null,
  ): Promise<Authenticated> {
    const principal = await this.principals.user({ ...who, organizationId });
    return {
      identity: {
        kind: 'user',
        userId: principal.userId,
        email: principal.email,
        name: principal.displayName,
        org: principal.org,
      },
      credentialExpiresAt: undefined,
    };
  }
}

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw invalid('Authorization must be "Bearer <token>"');
  return match[1];
}

function safeEqual(expected: Buffer, candidate: string): boolean {
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
