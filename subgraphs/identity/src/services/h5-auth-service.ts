/**
 * H5 authentication: register, login, refresh-token rotation with reuse detection, logout.
 * Access tokens follow contract 3 (HS256, issuer `mc-identity`, audience `mc-h5`, 15 minutes);
 * refresh tokens are random, stored as sha256 hashes, 30 days, one family per login.
 */
import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type Database,
  type DatabaseHandle,
  DomainError,
  type DomainEvents,
  ErrorCode,
  enforceRateLimit,
  isUuid,
  notFound,
  parseSlug,
  type RateLimiter,
  type RateLimitRule,
  requireText,
} from '@mc/kit';
import { SignJWT } from 'jose';
import { H5Store, type H5UserRow, type RefreshTokenRow } from '../db/h5-store.ts';
import type { OrganizationRow, OrganizationStore } from '../db/organization-store.ts';
import { identityEvents } from '../domain-events.ts';
import type { AccessEvents } from './access-events.ts';
import { parseEmail } from './invite-service.ts';
import { type PasswordHasher, parsePassword } from './passwords.ts';
import { randomToken, sha256 } from './secrets.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const H5_ISSUER = 'mc-identity';
export const H5_AUDIENCE = 'mc-h5';

export const INVALID_CREDENTIALS = 'INVALID_CREDENTIALS';
export const ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED';

export interface H5Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: H5UserRow;
  /** The organization the session is in (its caller has just proved they may see it). */
  organization: OrganizationRow;
}

export interface H5RateLimits {
  login: RateLimitRule;
  register: RateLimitRule;
  refresh: RateLimitRule;
}

export interface OrganizationSelector {
  organizationId?: string | null;
  organizationSlug?: string | null;
}

const invalidToken = () => new DomainError(ErrorCode.INVALID_TOKEN, 'The refresh token is invalid or expired');
const invalidCredentials = () => new DomainError(INVALID_CREDENTIALS, 'Wrong email or password');
export const suspended = () => new DomainError(ACCOUNT_SUSPENDED, 'This account is suspended');

export class H5AuthService {
  private readonly store: H5Store;
  private readonly organizations: OrganizationStore;
  private readonly passwords: PasswordHasher;
  private readonly limiter: RateLimiter;
  private readonly limits: H5RateLimits;
  private readonly events: AccessEvents;
  private readonly clock: Clock;
  private readonly secret: Uint8Array | undefined;
  private readonly database: DatabaseHandle;
  private readonly domainEvents: DomainEvents;

  constructor(deps: {
    database: DatabaseHandle;
    domainEvents: DomainEvents;
    store: H5Store;
    organizations: OrganizationStore;
    passwords: PasswordHasher;
    limiter: RateLimiter;
    limits: H5RateLimits;
    events: AccessEvents;
    clock: Clock;
    jwtSecret: string | undefined;
  }) {
    this.store = deps.store;
    this.organizations = deps.organizations;
    this.passwords = deps.passwords;
    this.limiter = deps.limiter;
    this.limits = deps.limits;
    this.events = deps.events;
    this.clock = deps.clock;
    this.secret = deps.jwtSecret ? new TextEncoder().encode(deps.jwtSecret) : undefined;
    this.database = deps.database;
    this.domainEvents = deps.domainEvents;
  }

  async register(
    input: OrganizationSelector & { email: string; password: string; displayName: string },
  ): Promise<H5Session> {
    this.signingKey();
    const org = await this.organization(input);
    const email = parseEmail(input.email, 'input.email');
    await enforceRateLimit(this.limiter, this.limits.register, `${org.id}:${email}`);
    const password = parsePassword(input.password, 'input.password');
    const displayName = requireText(input.displayName, 'input.displayName', 80);
    const passwordHash = await this.passwords.hash(password);
    // The account and its durable event commit together (chat learns the user's organization from it).
    const user = await this.database.db.transaction(async (transaction) => {
      const tx = transaction as unknown as Database;
      const created = await new H5Store(tx).createUser({ organizationId: org.id, email, displayName, passwordHash });
      if (created) {
        await this.domainEvents.record(
          tx,
          identityEvents.h5UserRegistered,
          { h5UserId: created.id },
          { organizationId: org.id, actor: { kind: 'h5', id: created.id } },
        );
      }
      return created;
    });
    if (user) await this.domainEvents.publish();
    if (!user) throw new DomainError(ErrorCode.CONFLICT, 'This email is already registered', { field: 'input.email' });
    return this.startSession(user, org);
  }

