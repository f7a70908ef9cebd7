/**
 * Auto-registration (M2): an admin mints a one-time registration token (`mcr_…`, shown once, stored
 * as sha256, expiring); a gateway presents it to `registerGateway` and receives its own `mcg_…`
 * credential, issued by identity. A token minted for an existing gateway re-registers it: the new
 * credential replaces the old one, which identity revokes in the same transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  addressRateLimitKey,
  badInput,
  type Clock,
  type Database,
  type DatabaseHandle,
  DomainError,
  type DomainEvents,
  type EventBus,
  enforceRateLimit,
  type Identity,
  type Logger,
  parseId,
  type RateLimiter,
} from '@mc/kit';
import { type GatewayRow, GatewayStore } from '../db/gateway-store.ts';
import { RegistrationStore } from '../db/registration-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { fleetEvents } from '../domain-events.ts';
import { organizationGatewayStatusChanged } from '../events.ts';
import { requireAdmin, requireSameOrg } from './access.ts';
import { actorOf, Changes } from './changes.ts';
import {
  DEFAULT_WORKSPACE_ROOT,
  parseGatewayName,
  parseGatewayUrl,
  parseVersion,
  parseWorkspaceRoot,
} from './gateway-input.ts';
import { nameConflict } from './gateway-service.ts';
import { recordStatusChange } from './gateway-status.ts';
import type { CredentialIssuer } from './identity-credentials.ts';

export const REGISTRATION_TOKEN_PREFIX = 'mcr_';
export const REGISTRATION_TTL_MAX_SECONDS = 7 * 24 * 3600;

export interface RegistrationSettings {
  defaultTtlSeconds: number;
  heartbeatIntervalSeconds: number;
  offlineAfterSeconds: number;
  /** `registerGateway` calls per minute from all anonymous callers together. */
  attemptsPerMinute?: number;
  /** Attempts per minute with one and the same token (a token works once; repeats are retries or abuse). */
  attemptsPerTokenPerMinute?: number;
  /** Attempts per minute from one network address (the router's signed `ip` claim; IPv6 per /64). */
  attemptsPerAddressPerMinute?: number;
}

/** Who is calling `registerGateway`, as far as the network says. */
export interface RegistrationCaller {
  clientAddress?: string | undefined;
}

export interface RegistrationTokenInput {
  gatewayId?: string | null;
  expiresInSeconds?: number | null;
}

export interface RegisterGatewayInput {
  token: string;
  name: string;
  url?: string | null;
  version: string;
  workspaceRoot?: string | null;
}

export interface MintedRegistrationToken {
  token: string;
  expiresAt: Date;
  gateway: GatewayRow | null;
}

export interface GatewayRegistration {
  gateway: GatewayRow;
  credential: string;
  heartbeatIntervalSeconds: number;
  offlineAfterSeconds: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const invalidRegistrationToken = () =>
  new DomainError('INVALID_TOKEN', 'The registration token is unknown, used or expired', { field: 'input.token' });

export class RegistrationService {
  private readonly database: DatabaseHandle;
  private readonly changes: Changes;
  private readonly credentials: CredentialIssuer;
  private readonly bus: EventBus;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly limiter: RateLimiter | undefined;
  private readonly settings: RegistrationSettings;

  constructor(deps: {
    database: DatabaseHandle;
    events: DomainEvents;
    credentials: CredentialIssuer;
    bus: EventBus;
    clock: Clock;
    logger: Logger;
    /** Rate limits `registerGateway`; none in tests of other paths. */
    limiter?: RateLimiter;
    settings: RegistrationSettings;
  }) {
    this.database = deps.database;
    this.changes = new Changes(deps.database, deps.events);
    this.credentials = deps.credentials;
    this.bus = deps.bus;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.limiter = deps.limiter;
    this.settings = deps.settings;
  }

