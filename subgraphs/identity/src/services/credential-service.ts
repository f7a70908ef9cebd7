/**
 * Machine credentials: agent tokens (`mca_…`) and gateway credentials (`mcg_…`), shown once, stored
 * as sha256 hashes, listed without secrets, revocable; resolved for the router (contract 2).
 */
import { badInput, type Clock, forbidden, type Identity, notFound, parseId, requireText, requireUser } from '@mc/kit';
import type { CredentialKindValue, CredentialStore, MachineCredentialRow } from '../db/credential-store.ts';
import type { AccessEvents } from './access-events.ts';
import type { AccessGuard } from './access-guard.ts';
import { AGENT_TOKEN_PREFIX, GATEWAY_TOKEN_PREFIX, randomToken, sha256 } from './secrets.ts';

export interface CredentialPrincipal {
  kind: 'agent' | 'gateway';
  subjectId: string;
  organizationId: string;
  credentialId: string;
  expiresAt: Date | null;
}

const PREFIX: Record<CredentialKindValue, string> = { AGENT: AGENT_TOKEN_PREFIX, GATEWAY: GATEWAY_TOKEN_PREFIX };

export class CredentialService {
  private readonly store: CredentialStore;
  private readonly guard: AccessGuard;
  private readonly events: AccessEvents;
  private readonly clock: Clock;

  constructor(deps: { store: CredentialStore; guard: AccessGuard; events: AccessEvents; clock: Clock }) {
    this.store = deps.store;
    this.guard = deps.guard;
    this.events = deps.events;
    this.clock = deps.clock;
  }

  async create(
    identity: Identity,
    kind: CredentialKindValue,
    input: { organizationId: string; subjectId: string; name: string; expiresAt?: Date | null },
  ): Promise<{ credential: MachineCredentialRow; token: string }> {
    const { user, member } = await this.guard.requireById(
      identity,
      input.organizationId,
      'ADMIN',
      'input.organizationId',
    );
    const subjectField = kind === 'AGENT' ? 'input.agentId' : 'input.gatewayId';
    const subjectId = parseId(input.subjectId, subjectField);
    const name = requireText(input.name, 'input.name', 120);
    if (input.expiresAt && input.expiresAt <= this.clock.now()) {
      throw badInput('expiresAt must be in the future', 'input.expiresAt');
    }
    const token = randomToken(PREFIX[kind]);
    const credential = await this.store.create({
      organizationId: member.organizationId,
      kind,
      subjectId,
      name,
      tokenHash: sha256(token),
      createdByUserId: user.userId,
      expiresAt: input.expiresAt ?? null,
    });
    await this.events.changed({ credentialId: credential.id });
    return { credential, token };
  }

  async list(
    identity: Identity,
    organizationId: string,
    kind: CredentialKindValue | null,
  ): Promise<MachineCredentialRow[]> {
    const { member } = await this.guard.requireById(identity, organizationId, 'ADMIN');
    return this.store.listByOrganization(member.organizationId, kind);
  }

  async revoke(identity: Identity, rawId: string): Promise<MachineCredentialRow> {
    requireUser(identity);
    const id = parseId(rawId);
    const credential = await this.store.byId(id);
    if (!credential) throw notFound('Credential', id);
    await this.guard.require(identity, credential.organizationId, 'ADMIN', { type: 'Credential', id });
    const revoked = (await this.store.revoke(id, this.clock.now())) ?? credential;
    await this.events.changed({ credentialId: id });
    return revoked;
  }

  /**
   * For other services (fleet, as `system`): issues a credential for an agent or gateway it owns,
   * optionally revoking that subject's other credentials in the same transaction (rotation). The
   * organization must exist (else NOT_FOUND).
   */
  async issueForService(
    identity: Identity,
    kind: CredentialKindValue,
    input: { organizationId: string; subjectId: string; name: string; rotate: boolean },
  ): Promise<{ credentialId: string; token: string; revokedIds: string[] }> {
    if (identity.kind !== 'system') throw forbidden();
    const organizationId = parseId(input.organizationId, 'input.organizationId');
    const subjectId = parseId(input.subjectId, 'input.subjectId');
    const name = requireText(input.name, 'input.name', 120);
    const token = randomToken(PREFIX[kind]);
    const issued = await this.store
      .issue(
        { organizationId, kind, subjectId, name, tokenHash: sha256(token), createdByUserId: null, expiresAt: null },
        input.rotate ? this.clock.now() : null,
      )
      .catch((error) => {
        if (foreignKeyViolation(error)) throw notFound('Organization', organizationId);
        throw error;
      });
    const revokedIds = issued.revoked.map((row) => row.id);
    await this.events.changed(...revokedIds.map((credentialId) => ({ credentialId })));
    return { credentialId: issued.credential.id, token, revokedIds };
  }

  /** For other services (as `system`): revokes every live credential of an agent or gateway. */
  async revokeForService(
    identity: Identity,
    kind: CredentialKindValue,
    input: { organizationId: string; subjectId: string },
  ): Promise<string[]> {
    if (identity.kind !== 'system') throw forbidden();
    const subject = {
      organizationId: parseId(input.organizationId, 'input.organizationId'),
      kind,
      subjectId: parseId(input.subjectId, 'input.subjectId'),
    };
    const revoked = await this.store.revokeSubject(subject, this.clock.now());
    await this.events.changed(...revoked.map((row) => ({ credentialId: row.id })));
    return revoked.map((row) => row.id);
  }

  /** The principal behind a public machine token, or null when unknown, revoked or expired. */
  async resolve(token: string): Promise<CredentialPrincipal | null> {
    if (!token.startsWith(AGENT_TOKEN_PREFIX) && !token.startsWith(GATEWAY_TOKEN_PREFIX)) return null;
    if (token.length > 200) return null;
    const credential = await this.store.byTokenHash(sha256(token));
    if (!credential || credential.revokedAt) return null;
    if (credential.expiresAt && credential.expiresAt <= this.clock.now()) return null;
    if (!token.startsWith(PREFIX[credential.kind])) return null;
    return {
      kind: credential.kind === 'AGENT' ? 'agent' : 'gateway',
      subjectId: credential.subjectId,
      organizationId: credential.organizationId,
      credentialId: credential.id,
      expiresAt: credential.expiresAt,
    };
  }
}

/** A foreign-key violation (SQLSTATE 23503) through drizzle's error wrapping. */
function foreignKeyViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === '23503') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
