/**
 * Builds the principal the router signs for a console user (contract 2): upserts the user for its
 * external id and returns the access of the one organization the request acts in.
 */
import { type BoardPermission, badInput, isUuid, type OrgRole, requireText } from '@mc/kit';
import type { MemberRow, MemberStore } from '../db/member-store.ts';
import type { UserStore } from '../db/user-store.ts';

export interface PrincipalOrg {
  id: string;
  role: OrgRole;
  allBoardsRead: boolean;
  allBoardsWrite: boolean;
  boards: { boardId: string; permission: BoardPermission }[];
}

export interface UserPrincipal {
  userId: string;
  email: string | null;
  displayName: string;
  org: PrincipalOrg | null;
}

export class PrincipalService {
  private readonly users: UserStore;
  private readonly members: MemberStore;

  constructor(deps: { users: UserStore; members: MemberStore }) {
    this.users = deps.users;
    this.members = deps.members;
  }

  async resolveUser(input: {
    externalId: string;
    email?: string | null;
    displayName?: string | null;
    organizationId?: string | null;
  }): Promise<UserPrincipal> {
    const externalId = requireText(input.externalId, 'input.externalId', 500);
    const user = await this.users.upsert({
      externalId,
      email: input.email?.trim().toLowerCase() || null,
      displayName: input.displayName?.trim().slice(0, 200) || null,
    });
    let member: MemberRow | undefined;
    if (input.organizationId) {
      if (!isUuid(input.organizationId)) throw badInput('organizationId is not a valid id', 'input.organizationId');
      member = await this.members.membership(input.organizationId.toLowerCase(), user.id);
    } else {
      const memberships = await this.members.membershipsOf(user.id);
      if (memberships.length === 1) member = memberships[0];
    }
    if (!member) return { userId: user.id, email: user.email, displayName: user.displayName, org: null };
    const grants = (await this.members.grantsByMemberIds([member.id])).get(member.id) ?? [];
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      org: {
        id: member.organizationId,
        role: member.role,
        allBoardsRead: member.allBoardsRead,
        allBoardsWrite: member.allBoardsWrite,
        boards: grants.map((grant) => ({
          boardId: grant.boardId,
          permission: grant.permission === 'WRITE' ? 'write' : 'read',
        })),
      },
    };
  }
}
