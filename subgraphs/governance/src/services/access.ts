/** Read scoping shared by governance services: the caller's organization and the boards it may read. */
import {
  type BoardPermission,
  boardPermission,
  type Identity,
  isUuid,
  notFound,
  type OrgAccess,
  readableBoards,
  requireBoardAccess,
  requireMember,
} from '@mc/kit';
import type { ProjectionStore } from '../db/projection-store.ts';

/** The member's organization and readable boards (`all` or ids), or the error to report per key. */
export function readScope(identity: Identity): { org: OrgAccess; readable: 'all' | string[] } {
  const org = requireMember(identity);
  const readable = readableBoards(org);
  return { org, readable: readable === 'all' ? 'all' : readable.filter(isUuid).map((id) => id.toLowerCase()) };
}

export function canRead(org: OrgAccess, organizationId: string, boardId: string | null): boolean {
  if (org.id !== organizationId) return false;
  return boardId === null || boardPermission(org, boardId) !== null;
}

/**
 * Board access for governance, which cannot read work's boards: a board counts as the caller's
 * organization's unless work's events placed it in another one (or deleted it) — then NOT_FOUND.
 */
export async function requireBoard(
  projections: ProjectionStore,
  identity: Identity,
  boardId: string,
  needed: BoardPermission,
): Promise<OrgAccess> {
  const org = requireMember(identity);
  requireBoardAccess(identity, { id: boardId, organizationId: org.id }, needed);
  const known = (await projections.boards([boardId])).get(boardId);
  if (known && (known.organizationId !== org.id || known.deletedAt)) throw notFound('Board', boardId);
  return org;
}
