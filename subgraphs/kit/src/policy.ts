/**
 * The one authorization policy every subgraph uses for fine-grained checks (coarse checks are the
 * builder's auth scopes). Decisions depend only on the signed identity, never on another
 * subgraph's tables.
 */
import { forbidden, notFound, unauthenticated } from './errors.ts';
import type { BoardPermission, Identity, OrgAccess, OrgRole } from './identity.ts';

const ROLE_RANK: Record<OrgRole, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 };

export function roleAtLeast(role: OrgRole, minimum: OrgRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export type UserIdentity = Extract<Identity, { kind: 'user' }>;

export function requireUser(identity: Identity): UserIdentity {
  if (identity.kind === 'anonymous') throw unauthenticated();
  if (identity.kind !== 'user') throw forbidden('Only signed-in people can do this');
  return identity;
}

/**
 * The caller's membership in `orgId` (or in the organization it acts in). Another organization's
 * ids answer NOT_FOUND, so they reveal nothing.
 */
export function requireMember(identity: Identity, orgId?: string, minimum: OrgRole = 'MEMBER'): OrgAccess {
  const user = requireUser(identity);
  const org = user.org;
  if (!org || (orgId !== undefined && org.id !== orgId)) throw notFound('Organization', orgId);
  if (!roleAtLeast(org.role, minimum)) throw forbidden(`Requires the ${minimum.toLowerCase()} role`);
  return org;
}

/** Owners, and members with the org-wide write flag, may write every board. */
export function canWriteAllBoards(org: OrgAccess): boolean {
  return org.role === 'OWNER' || org.allBoardsWrite;
}

/** The board permission a member has: owners everything, others by org-wide flags or grants. */
export function boardPermission(org: OrgAccess, boardId: string): BoardPermission | null {
  if (canWriteAllBoards(org)) return 'write';
  const grant = org.boards[boardId];
  if (grant === 'write') return 'write';
  if (org.allBoardsRead || grant === 'read') return 'read';
  return null;
}

/** Boards a member may list: `all` or the granted ids. */
export function readableBoards(org: OrgAccess): 'all' | string[] {
  if (org.role === 'OWNER' || org.allBoardsRead || org.allBoardsWrite) return 'all';
  return Object.keys(org.boards);
}

/**
 * Asserts a human may read (or write) a board of `boardOrgId`. A board the caller cannot read is
 * reported as NOT_FOUND so its existence does not leak.
 */
export function requireBoardAccess(
  identity: Identity,
  board: { id: string; organizationId: string },
  needed: BoardPermission,
): OrgAccess {
  const org = requireMember(identity);
  if (org.id !== board.organizationId) throw notFound('Board', board.id);
  const permission = boardPermission(org, board.id);
  if (!permission) throw notFound('Board', board.id);
  if (needed === 'write' && permission !== 'write') throw forbidden('You have read-only access to this board');
  return org;
}
