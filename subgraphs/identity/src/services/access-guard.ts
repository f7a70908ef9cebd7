/**
 * Membership checks against identity's own tables (the source of truth the router's principals are
 * built from), so a caller can act in any organization they belong to. Non-members get NOT_FOUND.
 */
import {
  forbidden,
  type Identity,
  notFound,
  type OrgRole,
  parseId,
  requireUser,
  roleAtLeast,
  type UserIdentity,
} from '@mc/kit';
import type { MemberRow, MemberStore } from '../db/member-store.ts';

export interface CallerMembership {
  user: UserIdentity;
  member: MemberRow;
}

export class AccessGuard {
  private readonly members: MemberStore;

  constructor(members: MemberStore) {
    this.members = members;
  }

  /**
   * The signed-in caller's membership of `organizationId` with at least `minimum`. `what`/`id` name
   * the record the caller asked for, so a miss reads the same whether or not it exists elsewhere.
   */
  async require(
    identity: Identity,
    organizationId: string,
    minimum: OrgRole = 'MEMBER',
    what: { type: string; id: string } = { type: 'Organization', id: organizationId },
  ): Promise<CallerMembership> {
    const user = requireUser(identity);
    const member = await this.members.membership(organizationId, user.userId);
    if (!member) throw notFound(what.type, what.id);
    if (!roleAtLeast(member.role, minimum)) throw forbidden(`Requires the ${minimum.toLowerCase()} role`);
    return { user, member };
  }

  /** Parses a client-given organization id, then checks membership. */
  async requireById(
    identity: Identity,
    rawOrganizationId: string,
    minimum: OrgRole = 'MEMBER',
    field = 'organizationId',
  ): Promise<CallerMembership> {
    requireUser(identity);
    return this.require(identity, parseId(rawOrganizationId, field), minimum);
  }
}
