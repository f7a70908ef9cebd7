/** The fleet subgraph as a mountable module. */
import { fileURLToPath } from 'node:url';
import { DialOutLinkPool } from '@mc/gateway-link';
import type { SubgraphModule } from '@mc/kit';
import type { FleetContext } from './context.ts';
import { loadFleetEnv } from './env.ts';
import { startGatewaySweep } from './jobs/gateway-sweep.ts';
import { MentionRelay } from './mentions/mention-relay.ts';
import { WebhookRelay } from './mentions/webhook-relay.ts';
import { GatewayAvailability } from './provisioning/gateway-availability.ts';
import { GatewayLinks } from './provisioning/gateway-links.ts';
import { GatewayProbe } from './provisioning/gateway-probe.ts';
import { LinkStatusRecorder, TrackedLinks } from './provisioning/link-status.ts';
import { ProvisioningOrchestrator } from './provisioning/orchestrator.ts';
import { ChatRelay } from './relay/chat-relay.ts';
import { schema } from './schema/index.ts';
import { consumeBoardEvents } from './services/board-projection.ts';
import { createFleetServices } from './services/index.ts';

export const fleetModule: SubgraphModule<FleetContext> = {
  name: 'fleet',
  dbSchema: 'fleet',
  schema,
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  async create(runtime) {
    const env = loadFleetEnv(runtime.envSource);
    const services = createFleetServices(runtime, env);
    // A key rotation reseals the gateways' secrets before anything opens them.
    const { resealed, unreadable } = await services.gateways.resealSecretsAtRest();
    if (resealed > 0) runtime.logger.info({ resealed }, 'gateway secrets resealed with the current key');
    if (unreadable > 0) {
      runtime.logger.warn({ unreadable }, 'gateway secrets no configured key opens: set those gateways’ tokens again');
    }
    // One pool of dial-out connections; what they report is each gateway's live connection status.
    // Dial-in gateways are reached through their inboxes: `links` hands out either kind.
    const links = new GatewayLinks(
      runtime,
      new TrackedLinks(new DialOutLinkPool(), new LinkStatusRecorder(runtime), runtime.logger),
      services.dialIn,
    );
    const orchestrator = new ProvisioningOrchestrator(runtime, links, {
      checkInTimeoutMs: env.AGENT_CHECKIN_TIMEOUT_MS,
      maxWakes: env.AGENT_MAX_WAKES,
      requestTimeoutMs: env.GATEWAY_REQUEST_TIMEOUT_MS,
      setupBudgetMs: env.PROVISION_SETUP_BUDGET_MS,
      reconcileEveryMs: env.AGENT_RECONCILE_INTERVAL_MS,
      attempts: env.PROVISION_ATTEMPTS,
      backoffMs: env.PROVISION_BACKOFF_MS,
    });
    services.agents.onLifecycle({
      provision: (agent) => orchestrator.request(agent),
      remove: (agent) => orchestrator.requestRemoval(agent),
      lookup: (gateway, remoteAgentId) => orchestrator.lookup(gateway, remoteAgentId),
    });
    await orchestrator.start();
    // Agents follow their gateway's reachability; a bridge that follows its inbox again brings them back.
    const availability = new GatewayAvailability(runtime, (agent) => orchestrator.request(agent));
    await availability.start();
    services.dialIn.onFollow((gatewayId) => availability.returnedSoon(gatewayId));
    await new GatewayProbe(runtime, links, availability, { requestTimeoutMs: env.GATEWAY_REQUEST_TIMEOUT_MS }).start(
      env.GATEWAY_PROBE_INTERVAL_MS,
    );
    await startGatewaySweep(runtime, services.health, env.GATEWAY_SWEEP_INTERVAL_MS);
    await consumeBoardEvents(runtime);
    const chatRelay = new ChatRelay(runtime, links, availability, env);
    await chatRelay.start();
    // Agents @mentioned in work's comments, and agents work hands a webhook payload, are told on their gateway.
    await new MentionRelay(runtime, links, availability, env).start();
    await new WebhookRelay(runtime, links, availability, env).start();
    return {
      name: 'fleet',
      schema,
      createContext: (base) => ({ ...base, services }),
      // Queues are closed by the runtime; the gateway connections and the relay's lease timer are ours.
      close: () => {
        chatRelay.stop();
        return links.closeAll();
      },
    };
  },
};

export { schema as fleetSchema };
