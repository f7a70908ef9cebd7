/**
 * Per-board access: `BoardGrant` and its input. `Board` belongs to the work subgraph; identity
 * references it by key only, as a stub it cannot resolve.
 */
import { builder } from '../builder.ts';
import type { BoardGrantSpec } from '../db/tables.ts';

export const BoardType = builder
  .externalRef('Board', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({ externalFields: (t) => ({ id: t.id() }) });

export const BoardPermissionEnum = builder.enumType('BoardPermission', {
  values: { READ: { description: 'May read the board' }, WRITE: { description: 'May read and change the board' } },
});

export const BoardGrantType = builder.objectRef<BoardGrantSpec>('BoardGrant').implement({
  description: "A member's (or invite's) access to one board",
  fields: (t) => ({
    boardId: t.exposeID('boardId'),
    board: t.field({ type: BoardType, resolve: (grant) => ({ id: grant.boardId }) }),
    permission: t.expose('permission', { type: BoardPermissionEnum }),
  }),
});

export const BoardGrantInput = builder.inputType('BoardGrantInput', {
  fields: (t) => ({
    boardId: t.id(),
    permission: t.field({ type: BoardPermissionEnum }),
  }),
});
