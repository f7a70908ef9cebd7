/** Builds the governance subgraph's services over its stores, and starts its event consumer. */
import type { SubgraphRuntime } from '@mc/kit';
import { allWorkTopics } from '@mc/kit/topics/work';
import { ProjectionStore } from '../db/projection-store.ts';
import { loadGovernanceEnv } from '../env.ts';
import { ActivityService, projectWorkEvent } from './activity-service.ts';
import { ActivityStreamService } from './activity-stream-service.ts';
import { ApprovalService } from './approval-service.ts';
import { MetricsService } from './metrics-service.ts';

export interface GovernanceServices {
  approvals: ApprovalService;
  activity: ActivityService;
  activityStream: ActivityStreamService;
  metrics: MetricsService;
}

export function createGovernanceServices(runtime: SubgraphRuntime): GovernanceServices {
  const db = runtime.database.db;
  const env = loadGovernanceEnv(runtime.envSource);
  return {
    approvals: new ApprovalService(runtime.database, runtime.events, runtime.bus, runtime.clock, {
      boardWaitMs: env.BOARD_PROJECTION_WAIT_MS,
    }),
    activity: new ActivityService(db),
    activityStream: new ActivityStreamService(runtime.streams, new ProjectionStore(db)),
    metrics: new MetricsService(db, runtime.clock),
  };
}

/** Feeds the timeline and the metrics projections from every work event, once per event. */
export function consumeWorkEvents(runtime: SubgraphRuntime): Promise<void> {
  return runtime.events.consume(allWorkTopics, (event, tx) => projectWorkEvent(tx, event), {
    consumer: 'governance-activity',
  });
}
