/** Validation of board-access input shared by member updates and invites. */
import { badInput, parseId } from '@mc/kit';
import type { BoardGrantSpec } from '../db/tables.ts';

export const MAX_BOARD_GRANTS = 500;

export function parseBoardGrants(
  grants: readonly { boardId: string; permission: 'READ' | 'WRITE' }[],
  field: string,
): BoardGrantSpec[] {
  if (grants.length > MAX_BOARD_GRANTS) throw badInput(`At most ${MAX_BOARD_GRANTS} board grants`, field);
  const seen = new Set<string>();
  return grants.map((grant, index) => {
    const boardId = parseId(grant.boardId, `${field}.${index}.boardId`);
    if (seen.has(boardId)) throw badInput('Each board may appear once', `${field}.${index}.boardId`);
    seen.add(boardId);
    return { boardId, permission: grant.permission };
  });
}
