/**
 * Memberships: listing, role changes, removal, leaving and board access. Owner rules: only an owner
 * grants, changes or removes the owner role, and an organization always keeps at least one owner.
 */
import {
  DomainError,
  forbidden,
  type Identity,
  notFound,
  type OrgRole,
  parseId,
  requireUser,
  roleAtLeast,
} from '@mc/kit';
import type { MemberRow, MemberStore, MemberTx } from '../db/member-store.ts';
import type { UserRow, UserStore } from '../db/user-store.ts';
import type { AccessEvents } from './access-events.ts';
import type { AccessGuard } from './access-guard.ts';
import { parseBoardGrants } from './board-grants.ts';

export const LAST_OWNER = 'LAST_OWNER';

const lastOwner = (memberId: string) =>
  new DomainError(LAST_OWNER, 'An organization must keep at least one owner', { ids: [memberId] });

export interface BoardAccessInput {
  memberId: string;
  allBoardsRead?: boolean | null;
  allBoardsWrite?: boolean | null;
  /** Replaces every per-board grant of the member when given. */
  boards?: readonly { boardId: string; permission: 'READ' | 'WRITE' }[] | null;
}

export class MemberService {
  private readonly store: MemberStore;
  private readonly users: UserStore;
  private readonly guard: AccessGuard;
  private readonly events: AccessEvents;

  constructor(deps: { store: MemberStore; users: UserStore; guard: AccessGuard; events: AccessEvents }) {
    this.store = deps.store;
    this.users = deps.users;
    this.guard = deps.guard;
    this.events = deps.events;
  }

  async me(identity: Identity): Promise<UserRow> {
    const user = requireUser(identity);
    const row = (await this.users.byIds([user.userId])).get(user.userId);
    if (!row) throw notFound('User', user.userId);
    return row;
  }

  async membershipsOf(userId: string): Promise<MemberRow[]> {
    return this.store.membershipsOf(userId);
  }

  async list(identity: Identity, organizationId: string): Promise<MemberRow[]> {
    const { member } = await this.guard.requireById(identity, organizationId);
    return this.store.listByOrganization(member.organizationId);
  }

  async updateRole(identity: Identity, input: { memberId: string; role: OrgRole }): Promise<MemberRow> {
    const target = await this.target(identity, input.memberId, 'input.memberId');
    const updated = await this.locked(
      target,
      (caller, member) => {
        requireAdmin(caller);
        if ((member.role === 'OWNER' || input.role === 'OWNER') && caller.role !== 'OWNER') {
          throw forbidden('Only an owner can grant or remove the owner role');
        }
      },
      async (tx, member) => {
        if (input.role !== 'OWNER') await assertOwnerRemains(tx, member);
        return tx.update(member.id, { role: input.role });
      },
    );
    await this.events.changed({ userId: updated.userId });
    return updated;
  }

  async remove(identity: Identity, memberId: string): Promise<{ id: string }> {
    const target = await this.target(identity, memberId, 'memberId');
    await this.locked(
      target,
      (caller, member) => {
        requireAdmin(caller);
        if (member.role === 'OWNER' && caller.role !== 'OWNER') throw forbidden('Only an owner can remove an owner');
      },
      async (tx, member) => {
        await assertOwnerRemains(tx, member);
        await tx.remove(member.id);
      },
    );
    await this.events.changed({ userId: target.member.userId });
    return { id: target.member.id };
  }

  async leave(identity: Identity, organizationId: string): Promise<{ id: string }> {
    const { member } = await this.guard.requireById(identity, organizationId);
    await this.locked(
      { member, caller: member },
      () => {},
      async (tx, fresh) => {
        await assertOwnerRemains(tx, fresh);
        await tx.remove(fresh.id);
      },
    );
    await this.events.changed({ userId: member.userId });
    return { id: member.id };
  }

  async setBoardAccess(identity: Identity, input: BoardAccessInput): Promise<MemberRow> {
    const target = await this.target(identity, input.memberId, 'input.memberId');
    const boards = input.boards ? parseBoardGrants(input.boards, 'input.boards') : null;
    const patch: Partial<Pick<MemberRow, 'allBoardsRead' | 'allBoardsWrite'>> = {};
    if (input.allBoardsRead != null) patch.allBoardsRead = input.allBoardsRead;
    if (input.allBoardsWrite != null) patch.allBoardsWrite = input.allBoardsWrite;
    const updated = await this.locked(
      target,
      (caller, member) => {
        requireAdmin(caller);
        if (member.role === 'OWNER' && caller.role !== 'OWNER') {
          throw forbidden("Only an owner can change an owner's access");
        }
      },
      async (tx, member) => {
        const row = Object.keys(patch).length > 0 ? await tx.update(member.id, patch) : member;
        if (boards) await tx.replaceGrants(member.id, boards);
        return row;
      },
    );
    await this.events.changed({ userId: updated.userId });
    return updated;
  }

  /**
   * Checks `allowed` on the rows read before (to fail fast) and again on rows re-read under the
   * organization's lock, so a concurrent demotion of the caller or the target cannot slip through.
   */
  private async locked<T>(
    target: { member: MemberRow; caller: MemberRow },
    allowed: (caller: MemberRow, member: MemberRow) => void,
    change: (tx: MemberTx, member: MemberRow) => Promise<T>,
  ): Promise<T> {
    allowed(target.caller, target.member);
    return this.store.withOrganizationLocked(target.member.organizationId, async (tx) => {
      const member = await tx.byId(target.member.id);
      if (!member) throw notFound('Member', target.member.id);
      const caller = target.caller.id === member.id ? member : await tx.byId(target.caller.id);
      if (!caller) throw notFound('Member', target.member.id);
      allowed(caller, member);
      return change(tx, member);
    });
  }

  /** The member `rawId` names, provided the caller is an admin (or owner) of its organization. */
  private async target(
    identity: Identity,
    rawId: string,
    field: string,
  ): Promise<{ member: MemberRow; caller: MemberRow }> {
    requireUser(identity);
    const id = parseId(rawId, field);
    const member = (await this.store.byIds([id])).get(id);
    if (!member) throw notFound('Member', id);
    const { member: caller } = await this.guard.require(identity, member.organizationId, 'MEMBER', {
      type: 'Member',
      id,
    });
    requireAdmin(caller);
    return { member, caller };
  }
}

function requireAdmin(caller: MemberRow): void {
  if (!roleAtLeast(caller.role, 'ADMIN')) throw forbidden('Requires the admin role');
}

/** Refuses when `member` (read under the lock) is the organization's only owner. */
async function assertOwnerRemains(tx: MemberTx, member: MemberRow): Promise<void> {
  if (member.role !== 'OWNER') return;
  if ((await tx.ownerCount(member.organizationId)) <= 1) throw lastOwner(member.id);
}