  async login(input: OrganizationSelector & { email: string; password: string }): Promise<H5Session> {
    this.signingKey();
    const org = await this.organization(input);
    const email = parseEmail(input.email, 'input.email');
    await enforceRateLimit(this.limiter, this.limits.login, `${org.id}:${email}`);
    const user = await this.store.userByEmail(org.id, email);
    const ok = await this.passwords.verify(user?.passwordHash, input.password);
    if (!user || !ok) throw invalidCredentials();
    if (user.suspendedAt) throw suspended();
    return this.startSession(user, org);
  }

  /** Rotates a refresh token; presenting an already-rotated one revokes its whole family. */
  async refresh(refreshToken: string): Promise<H5Session> {
    this.signingKey();
    const current = await this.findToken(refreshToken);
    if (!current) throw invalidToken();
    await enforceRateLimit(this.limiter, this.limits.refresh, current.familyId);
    const user = (await this.store.usersByIds([current.h5UserId])).get(current.h5UserId);
    if (!user) throw invalidToken();
    if (user.suspendedAt) throw suspended();
    const now = this.clock.now();
    if (current.revokedAt || current.expiresAt <= now) throw invalidToken();
    if (current.rotatedAt) return this.reuseDetected(current);
    const next = randomToken();
    const rotated = await this.store.rotate(
      current,
      { tokenHash: sha256(next), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS) },
      now,
    );
    if (!rotated) return this.reuseDetected(current);
    const org = (await this.organizations.byIds([user.organizationId])).get(user.organizationId);
    if (!org) throw invalidToken();
    return this.session(user, org, next, rotated.expiresAt);
  }

  /** Ends the login the token belongs to (its whole family); unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<boolean> {
    const current = await this.findToken(refreshToken);
    if (current) {
      await this.store.revokeFamily(current.familyId, this.clock.now());
      await this.events.changed({ h5UserId: current.h5UserId });
    }
    return true;
  }

  private async reuseDetected(token: RefreshTokenRow): Promise<never> {
    await this.store.revokeFamily(token.familyId, this.clock.now());
    await this.events.changed({ h5UserId: token.h5UserId });
    throw invalidToken();
  }

  private async findToken(refreshToken: string): Promise<RefreshTokenRow | undefined> {
    if (refreshToken.length === 0 || refreshToken.length > 200) return undefined;
    return this.store.refreshTokenByHash(sha256(refreshToken));
  }

  private async startSession(user: H5UserRow, org: OrganizationRow): Promise<H5Session> {
    const token = randomToken();
    const expiresAt = new Date(this.clock.now().getTime() + REFRESH_TOKEN_TTL_MS);
    await this.store.insertRefreshToken({
      h5UserId: user.id,
      familyId: randomUUID(),
      tokenHash: sha256(token),
      expiresAt,
    });
    return this.session(user, org, token, expiresAt);
  }

  private async session(
    user: H5UserRow,
    organization: OrganizationRow,
    refreshToken: string,
    refreshTokenExpiresAt: Date,
  ): Promise<H5Session> {
    const secret = this.signingKey();
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const expiresAt = issuedAt + ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await new SignJWT({ org: user.organizationId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(H5_ISSUER)
      .setAudience(H5_AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(secret);
    return {
      accessToken,
      accessTokenExpiresAt: new Date(expiresAt * 1000),
      refreshToken,
      refreshTokenExpiresAt,
      user,
      organization,
    };
  }

  /** Fails before any side effect when the deployment has no H5 signing secret. */
  private signingKey(): Uint8Array {
    if (!this.secret) throw new Error('H5_JWT_SECRET is not configured: H5 sign-in is unavailable');
    return this.secret;
  }

  private async organization(input: OrganizationSelector): Promise<OrganizationRow> {
    if (input.organizationId) {
      const id = input.organizationId;
      const org = isUuid(id) ? (await this.organizations.byIds([id.toLowerCase()])).get(id.toLowerCase()) : undefined;
      if (!org) throw notFound('Organization', id);
      return org;
    }
    if (input.organizationSlug) {
      const org = await this.organizations.bySlug(parseSlug(input.organizationSlug, 'input.organizationSlug'));
      if (!org) throw notFound('Organization');
      return org;
    }
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Give organizationId or organizationSlug', {
      field: 'input.organizationId',
    });
  }
}
