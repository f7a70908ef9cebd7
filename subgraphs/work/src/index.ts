/** The work subgraph as a mountable module. */
import { fileURLToPath } from 'node:url';
import type { SubgraphModule } from '@mc/kit';
import type { WorkContext } from './context.ts';
import { schema } from './schema/index.ts';
import { consumeAgentEvents } from './services/agent-directory.ts';
import { createWorkServices } from './services/index.ts';
import { consumeSnapshotRequests } from './services/projection-snapshots.ts';
import { consumeApprovalEvents } from './services/task-approval-service.ts';

export const workModule: SubgraphModule<WorkContext> = {
  name: 'work',
  dbSchema: 'work',
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  async create(runtime) {
    const services = createWorkServices(runtime);
    // Governance's approval events open the done gate and block moves while one is pending.
    await consumeApprovalEvents(runtime, services.taskApprovals);
    // Fleet's agent events keep the names @mentions are resolved with.
    await consumeAgentEvents(runtime);
    // Projections built from work's events (governance) may ask for a snapshot of every board and task.
    await consumeSnapshotRequests(runtime);
    // Secrets stored in clear by earlier versions are sealed before anything reads them.
    const { sealed, unreadable } = await services.webhooks.sealSecretsAtRest();
    if (sealed > 0) runtime.logger.info({ sealed }, 'webhook secrets sealed at rest with the current key');
    if (unreadable > 0) {
      runtime.logger.warn({ unreadable }, 'webhook secrets no configured key opens: rotate those webhooks');
    }
    // Webhook payloads go to their agent in the background; the runtime closes the queue.
    services.webhooks.startDelivering();
    return {
      name: 'work',
      schema,
      createContext: (base) => ({ ...base, services }),
    };
  },
};

export { schema as workSchema };
