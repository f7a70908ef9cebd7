/**
 * What fleet knows about work's boards, from work's durable events only (consumer `fleet-boards`,
 * once per event): the organization and `maxAgents` of each board, and its deletion — which takes the
 * board's agents off it (a lead becomes a worker) with `fleet.agentUpdated` events.
 */
import type { Database, DomainEvent, SubgraphRuntime } from '@mc/kit';
import { type WorkChange, workEvents } from '@mc/work/domain-events';
import { AgentStore } from '../db/agent-store.ts';
import { BoardStore } from '../db/board-store.ts';
import { fleetEvents } from '../domain-events.ts';
import { agentChange } from './agent-service.ts';
import { SYSTEM_ACTOR } from './changes.ts';

export const BOARD_TOPICS = [workEvents.boardCreated, workEvents.boardUpdated, workEvents.boardDeleted];

export function consumeBoardEvents(runtime: SubgraphRuntime): Promise<void> {
  return runtime.events.consume(
    BOARD_TOPICS,
    async (event, tx) => {
      const recorded = await projectBoardEvent(runtime, tx, event as DomainEvent<WorkChange>);
      return recorded > 0 ? () => runtime.events.publish() : undefined;
    },
    { consumer: 'fleet-boards' },
  );
}

/** Applies one board event; returns how many fleet events it recorded. */
export async function projectBoardEvent(
  runtime: SubgraphRuntime,
  tx: Database,
  event: DomainEvent<WorkChange>,
): Promise<number> {
  const boardId = event.payload.boardId;
  const organizationId = event.organizationId;
  if (!boardId || !organizationId) return 0;
  const at = new Date(event.occurredAt);
  const after = event.payload.after ?? {};
  const maxAgents = typeof after.maxAgents === 'number' ? after.maxAgents : undefined;
  const boards = new BoardStore(tx);
  if (event.topic !== workEvents.boardDeleted.name) {
    await boards.upsert({ boardId, organizationId, maxAgents, at });
    return 0;
  }
  await boards.upsert({ boardId, organizationId, deleted: true, at });
  const agents = new AgentStore(tx);
  let recorded = 0;
  for (const agent of await agents.onBoard(boardId)) {
    if (agent.organizationId !== organizationId) continue;
    const detached = await agents.update(agent.id, {
      boardId: null,
      kind: agent.kind === 'LEAD' ? 'WORKER' : agent.kind,
      updatedAt: runtime.clock.now(),
    });
    if (!detached) continue;
    await runtime.events.record(tx, fleetEvents.agentUpdated, agentChange(detached), {
      organizationId,
      actor: SYSTEM_ACTOR,
    });
    recorded += 1;
  }
  return recorded;
}
