/** Builds the chat subgraph's services over its stores, and starts its event consumers and job. */
import { type JobQueue, partitionBy, type SubgraphRuntime } from '@mc/kit';
import { ProjectionStore } from '../db/projection-store.ts';
import { loadChatEnv } from '../env.ts';
import { processPendingDeliveries } from '../jobs/pending-deliveries.ts';
import { type FleetAgentReply, fleetEvents, identityEvents } from '../upstream-events.ts';
import { AssignmentService } from './assignment-service.ts';
import { MessageService, PENDING_QUEUE, type PendingJob } from './message-service.ts';
import { SessionFeeds } from './session-feeds.ts';
import { SessionService } from './session-service.ts';
import { StreamService } from './stream-service.ts';

export interface ChatServices {
  /** Delayed checks of messages waiting for their agent (the same queue object adds and processes). */
  pendingQueue: JobQueue<PendingJob>;
  assignments: AssignmentService;
  sessions: SessionService;
  messages: MessageService;
  streams: StreamService;
}

export function createChatServices(runtime: SubgraphRuntime): ChatServices {
  const env = loadChatEnv(runtime.envSource);
  const db = runtime.database.db;
  const sessions = new SessionService(db, runtime.bus, runtime.logger);
  const pendingQueue = runtime.queue<PendingJob>(PENDING_QUEUE);
  const messages = new MessageService({
    database: runtime.database,
    events: runtime.events,
    bus: runtime.bus,
    limiter: runtime.rateLimiter,
    clock: runtime.clock,
    logger: runtime.logger,
    env,
    pending: pendingQueue,
  });
  return {
    pendingQueue,
    assignments: new AssignmentService(db, runtime.bus, runtime.logger),
    sessions,
    messages,
    streams: new StreamService(
      db,
      new SessionFeeds({ db, bus: runtime.bus, logger: runtime.logger, pollMs: env.CHAT_STREAM_POLL_MS }),
      sessions,
      env.CHAT_STREAM_BUFFER_SIZE,
    ),
  };
}

/** Sessions whose replies are stored at the same time (each in its own transaction). */
const REPLY_CONCURRENCY = 4;

/** Fleet's agents and replies, identity's H5 users: each event applied once (kit inbox). */
export async function consumeUpstreamEvents(runtime: SubgraphRuntime, services: ChatServices): Promise<void> {
  const env = loadChatEnv(runtime.envSource);
  await processPendingDeliveries(services.pendingQueue, services.messages, env.CHAT_PENDING_SWEEP_MS);
  await runtime.events.consume(
    [fleetEvents.agentCreated, fleetEvents.agentUpdated, fleetEvents.agentDeleted],
    (event, tx, recorded) => services.messages.onAgentChange(event, tx, recorded),
    { consumer: 'chat-agents' },
  );
  // Replies of different sessions are stored side by side (one session's stay in order), so one slow
  // transaction does not hold up every other user's reply. A streamed part is only passed on live (the
  // app keeps one text per part number, so a repeat after a redelivery changes nothing): no claim and
  // no transaction in front of the final reply that follows it.
  await runtime.events.consume([fleetEvents.agentReply], (event, tx) => services.messages.onAgentReply(event, tx), {
    consumer: 'chat-replies',
    partition: partitionBy('sessionId'),
    concurrency: REPLY_CONCURRENCY,
    liveOnly: (event) => (event.payload as FleetAgentReply | null)?.part === 'delta',
  });
  await runtime.events.consume(
    [identityEvents.h5UserRegistered],
    async (event, tx) => {
      const h5UserId = String(event.payload?.h5UserId ?? '');
      const organizationId = String(event.organizationId ?? '');
      if (!/^[0-9a-f-]{36}$/i.test(h5UserId) || !/^[0-9a-f-]{36}$/i.test(organizationId)) return;
      await new ProjectionStore(tx).rememberH5User(h5UserId.toLowerCase(), organizationId.toLowerCase());
    },
    { consumer: 'chat-h5-users' },
  );
}
