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
 * Board access for governance, which cannot read work's boards: the board must be one work's events
 * placed in the caller's organization and did not delete; unknown, another organization's and
 * deleted boards are NOT_FOUND alike. Work's `boardCreated` reaches governance asynchronously, so a
 * write about a board created a moment ago may wait up to `waitMs` for it before giving up.
 */
export async function requireBoard(
  projections: ProjectionStore,
  identity: Identity,
  boardId: string,
  needed: BoardPermission,
  options: { waitMs?: number } = {},
): Promise<OrgAccess> {
  const org = requireMember(identity);
  requireBoardAccess(identity, { id: boardId, organizationId: org.id }, needed);
  const known = await projectedBoard(projections, boardId, options.waitMs ?? 0);
  if (!known || known.organizationId !== org.id || known.deletedAt) throw notFound('Board', boardId);
  return org;
}

const POLL_MS = 50;

/** The board as work's events describe it, waiting up to `waitMs` for one never heard of. */
export async function projectedBoard(projections: ProjectionStore, boardId: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const known = (await projections.boards([boardId])).get(boardId);
    const left = deadline - Date.now();
    if (known || left <= 0) return known;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
}
