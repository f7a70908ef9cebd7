/**
 * Keeps work's projection of fleet's agents (`agent_directory`, for resolving @mentions) from
 * fleet's durable agent events, once per event (kit inbox). Work never reads fleet's tables; a
 * malformed event is logged and skipped, never retried forever.
 */
import { type DomainEvent, isUuid, type SubgraphRuntime } from '@mc/kit';
import { allFleetAgentTopics, type FleetAgentChange, fleetAgentTopics } from '@mc/kit/topics/fleet';
import { AgentDirectoryStore } from '../db/agent-directory-store.ts';

const uuidOrNull = (value: unknown) => (typeof value === 'string' && isUuid(value) ? value.toLowerCase() : null);

export function consumeAgentEvents(runtime: SubgraphRuntime): Promise<void> {
  return runtime.events.consume(
    allFleetAgentTopics,
    async (event: DomainEvent<FleetAgentChange>, tx) => {
      const payload = event.payload ?? ({} as FleetAgentChange);
      const agentId = uuidOrNull(payload.agentId);
      const organizationId = uuidOrNull(payload.organizationId ?? event.organizationId);
      if (!agentId || !organizationId || typeof payload.name !== 'string') {
        runtime.logger.warn({ eventId: event.id, topic: event.topic }, 'skipped a malformed agent event');
        return;
      }
      await new AgentDirectoryStore(tx).apply({
        agentId,
        organizationId,
        boardId: uuidOrNull(payload.boardId),
        name: payload.name,
        deleted: event.topic === fleetAgentTopics.agentDeleted.name,
        at: new Date(event.occurredAt),
      });
    },
    { consumer: 'work-agents' },
  );
}
