/**
 * Gateways: organization admins create, update and delete them; members read them. The gateway's
 * own access token is sealed at rest (kit secret box) and never returned — reads say `hasToken`.
 * Each change is also published live (gatewayStatusChanged, and gatewayHealth for updates and deletion).
 */
import {
  byCreation,
  type Clock,
  type Connection,
  conflict,
  type DatabaseHandle,
  type DomainEvents,
  decodeCursor,
  type EventBus,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  parseFirst,
  parseId,
  type SecretBox,
  SecretBoxError,
  toConnection,
} from '@mc/kit';
import { AgentStore } from '../db/agent-store.ts';
import { type GatewayRow, GatewayStore, SEALED_COLUMNS } from '../db/gateway-store.ts';
import { uniqueViolation } from '../db/unique-violation.ts';
import { fleetEvents } from '../domain-events.ts';
import { organizationGatewayStatusChanged } from '../events.ts';
import { readerOrg, requireAdmin, requireSameOrg } from './access.ts';
import { actorOf, type ChangeScope, Changes } from './changes.ts';
import { parseGatewayName, parseGatewayToken, parseGatewayUrl, parseWorkspaceRoot } from './gateway-input.ts';
import { publishGatewayHealth } from './gateway-status.ts';
import type { CredentialIssuer } from './identity-credentials.ts';

export type PairingMode = 'DEVICE' | 'CONTROL_UI';

export interface CreateGatewayInput {
  name: string;
  url: string;
  token?: string | null;
  workspaceRoot: string;
  allowSelfSignedTls?: boolean | null;
  pairingMode?: PairingMode | null;
}

export interface UpdateGatewayInput {
  name?: string | null;
  url?: string | null;
  /** Absent: keep; null: remove; a string: replace. */
  token?: string | null;
  workspaceRoot?: string | null;
  allowSelfSignedTls?: boolean | null;
  pairingMode?: PairingMode | null;
}

export const nameConflict = (name: string) =>
  conflict(`A gateway named "${name}" already exists in this organization`, { field: 'input.name' });

export class GatewayService {
  private readonly store: GatewayStore;
  private readonly changes: Changes;
  private readonly bus: EventBus;
  private readonly secrets: SecretBox;
  private readonly credentials: CredentialIssuer;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(deps: {
    database: DatabaseHandle;
    events: DomainEvents;
    bus: EventBus;
    secrets: SecretBox;
    credentials: CredentialIssuer;
    clock: Clock;
    logger: Logger;
  }) {
    this.store = new GatewayStore(deps.database.db);
    this.changes = new Changes(deps.database, deps.events);
    this.bus = deps.bus;
    this.secrets = deps.secrets;
    this.credentials = deps.credentials;
    this.clock = deps.clock;
    this.logger = deps.logger;
  }

  async get(identity: Identity, rawId: string): Promise<GatewayRow> {
    const orgId = readerOrg(identity);
    const id = parseId(rawId);
    return requireSameOrg((await this.store.byIds([id])).get(id), orgId, 'Gateway', id);
  }

  /** For entity references: rows of the caller's organization; anything else is NOT_FOUND. */
  async load(identity: Identity, ids: readonly string[]): Promise<(GatewayRow | Error)[]> {
    let orgId: string;
    try {
      orgId = readerOrg(identity);
    } catch (error) {
      return ids.map(() => error as Error);
    }
    const rows = await this.store.byIds(ids.filter(isUuid).map((id) => id.toLowerCase()));
    return ids.map((id) => {
      const row = rows.get(id.toLowerCase());
      return row && row.organizationId === orgId ? row : notFound('Gateway', id);
    });
  }

