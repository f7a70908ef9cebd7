/** Who may see and change fleet records: organization members read, admins change, machines act on themselves. */
import { forbidden, type Identity, notFound, type OrgAccess, requireMember, unauthenticated } from '@mc/kit';

/** The organization a reader acts in: a member's, or a gateway's or agent's own. */
export function readerOrg(identity: Identity): string {
  if (identity.kind === 'gateway' || identity.kind === 'agent') return identity.orgId;
  return requireMember(identity).id;
}

export function requireAdmin(identity: Identity): OrgAccess {
  return requireMember(identity, undefined, 'ADMIN');
}

/** A record of another organization is NOT_FOUND: existence never leaks. */
export function requireSameOrg<T extends { organizationId: string }>(
  row: T | undefined,
  organizationId: string,
  what: string,
  id: string,
): T {
  if (!row || row.organizationId !== organizationId) throw notFound(what, id);
  return row;
}

/** The calling gateway, which may act only on itself. */
export function requireGatewayCaller(identity: Identity, gatewayId: string) {
  if (identity.kind === 'anonymous') throw unauthenticated();
  if (identity.kind !== 'gateway' || identity.gatewayId !== gatewayId) {
    throw forbidden('Only the gateway itself may do this');
  }
  return identity;
}

export function requireAgentCaller(identity: Identity) {
  if (identity.kind === 'anonymous') throw unauthenticated();
  if (identity.kind !== 'agent') throw forbidden('Only an agent may do this');
  return identity;
}