  async mint(identity: Identity, input: RegistrationTokenInput): Promise<MintedRegistrationToken> {
    const org = requireAdmin(identity);
    const ttl = input.expiresInSeconds ?? this.settings.defaultTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > REGISTRATION_TTL_MAX_SECONDS) {
      throw badInput(
        `input.expiresInSeconds must be between 60 and ${REGISTRATION_TTL_MAX_SECONDS}`,
        'input.expiresInSeconds',
      );
    }
    let gateway: GatewayRow | null = null;
    if (input.gatewayId != null) {
      const id = parseId(input.gatewayId, 'input.gatewayId');
      gateway = requireSameOrg((await new GatewayStore(this.database.db).byIds([id])).get(id), org.id, 'Gateway', id);
    }
    const token = `${REGISTRATION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(this.clock.now().getTime() + ttl * 1000);
    const actor = actorOf(identity);
    await new RegistrationStore(this.database.db).create({
      organizationId: org.id,
      gatewayId: gateway?.id ?? null,
      tokenHash: sha256(token),
      createdBy: `${actor.kind}:${actor.id}`,
      expiresAt,
    });
    return { token, expiresAt, gateway };
  }

  /**
   * Uses the token (once), creates or claims the gateway, then asks identity for the gateway's
   * credential. If identity cannot issue it, the token is given back so the gateway can retry.
   */
  async register(input: RegisterGatewayInput, caller: RegistrationCaller = {}): Promise<GatewayRegistration> {
    const token = typeof input.token === 'string' ? input.token.trim() : '';
    await this.limit(token, caller.clientAddress);
    if (!token.startsWith(REGISTRATION_TOKEN_PREFIX) || token.length > 200) throw invalidRegistrationToken();
    const name = parseGatewayName(input.name, 'input.name');
    const url = input.url == null ? null : parseGatewayUrl(input.url, 'input.url');
    const version = parseVersion(input.version, 'input.version');
    const workspaceRoot =
      input.workspaceRoot == null ? null : parseWorkspaceRoot(input.workspaceRoot, 'input.workspaceRoot');
    const now = this.clock.now();

    // 1. Use the token and create or claim the gateway (no events yet: nothing is final).
    const claimed = await this.database.db
      .transaction(async (transaction) => {
        const tx = transaction as unknown as Database;
        const tokens = new RegistrationStore(tx);
        const used = await tokens.use(sha256(token), now);
        if (!used) throw invalidRegistrationToken();
        const gateways = new GatewayStore(tx);
        let gateway: GatewayRow | undefined;
        let previousRegisteredAt: Date | null = null;
        if (used.gatewayId) {
          const current = await gateways.lock(used.gatewayId);
          if (!current) throw invalidRegistrationToken();
          previousRegisteredAt = current.registeredAt;
          gateway = await gateways.update(current.id, {
            name,
            url: url ?? current.url,
            version,
            workspaceRoot: workspaceRoot ?? current.workspaceRoot,
            // Under way: the dial-out probe leaves it to its heartbeats from now on.
            registeredAt: now,
            updatedAt: now,
          });
        } else {
          gateway = await gateways.create({
            organizationId: used.organizationId,
            name,
            url,
            version,
            workspaceRoot: workspaceRoot ?? DEFAULT_WORKSPACE_ROOT,
            status: 'PENDING',
            statusChangedAt: now,
            registeredAt: now,
          });
        }
        if (!gateway) throw invalidRegistrationToken();
        await tokens.markUsedBy(used.id, gateway.id);
        return { gateway, tokenId: used.id, created: !used.gatewayId, previousRegisteredAt };
      })
      .catch((error) => {
        if (uniqueViolation(error) !== null) throw nameConflict(name);
        throw error;
      });

    // 2. Identity issues the credential (and revokes the previous ones: rotation).
    let issued: { credentialId: string; token: string };
    try {
      issued = await this.credentials.issue({
        organizationId: claimed.gateway.organizationId,
        kind: 'GATEWAY',
        subjectId: claimed.gateway.id,
        name: `registration of ${name}`.slice(0, 120),
        rotate: true,
      });
    } catch (error) {
      await this.undo(claimed);
      throw error;
    }

    // 3. Record the outcome.
    const gateway = await this.changes.run(async ({ tx, record, afterCommit }) => {
      const row =
        (await new GatewayStore(tx).update(claimed.gateway.id, {
          credentialId: issued.credentialId,
          registeredAt: now,
        })) ?? claimed.gateway;
      const meta = { organizationId: row.organizationId, actor: { kind: 'gateway', id: row.id } };
      if (claimed.created) await record(fleetEvents.gatewayCreated, { gatewayId: row.id, name }, meta);
      await record(fleetEvents.gatewayRegistered, { gatewayId: row.id, name }, meta);
      // Lists following the organization's gateways learn of it now, before its first heartbeat
      // (its own gatewayHealth stream carries status changes only).
      afterCommit(() =>
        this.bus.publish(organizationGatewayStatusChanged(row.organizationId), {
          gatewayId: row.id,
          organizationId: row.organizationId,
          status: row.status,
          previousStatus: row.status,
          lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
          changedAt: now.toISOString(),
          reason: 'registered',
        }),
      );
      return row;
    });
    return {
      gateway,
      credential: issued.token,
      heartbeatIntervalSeconds: this.settings.heartbeatIntervalSeconds,
      offlineAfterSeconds: this.settings.offlineAfterSeconds,
    };
  }

  /**
   * Counts the attempt before anything else (forged and malformed tokens too): per address first, so
   * one address over its budget does not use up everyone's; then all callers together, and per token
   * (its sha256). A call without an address (an internal caller, not through the router) skips that step.
   */
  private async limit(token: string, clientAddress: string | undefined): Promise<void> {
    if (!this.limiter) return;
    if (clientAddress) {
      await enforceRateLimit(
        this.limiter,
        {
          name: 'gateway-register-address',
          limit: this.settings.attemptsPerAddressPerMinute ?? 10,
          windowSeconds: 60,
        },
        addressRateLimitKey(clientAddress),
      );
    }
    await enforceRateLimit(
      this.limiter,
      { name: 'gateway-register', limit: this.settings.attemptsPerMinute ?? 60, windowSeconds: 60 },
      'all',
    );
    await enforceRateLimit(
      this.limiter,
      { name: 'gateway-register-token', limit: this.settings.attemptsPerTokenPerMinute ?? 5, windowSeconds: 60 },
      sha256(token.slice(0, 200)),
    );
  }

  /** Revokes the gateway's credential; it stays listed as PENDING until it registers again. */
  async deregister(identity: Identity, rawId: string): Promise<GatewayRow> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    requireSameOrg((await new GatewayStore(this.database.db).byIds([id])).get(id), org.id, 'Gateway', id);
    await this.credentials.revokeAll({ organizationId: org.id, kind: 'GATEWAY', subjectId: id });
    const now = this.clock.now();
    const actor = actorOf(identity);
    return this.changes.run(async (scope) => {
      const gateways = new GatewayStore(scope.tx);
      const current = await gateways.lock(id);
      if (!current) throw new DomainError('NOT_FOUND', 'Gateway not found', { ids: [id] });
      const row = (await gateways.update(id, {
        credentialId: null,
        registeredAt: null,
        status: 'PENDING',
        statusChangedAt: current.status === 'PENDING' ? current.statusChangedAt : now,
        updatedAt: now,
      })) as GatewayRow;
      await scope.record(
        fleetEvents.gatewayDeregistered,
        { gatewayId: id, name: row.name },
        { organizationId: org.id, actor },
      );
      await recordStatusChange(scope, this.bus, {
        gateway: row,
        from: current.status,
        to: 'PENDING',
        lastSeenAt: row.lastSeenAt,
        at: now,
        reason: 'deregistered',
        actor,
      });
      return row;
    });
  }

  /** Compensation when identity could not issue the credential: the token can be used again. */
  private async undo(claimed: {
    gateway: GatewayRow;
    tokenId: string;
    created: boolean;
    previousRegisteredAt: Date | null;
  }): Promise<void> {
    try {
      await this.database.db.transaction(async (transaction) => {
        const tx = transaction as unknown as Database;
        await new RegistrationStore(tx).release(claimed.tokenId);
        const gateways = new GatewayStore(tx);
        if (claimed.created) await gateways.delete(claimed.gateway.id);
        else await gateways.update(claimed.gateway.id, { registeredAt: claimed.previousRegisteredAt });
      });
    } catch (error) {
      this.logger.error({ err: error, gatewayId: claimed.gateway.id }, 'could not release a registration token');
    }
  }
}
