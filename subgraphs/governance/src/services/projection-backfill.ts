/**
 * Backfilling what governance projects from work's events for boards and tasks that last changed
 * before the projection knew to look (the lead and assignee columns of migration 0004 were empty for
 * them, so their agents could not request approvals). Governance never reads work's tables, and
 * replaying work's event stream from its beginning is not possible (Redis streams are trimmed, the
 * embedded stream starts empty with each process), so it asks work for a snapshot instead:
 *
 * 1. At start-up the first instance without the named backfill claims it
 *    (`governance.projection_backfills`, once per database) and records
 *    `governance.projectionSnapshotRequested` in the same transaction.
 * 2. Work answers with one `work.boardSnapshot` per board and one `work.taskSnapshot` per task.
 * 3. Governance applies each where it knows nothing newer (`lead_set_at`, `assigned_at`): changes
 *    racing the snapshot are not undone, and nothing goes on the timeline (snapshots are not changes).
 */
import { type Database, type DomainEvent, isUuid, type SubgraphRuntime } from '@mc/kit';
import { governanceRequestTopics } from '@mc/kit/topics/governance';
import { type BoardSnapshot, type TaskSnapshot, workSnapshotTopics } from '@mc/kit/topics/work';
import { ProjectionStore } from '../db/projection-store.ts';

/** The backfill this version asks for (a later projection change would add a new name). */
export const LEADS_AND_ASSIGNEES = 'leads-and-assignees';

/** Asks work for snapshots unless this database already did for `name`; true when it asked now. */
export async function requestSnapshots(runtime: SubgraphRuntime, name = LEADS_AND_ASSIGNEES): Promise<boolean> {
  const asked = await runtime.database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    if (!(await new ProjectionStore(tx).claimBackfill(name, runtime.clock.now()))) return false;
    await runtime.events.record(
      tx,
      governanceRequestTopics.projectionSnapshotRequested,
      { name },
      { organizationId: null, actor: { kind: 'system', id: 'governance' } },
    );
    return true;
  });
  if (asked) {
    runtime.logger.info({ name }, 'asked work for a snapshot of every board and task');
    await runtime.events.publish();
  }
  return asked;
}

const uuidOrNull = (value: unknown) => (typeof value === 'string' && isUuid(value) ? value.toLowerCase() : null);

/** Applies one of work's snapshots in the consumer's transaction. */
export async function applySnapshot(tx: Database, event: DomainEvent<BoardSnapshot | TaskSnapshot>): Promise<void> {
  const organizationId = uuidOrNull(event.organizationId);
  const boardId = uuidOrNull(event.payload?.boardId);
  if (!organizationId || !boardId) return;
  const at = new Date(event.occurredAt);
  const store = new ProjectionStore(tx);
  if (event.topic === workSnapshotTopics.boardSnapshot.name) {
    const board = event.payload as BoardSnapshot;
    await store.applyBoardSnapshot({
      boardId,
      organizationId,
      boardGroupId: uuidOrNull(board.boardGroupId),
      leadAgentId: uuidOrNull(board.leadAgentId),
      at,
    });
    return;
  }
  const task = event.payload as TaskSnapshot;
  const taskId = uuidOrNull(task.taskId);
  if (!taskId || typeof task.status !== 'string') return;
  await store.applyTaskSnapshot({
    taskId,
    organizationId,
    boardId,
    status: task.status,
    assigneeAgentId: uuidOrNull(task.assigneeAgentId),
    at,
  });
}

export function consumeSnapshots(runtime: SubgraphRuntime): Promise<void> {
  return runtime.events.consume(
    [workSnapshotTopics.boardSnapshot, workSnapshotTopics.taskSnapshot],
    (event, tx) => applySnapshot(tx, event),
    { consumer: 'governance-snapshots' },
  );
}
