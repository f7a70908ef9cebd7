/**
 * The live activity timeline: an organization's entries in the order they were recorded, each with
 * the organization's next sequence (kit stream log, appended with the entry). Readers resume with
 * `after:` and miss nothing; they see what the `activity` query would show them (their
 * organization, boards they may read, entries without a board, ADMIN_ONLY custom-field values for
 * admins and owners only), filtered by board and types.
 */
import {
  badInput,
  type Identity,
  parseId,
  requireMember,
  type StreamItem,
  type StreamLog,
  type StreamSubscription,
} from '@mc/kit';
import { type ActivityRow, activityStreamKey } from '../db/activity-store.ts';
import type { ProjectionStore } from '../db/projection-store.ts';
import { readScope, requireBoard } from './access.ts';
import { entryShownTo } from './activity-service.ts';

export interface ActivityStreamFilter {
  boardId?: string | null;
  types?: readonly string[] | null;
}

/** The reader fell behind (or resumed from before the retention): reload, then subscribe again. */
export interface ActivityResync {
  kind: 'resync';
  after: number;
}

export type ActivityStreamItem = { kind: 'entry'; entry: ActivityRow } | ActivityResync;

const MAX_TYPES = 50;

/** A stored entry as the stream carries it (JSON: instants are strings). */
type StreamedRow = Omit<ActivityRow, 'occurredAt' | 'recordedAt' | 'sequence'> & {
  occurredAt: string;
  recordedAt?: string | null;
};

export class ActivityStreamService {
  private readonly streams: StreamLog;
  private readonly projections: ProjectionStore;

  constructor(streams: StreamLog, projections: ProjectionStore) {
    this.streams = streams;
    this.projections = projections;
  }

  /** The last sequence of the caller's organization's timeline. */
  async sequence(identity: Identity): Promise<number> {
    const org = requireMember(identity);
    const key = activityStreamKey(org.id);
    return (await this.streams.heads([key])).get(key) ?? 0;
  }

  /**
   * Entries after `after` (default: from now on), then live. A board filter needs read access to
   * the board (else NOT_FOUND); `after` beyond the organization's sequence is BAD_USER_INPUT.
   */
  async subscribe(
    identity: Identity,
    filter: ActivityStreamFilter,
    after: number | null | undefined,
  ): Promise<AsyncIterableIterator<ActivityStreamItem>> {
    const { org, readable } = readScope(identity);
    const boardId = filter.boardId == null ? null : parseId(filter.boardId, 'filter.boardId');
    if (boardId) await requireBoard(this.projections, identity, boardId, 'read');
    if (filter.types && filter.types.length > MAX_TYPES) {
      throw badInput(`filter.types takes at most ${MAX_TYPES} types`, 'filter.types');
    }
    const types = filter.types ? new Set(filter.types) : null;
    const visible = (row: StreamedRow) =>
      (row.boardId === null || readable === 'all' || readable.includes(row.boardId)) &&
      (boardId === null || row.boardId === boardId) &&
      (types === null || types.has(row.verb));
    const subscription = await this.streams.subscribe<StreamedRow>(activityStreamKey(org.id), { after });
    return entries(subscription, visible, entryShownTo(org));
  }
}

/**
 * A plain iterator rather than an async generator: `return()` must end a subscription that is
 * waiting for the next entry (a generator would queue it behind that wait).
 */
function entries(
  subscription: StreamSubscription<StreamedRow>,
  visible: (row: StreamedRow) => boolean,
  shown: (row: ActivityRow) => ActivityRow,
): AsyncIterableIterator<ActivityStreamItem> {
  const end = async (): Promise<IteratorResult<ActivityStreamItem>> => {
    await subscription.close();
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<ActivityStreamItem> = {
    async next() {
      for (;;) {
        const item = await subscription.next();
        if (item.done) return end();
        if (item.value.kind === 'resync') {
          await end();
          return { value: { kind: 'resync', after: item.value.after }, done: false };
        }
        if (visible(item.value.data)) return { value: { kind: 'entry', entry: shown(toRow(item.value)) }, done: false };
      }
    },
    return: end,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function toRow(item: Extract<StreamItem<StreamedRow>, { kind: 'entry' }>): ActivityRow {
  const { data } = item;
  return {
    ...data,
    occurredAt: new Date(data.occurredAt),
    recordedAt: new Date(data.recordedAt ?? item.recordedAt),
    sequence: item.seq,
  };
}
