/**
 * `chat-pending-deliveries`: one delayed job per message sent while its agent was offline (job id
 * `pending:<messageId>`, so a retried schedule does the work once). When it fires, a message still
 * PENDING is marked FAILED and its session is told; a delivered one is left alone. A repeatable
 * sweep does the same for anything older than the timeout, in case a delayed job was lost.
 */
import type { JobQueue } from '@mc/kit';
import type { MessageService, PendingJob } from '../services/message-service.ts';

export const SWEEP_SCHEDULE = 'pending-sweep';

export async function processPendingDeliveries(
  queue: JobQueue<PendingJob>,
  messages: MessageService,
  sweepEveryMs: number,
): Promise<void> {
  queue.process(
    async (job) => {
      if (job.data.messageId) await messages.failPending(job.data.messageId);
      else await messages.sweepPending();
    },
    { concurrency: 4 },
  );
  await queue.schedule(SWEEP_SCHEDULE, sweepEveryMs, {});
}
