/**
 * Snapshots for projections built from work's events: when governance asks
 * (`governance.projectionSnapshotRequested`, once per database, see governance's
 * `projection-backfill.ts`), work records one `work.boardSnapshot` per board (group, lead agent) and
 * one `work.taskSnapshot` per task (status, assignee) of every organization (or of the one the
 * request names), in the reaction's
 * transaction (once per request, kit inbox), then relays them. Consumers apply a snapshot only where
 * they know nothing newer, so changes racing it are not undone. The honest alternative — replaying
 * work's event stream from its beginning — is not available: Redis streams are trimmed
 * (`MAXLEN ~ 1,000,000` per topic) and the embedded stream starts empty with every process.
 */
import { type Database, type DomainEvent, type DomainEvents, isUuid, type SubgraphRuntime } from '@mc/kit';
import { governanceRequestTopics, type ProjectionSnapshotRequest } from '@mc/kit/topics/governance';
import { workSnapshotTopics } from '@mc/kit/topics/work';
import { SnapshotStore } from '../db/snapshot-store.ts';

const PAGE = 500;
const ACTOR = { kind: 'system', id: 'work' } as const;

/** Records a snapshot of every board and task (of one organization when given) in `tx`; returns how many of each. */
export async function recordSnapshots(
  events: DomainEvents,
  tx: Database,
  organizationId: string | null = null,
): Promise<{ boards: number; tasks: number }> {
  const store = new SnapshotStore(tx);
  let boards = 0;
  for (let after: string | null = null; ; ) {
    const page = await store.boards(organizationId, after, PAGE);
    for (const board of page) {
      await events.record(
        tx,
        workSnapshotTopics.boardSnapshot,
        { boardId: board.id, boardGroupId: board.groupId, leadAgentId: board.leadAgentId },
        { organizationId: board.organizationId, actor: ACTOR },
      );
    }
    boards += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  let tasks = 0;
  for (let after: string | null = null; ; ) {
    const page = await store.tasks(organizationId, after, PAGE);
    for (const task of page) {
      await events.record(
        tx,
        workSnapshotTopics.taskSnapshot,
        { boardId: task.boardId, taskId: task.id, status: task.status, assigneeAgentId: task.assigneeAgentId },
        { organizationId: task.organizationId, actor: ACTOR },
      );
    }
    tasks += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  return { boards, tasks };
}

export function consumeSnapshotRequests(runtime: SubgraphRuntime): Promise<void> {
  const { events } = runtime;
  return events.consume(
    [governanceRequestTopics.projectionSnapshotRequested],
    async (event: DomainEvent<ProjectionSnapshotRequest>, tx) => {
      const scope = event.payload?.organizationId;
      const counts = await recordSnapshots(events, tx, typeof scope === 'string' && isUuid(scope) ? scope : null);
      runtime.logger.info({ eventId: event.id, name: event.payload?.name, ...counts }, 'projection snapshots recorded');
      return () => events.publish();
    },
    { consumer: 'work-snapshots' },
  );
}
