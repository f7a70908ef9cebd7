/**
 * `chat-pending-deliveries`: one delayed job per message sent while its agent was offline (job id
 * `pending:<messageId>`, so a retried schedule does the work once). When it fires, a message still
 * PENDING is marked FAILED and its session is told; a delivered one is left alone.
 */
import type { JobQueue } from '@mc/kit';
import type { MessageService, PendingJob } from '../services/message-service.ts';

export function processPendingDeliveries(queue: JobQueue<PendingJob>, messages: MessageService): void {
  queue.process(
    async (job) => {
      await messages.failPending(job.data.messageId);
    },
    { concurrency: 4 },
  );
}
