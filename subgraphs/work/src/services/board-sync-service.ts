/**
 * Board sync: the lossless stream of a board (`board:<id>`, kit stream log) as typed board events.
 * Every task, dependency, tag, comment and board change is appended with the board's next sequence
 * in the transaction of the change (`domain-events.ts`), so a reader takes a snapshot with
 * `Board.sequence`, subscribes with `after:` it, and misses nothing. Readers need read access to
 * the board, as for Board queries; a worker agent sees the events of the tasks it may read, and
 * in dependency changes only the ids of tasks it may read. ADMIN_ONLY custom-field values reach
 * admins and owners only (HIDDEN ones are never in the events).
 */
import {
  type DomainEvent,
  type Identity,
  parseId,
  type StreamItem,
  type StreamLog,
  type StreamSubscription,
} from '@mc/kit';
import type { BoardRow, BoardStore } from '../db/board-store.ts';
import type { TaskRow, TaskStore } from '../db/task-store.ts';
import { boardStreamKey, type WorkChange } from '../domain-events.ts';
import { type Actor, type ActorKind, actorKindOf } from '../events.ts';
import { agentMaySee, agentOnBoard } from './agent-rules.ts';
import type { BoardService } from './board-service.ts';

export type BoardEventType =
  | 'TASK_CREATED'
  | 'TASK_UPDATED'
  | 'TASK_MOVED'
  | 'TASK_DELETED'
  | 'DEPENDENCIES_CHANGED'
  | 'TAGS_CHANGED'
  | 'TASK_COMMENTED'
  | 'BOARD_UPDATED'
  | 'BOARD_DELETED';

export interface BoardSyncEvent {
  kind: 'event';
  sequence: number;
  type: BoardEventType;
  boardId: string;
  actor: { kind: ActorKind; id: string } | null;
  occurredAt: string;
  taskId: string | null;
  /** The task as it is when the event is delivered; null once deleted. */
  task: TaskRow | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The reader fell behind (or resumed from before the retention): reload, then subscribe again. */
export interface BoardSyncResync {
  kind: 'resync';
  after: number;
}

export type BoardSyncItem = BoardSyncEvent | BoardSyncResync;

const TYPES: Record<string, BoardEventType> = {
  'work.taskCreated': 'TASK_CREATED',
  'work.taskUpdated': 'TASK_UPDATED',
  'work.taskMoved': 'TASK_MOVED',
  'work.taskDeleted': 'TASK_DELETED',
  'work.taskDependenciesChanged': 'DEPENDENCIES_CHANGED',
  'work.taskCommented': 'TASK_COMMENTED',
  'work.boardUpdated': 'BOARD_UPDATED',
  'work.customFieldBound': 'BOARD_UPDATED',
  'work.customFieldUnbound': 'BOARD_UPDATED',
  'work.boardDeleted': 'BOARD_DELETED',
};

/** Tag attach/detach records `taskUpdated` with only `tagIds`: a reader wants to tell them apart. */
function typeOf(event: DomainEvent<WorkChange>): BoardEventType | null {
  const type = TYPES[event.topic];
  if (type !== 'TASK_UPDATED') return type ?? null;
  const keys = Object.keys(event.payload.after ?? event.payload.before ?? {});
  return keys.length === 1 && keys[0] === 'tagIds' ? 'TAGS_CHANGED' : type;
}

export class BoardSyncService {
  private readonly streams: StreamLog;
  private readonly boards: BoardService;
  private readonly boardStore: BoardStore;
  private readonly taskStore: TaskStore;

  constructor(options: { streams: StreamLog; boards: BoardService; boardStore: BoardStore; taskStore: TaskStore }) {
    this.streams = options.streams;
    this.boards = options.boards;
    this.boardStore = options.boardStore;
    this.taskStore = options.taskStore;
  }

  /** The last sequence of each board (the parents were access-checked), in one statement. */
  async sequences(boardIds: readonly string[]): Promise<number[]> {
    const heads = await this.streams.heads(boardIds.map(boardStreamKey));
    return boardIds.map((id) => heads.get(boardStreamKey(id)) ?? 0);
  }

  /**
   * The board's events after `after` (default: from now on), then live. NOT_FOUND for boards the
   * caller may not read; `after` beyond the board's sequence is BAD_USER_INPUT.
   */
  async subscribe(
    identity: Identity,
    boardId: string,
    after: number | null | undefined,
  ): Promise<AsyncIterable<BoardSyncItem>> {
    const id = parseId(boardId, 'boardId');
    const [board] = await this.boards.loadReadable(identity, [id]);
    if (board instanceof Error) throw board;
    const subscription = await this.streams.subscribe<DomainEvent<WorkChange>>(boardStreamKey(id), { after });
    return this.events(identity, board, subscription);
  }

