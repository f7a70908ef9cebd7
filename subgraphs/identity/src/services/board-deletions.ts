/**
 * Keeps access consistent when work deletes a board: consumes `work.boardDeleted` (once per event,
 * kit inbox) and, within the event's organization, deletes members' grants for the board and drops
 * it from pending invites; after commit, `principalChanged` for each affected user.
 */
import { type DomainEvent, isUuid, type SubgraphRuntime } from '@mc/kit';
import { type WorkChange, workTopics as workEvents } from '@mc/kit/topics/work';
import { BoardCleanupStore } from '../db/board-cleanup-store.ts';
import type { AccessEvents } from './access-events.ts';

export const BOARD_GRANTS_CONSUMER = 'identity-board-grants';

/** Reacts to board deletions for the runtime's life (stopped by `stopRuntime`). */
export function consumeBoardDeletions(runtime: SubgraphRuntime, events: AccessEvents): Promise<void> {
  return runtime.events.consume(
    [workEvents.boardDeleted],
    async (event: DomainEvent<WorkChange>, tx) => {
      const organizationId = event.organizationId;
      const boardId = event.payload?.boardId;
      if (
        typeof organizationId !== 'string' ||
        !isUuid(organizationId) ||
        typeof boardId !== 'string' ||
        !isUuid(boardId)
      ) {
        runtime.logger.warn({ eventId: event.id, topic: event.topic }, 'skipped a malformed board deletion event');
        return;
      }
      const store = new BoardCleanupStore(tx);
      const userIds = await store.removeGrants(organizationId, boardId);
      await store.removeFromInvites(organizationId, boardId);
      if (userIds.length === 0) return;
      return () => events.changed(...userIds.map((userId) => ({ userId })));
    },
    { consumer: BOARD_GRANTS_CONSUMER },
  );
}