  async list(
    identity: Identity,
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<GatewayRow>> {
    const orgId = readerOrg(identity);
    const limit = parseFirst(args.first);
    const rows = await this.store.page(orgId, limit, decodeCursor(args.after));
    return toConnection(rows, limit, byCreation);
  }

  async create(identity: Identity, input: CreateGatewayInput): Promise<GatewayRow> {
    const org = requireAdmin(identity);
    const values = {
      organizationId: org.id,
      name: parseGatewayName(input.name, 'input.name'),
      url: parseGatewayUrl(input.url, 'input.url'),
      tokenSealed: input.token == null ? null : this.secrets.seal(parseGatewayToken(input.token, 'input.token')),
      workspaceRoot: parseWorkspaceRoot(input.workspaceRoot, 'input.workspaceRoot'),
      allowSelfSignedTls: input.allowSelfSignedTls ?? false,
      pairingMode: input.pairingMode ?? 'DEVICE',
    };
    const actor = actorOf(identity);
    return this.changes
      .run(async (scope) => {
        const row = await new GatewayStore(scope.tx).create(values);
        await scope.record(
          fleetEvents.gatewayCreated,
          { gatewayId: row.id, name: row.name },
          { organizationId: org.id, actor },
        );
        this.notifyChange(scope, row, 'created');
        return row;
      })
      .catch((error) => {
        if (uniqueViolation(error) !== null) throw nameConflict(values.name);
        throw error;
      });
  }

  async update(identity: Identity, rawId: string, input: UpdateGatewayInput): Promise<GatewayRow> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    requireSameOrg((await this.store.byIds([id])).get(id), org.id, 'Gateway', id);
    const patch: Partial<GatewayRow> = { updatedAt: this.clock.now() };
    if (input.name != null) patch.name = parseGatewayName(input.name, 'input.name');
    if (input.url != null) patch.url = parseGatewayUrl(input.url, 'input.url');
    if (input.token !== undefined) {
      patch.tokenSealed =
        input.token === null ? null : this.secrets.seal(parseGatewayToken(input.token, 'input.token'));
    }
    if (input.workspaceRoot != null)
      patch.workspaceRoot = parseWorkspaceRoot(input.workspaceRoot, 'input.workspaceRoot');
    if (input.allowSelfSignedTls != null) patch.allowSelfSignedTls = input.allowSelfSignedTls;
    if (input.pairingMode != null) patch.pairingMode = input.pairingMode;
    const actor = actorOf(identity);
    const row = await this.changes
      .run(async (scope) => {
        const updated = await new GatewayStore(scope.tx).update(id, patch);
        if (updated) {
          await scope.record(
            fleetEvents.gatewayUpdated,
            { gatewayId: id, name: updated.name },
            { organizationId: org.id, actor },
          );
          this.notifyChange(scope, updated, 'updated');
        }
        return updated;
      })
      .catch((error) => {
        if (uniqueViolation(error) !== null) throw nameConflict(patch.name ?? '');
        throw error;
      });
    if (!row) throw notFound('Gateway', id);
    return row;
  }

  /** Deletes a gateway without agents and revokes its credentials. */
  async delete(identity: Identity, rawId: string): Promise<{ id: string }> {
    const org = requireAdmin(identity);
    const id = parseId(rawId);
    const gateway = requireSameOrg((await this.store.byIds([id])).get(id), org.id, 'Gateway', id);
    const actor = actorOf(identity);
    await this.changes.run(async (scope) => {
      const agents = await new AgentStore(scope.tx).idsOnGateway(id);
      if (agents.length > 0) {
        throw conflict('The gateway still has agents; delete or move them first', { ids: agents });
      }
      if (!(await new GatewayStore(scope.tx).delete(id))) throw notFound('Gateway', id);
      await scope.record(
        fleetEvents.gatewayDeleted,
        { gatewayId: id, name: gateway.name },
        { organizationId: org.id, actor },
      );
      this.notifyChange(scope, gateway, 'deleted');
    });
    await this.revokeQuietly(org.id, id);
    return { id };
  }

  /**
   * While a key rotation is under way (`SECRETS_KEY_PREVIOUS`), reseals every gateway secret sealed
   * with an old key — access tokens, device identities, device tokens — under the current one. Runs
   * at start, before serving; idempotent. A secret no configured key opens is left as it is and
   * counted: that gateway needs a new token (and pairing).
   */
  async resealSecretsAtRest(): Promise<{ resealed: number; unreadable: number }> {
    const result = { resealed: 0, unreadable: 0 };
    if (!this.secrets.rotating) return result;
    for (const row of await this.store.withSealedSecrets()) {
      for (const column of SEALED_COLUMNS) {
        const sealed = row[column];
        if (sealed === null) continue;
        let next: string | null;
        try {
          next = this.secrets.reseal(sealed);
        } catch (error) {
          if (!(error instanceof SecretBoxError)) throw error;
          result.unreadable += 1;
          continue;
        }
        if (next && (await this.store.replaceSealed(row.id, column, sealed, next))) result.resealed += 1;
      }
    }
    return result;
  }

  /** The gateway's access token in clear, for the link that dials out to it (never for a read). */
  openToken(gateway: GatewayRow): string | null {
    return gateway.tokenSealed ? this.secrets.open(gateway.tokenSealed) : null;
  }

  /**
   * After commit, tells live followers of a change that is not a status change: the organization's
   * stream (lists) always, the gateway's own stream for updates and the deletion (its page). Status
   * stays the gateway's current one (previousStatus equal); `reason` says what happened.
   */
  private notifyChange(scope: ChangeScope, row: GatewayRow, change: 'created' | 'updated' | 'deleted'): void {
    const event = {
      gatewayId: row.id,
      organizationId: row.organizationId,
      status: row.status,
      previousStatus: row.status,
      lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
      changedAt: this.clock.now().toISOString(),
      reason: change,
      ...(change === 'deleted' ? { deleted: true } : {}),
    };
    scope.afterCommit(() =>
      change === 'created'
        ? this.bus.publish(organizationGatewayStatusChanged(row.organizationId), event)
        : publishGatewayHealth(this.bus, event),
    );
  }

  private async revokeQuietly(organizationId: string, gatewayId: string): Promise<void> {
    try {
      await this.credentials.revokeAll({ organizationId, kind: 'GATEWAY', subjectId: gatewayId });
    } catch (error) {
      // The gateway row is gone; a credential left behind resolves to nothing fleet will serve.
      this.logger.warn({ err: error, gatewayId }, 'could not revoke the credentials of a deleted gateway');
    }
  }
}