  /**
   * A plain iterator rather than an async generator: `return()` must end a subscription that is
   * waiting for the next event (a generator would queue it behind that wait).
   */
  private events(
    identity: Identity,
    board: BoardRow,
    subscription: StreamSubscription<DomainEvent<WorkChange>>,
  ): AsyncIterableIterator<BoardSyncItem> {
    let ended = false;
    const end = async (): Promise<IteratorResult<BoardSyncItem>> => {
      ended = true;
      await subscription.close();
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<BoardSyncItem> = {
      next: async () => {
        while (!ended) {
          const item = await subscription.next();
          if (item.done) return end();
          if (item.value.kind === 'resync') {
            await end();
            return { value: { kind: 'resync', after: item.value.after }, done: false };
          }
          const event = await this.toEvent(identity, board, item.value);
          if (!event) continue;
          // A deleted board has nothing more to tell.
          if (event.type === 'BOARD_DELETED') await end();
          return { value: event, done: false };
        }
        return { value: undefined, done: true };
      },
      return: end,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private async toEvent(
    identity: Identity,
    board: BoardRow,
    item: Extract<StreamItem<DomainEvent<WorkChange>>, { kind: 'entry' }>,
  ): Promise<BoardSyncEvent | null> {
    const event = item.data;
    const type = typeOf(event);
    if (!type) return null;
    const taskId = event.payload.taskId ?? null;
    const task = taskId ? ((await this.taskStore.byIds([taskId])).get(taskId) ?? null) : null;
    let hidden = false;
    let worker: ReturnType<typeof agentOnBoard> | null = null;
    if (identity.kind === 'agent' && taskId) {
      // The lead sees every task; a worker the ones it may read now. A deletion is told to every
      // worker (the id only), so none keeps a task that is gone.
      const current = (await this.boardStore.byIds([board.id])).get(board.id) ?? board;
      const caller = agentOnBoard(identity, current);
      if (caller.role === 'worker') {
        const visible = task !== null && agentMaySee(caller, task);
        if (!visible && type !== 'TASK_DELETED') return null;
        hidden = !visible;
        worker = caller;
      }
    }
    const admin = identity.kind === 'user' && (identity.org?.role === 'ADMIN' || identity.org?.role === 'OWNER');
    let before = hidden ? null : sideFor(event.payload.before ?? null, admin);
    let after = hidden ? null : sideFor(event.payload.after ?? null, admin);
    if (worker && !hidden && type === 'DEPENDENCIES_CHANGED') {
      [before, after] = await this.dependenciesSeenBy(worker, before, after);
    }
    return {
      kind: 'event',
      sequence: item.seq,
      type,
      boardId: board.id,
      actor: event.actor?.id ? { kind: actorKindOf(event.actor as Actor), id: event.actor.id } : null,
      occurredAt: event.occurredAt,
      taskId,
      task,
      before,
      after,
    };
  }

  /** `dependsOn` lists without the tasks a worker may not see (one statement for both sides). */
  private async dependenciesSeenBy(
    worker: ReturnType<typeof agentOnBoard>,
    ...sides: (Record<string, unknown> | null)[]
  ): Promise<(Record<string, unknown> | null)[]> {
    const idsOf = (side: Record<string, unknown> | null) =>
      Array.isArray(side?.dependsOn) ? (side.dependsOn as unknown[]).filter((id) => typeof id === 'string') : [];
    const tasks = await this.taskStore.byIds([...new Set(sides.flatMap(idsOf))] as string[]);
    return sides.map((side) => {
      if (!side || !Array.isArray(side.dependsOn)) return side;
      const seen = idsOf(side).filter((id) => {
        const task = tasks.get(id as string);
        return task !== undefined && agentMaySee(worker, task);
      });
      return { ...side, dependsOn: seen };
    });
  }
}

/** Where work's events put the custom-field values only admins and owners may see. */
const ADMIN_ONLY_KEY = 'adminOnlyCustomFields';

function sideFor(side: Record<string, unknown> | null, admin: boolean): Record<string, unknown> | null {
  if (!side || admin || !(ADMIN_ONLY_KEY in side)) return side;
  const { [ADMIN_ONLY_KEY]: _hidden, ...rest } = side;
  return rest;
}
