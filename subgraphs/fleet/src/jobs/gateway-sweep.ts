/**
 * The offline sweep: a repeatable job (BullMQ's job scheduler with Redis — one schedule however many
 * fleet instances run — the in-process scheduler otherwise) that marks silent gateways OFFLINE.
 */
import type { JobQueue, SubgraphRuntime } from '@mc/kit';
import type { HealthService } from '../services/health-service.ts';

export const SWEEP_QUEUE = 'gateway-sweeps';
export const SWEEP_SCHEDULE = 'gateway-offline-sweep';

export async function startGatewaySweep(
  runtime: SubgraphRuntime,
  health: HealthService,
  everyMs: number,
): Promise<JobQueue<Record<string, never>>> {
  const queue = runtime.queue<Record<string, never>>(SWEEP_QUEUE);
  queue.process(async () => {
    const marked = await health.sweep();
    if (marked > 0) runtime.logger.info({ marked }, 'gateways marked offline');
  });
  await queue.schedule(SWEEP_SCHEDULE, everyMs, {});
  return queue;
}
