/** `MemoryEntry`, `Board.memory`, `BoardGroup.memory` and the mutations that add to them. */
import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { WorkContext } from '../context.ts';
import type { BoardGroupRow } from '../db/board-group-store.ts';
import type { BoardRow } from '../db/board-store.ts';
import type { MemoryRow } from '../db/memory-store.ts';
import type { MemoryPageArgs } from '../services/memory-service.ts';
import { ActorRef } from './actor.ts';
import { BoardRef } from './board.ts';
import { BoardGroupRef } from './board-group.ts';

export const MemoryKindEnum = builder.enumType('MemoryKind', {
  values: { NOTE: { description: 'A lasting note' }, CHAT: { description: 'A chat message' } } as const,
});

const MemoryEntryRef = builder.objectRef<MemoryRow>('MemoryEntry').implement({
  description: 'A note or chat message kept on a board or a board group',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: MemoryKindEnum, resolve: (entry) => entry.kind }),
    body: t.exposeString('body'),
    author: t.field({ type: ActorRef, resolve: (entry) => ({ kind: entry.authorKind, id: entry.authorId }) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const MemoryEntryEdge = builder.objectRef<{ cursor: string; node: MemoryRow }>('MemoryEntryEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: MemoryEntryRef, resolve: (edge) => edge.node }),
  }),
});

const MemoryEntryConnection = builder.objectRef<Connection<MemoryRow>>('MemoryEntryConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [MemoryEntryEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [MemoryEntryRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

builder.objectFields(BoardRef, (t) => ({
  memory: t.loadable({
    type: MemoryEntryConnection,
    description: "The board's notes and chat, oldest first (everyone who can read the board)",
    args: {
      kind: t.arg({ type: MemoryKindEnum, required: false, description: 'Only this kind' }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false }),
    },
    byPath: true,
    load: (ids: string[], context: WorkContext, args: MemoryPageArgs) =>
      context.services.memory.pages('board', ids, args),
    resolve: (board: BoardRow) => board.id,
  }),
}));

builder.objectFields(BoardGroupRef, (t) => ({
  memory: t.loadable({
    type: MemoryEntryConnection,
    description: "The group's notes and chat, oldest first (members of the organization)",
    args: {
      kind: t.arg({ type: MemoryKindEnum, required: false, description: 'Only this kind' }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20)' }),
      after: t.arg.string({ required: false }),
    },
    byPath: true,
    load: (ids: string[], context: WorkContext, args: MemoryPageArgs) =>
      context.services.memory.pages('group', ids, args),
    resolve: (group: BoardGroupRow) => group.id,
  }),
}));

builder.mutationFields((t) => ({
  addBoardMemory: t.field({
    type: MemoryEntryRef,
    description:
      'Adds a note or chat message to a board (people with write access, agents of its organization; ≤ 20,000 characters)',
    authScopes: { user: true, agent: true },
    errors: {},
    args: { boardId: t.arg.id(), kind: t.arg({ type: MemoryKindEnum }), body: t.arg.string() },
    resolve: (_root, args, context) =>
      context.services.memory.addToBoard(context.identity, args.boardId, args.kind, args.body),
  }),
  addBoardGroupMemory: t.field({
    type: MemoryEntryRef,
    description:
      'Adds a note or chat message to a board group (admins, owners and agents of its organization; ≤ 20,000 characters)',
    authScopes: { user: true, agent: true },
    errors: {},
    args: { boardGroupId: t.arg.id(), kind: t.arg({ type: MemoryKindEnum }), body: t.arg.string() },
    resolve: (_root, args, context) =>
      context.services.memory.addToGroup(context.identity, args.boardGroupId, args.kind, args.body),
  }),
}));
