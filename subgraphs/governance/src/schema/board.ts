/** `Board`, owned by work, extended by key with `pendingApprovalCount`. */
import { builder } from '../builder.ts';

export const BoardRef = builder.externalRef('Board', builder.selection<{ id: string }>('id')).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    pendingApprovalCount: t.loadable({
      type: 'Int',
      description: 'Approvals of this board waiting for a decision',
      load: (ids: string[], context) => context.services.approvals.pendingCounts(context.identity, ids),
      resolve: (board) => board.id,
    }),
  }),
});
