/** Builds the governance subgraph's services over its stores, and starts its event consumer. */
import type { SubgraphRuntime } from '@mc/kit';
import { allWorkTopics } from '@mc/kit/topics/work';
import { ProjectionStore } from '../db/projection-store.ts';
import { loadGovernanceEnv } from '../env.ts';
import { ActivityService, projectWorkEvent } from './activity-service.ts';
import { ActivityStreamService } from './activity-stream-service.ts';
import { ApprovalCancellation } from './approval-cancellation.ts';
import { ApprovalChanges } from './approval-changes.ts';
import { ApprovalService } from './approval-service.ts';
import { MetricsService } from './metrics-service.ts';

export interface GovernanceServices {
  approvals: ApprovalService;
  cancellation: ApprovalCancellation;
  activity: ActivityService;
  activityStream: ActivityStreamService;
  metrics: MetricsService;
}

export function createGovernanceServices(runtime: SubgraphRuntime): GovernanceServices {
  const db = runtime.database.db;
  const env = loadGovernanceEnv(runtime.envSource);
  const changes = new ApprovalChanges(runtime.events, runtime.bus);
  return {
    approvals: new ApprovalService(runtime.database, changes, runtime.clock, {
      boardWaitMs: env.BOARD_PROJECTION_WAIT_MS,
    }),
    cancellation: new ApprovalCancellation(changes),
    activity: new ActivityService(db),
    activityStream: new ActivityStreamService(runtime.streams, new ProjectionStore(db)),
    metrics: new MetricsService(db, runtime.clock),
  };
}

/**
 * Feeds the timeline and the projections (metrics, who leads and is assigned what) from every work
 * event, once per event, and cancels the pending approvals of deleted tasks and boards.
 */
export function consumeWorkEvents(runtime: SubgraphRuntime, services: GovernanceServices): Promise<void> {
  return runtime.events.consume(
    allWorkTopics,
    async (event, tx) => {
      await projectWorkEvent(tx, event);
      return services.cancellation.onWorkEvent(tx, event);
    },
    { consumer: 'governance-activity' },
  );
}
