/** Builds the fleet subgraph's services over its stores. */
import type { SubgraphRuntime } from '@mc/kit';
import type { FleetEnv } from '../env.ts';
import { DialInService } from '../relay/dial-in.ts';
import { AgentService } from './agent-service.ts';
import { GatewayService } from './gateway-service.ts';
import { HealthService } from './health-service.ts';
import { type CredentialIssuer, IdentityCredentials } from './identity-credentials.ts';
import { RegistrationService } from './registration-service.ts';
import { TeamService } from './team-service.ts';

export interface FleetServices {
  gateways: GatewayService;
  registrations: RegistrationService;
  health: HealthService;
  agents: AgentService;
  teams: TeamService;
  dialIn: DialInService;
}

export interface FleetServiceOptions {
  /** Replaces identity's HTTP API (tests of failure paths). */
  credentials?: CredentialIssuer;
}

/** `env`: fleet's environment, parsed once by the module (`env.ts`). */
export function createFleetServices(
  runtime: SubgraphRuntime,
  env: FleetEnv,
  options: FleetServiceOptions = {},
): FleetServices {
  const { database, events, bus, clock, logger } = runtime;
  const credentials =
    options.credentials ??
    new IdentityCredentials({ url: env.SUBGRAPH_IDENTITY_URL, secret: env.INTERNAL_SIGNING_SECRET });
  return {
    gateways: new GatewayService({ database, events, bus, secrets: runtime.secrets, credentials, clock, logger }),
    registrations: new RegistrationService({
      database,
      events,
      credentials,
      bus,
      clock,
      logger,
      limiter: runtime.rateLimiter,
      settings: {
        defaultTtlSeconds: env.REGISTRATION_TOKEN_TTL_SECONDS,
        attemptsPerMinute: env.REGISTRATION_ATTEMPTS_PER_MINUTE,
        attemptsPerTokenPerMinute: env.REGISTRATION_ATTEMPTS_PER_TOKEN_PER_MINUTE,
        attemptsPerAddressPerMinute: env.REGISTRATION_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
        heartbeatIntervalSeconds: env.GATEWAY_HEARTBEAT_INTERVAL_SECONDS,
        offlineAfterSeconds: env.GATEWAY_OFFLINE_AFTER_SECONDS,
      },
    }),
    health: new HealthService({
      database,
      events,
      bus,
      clock,
      settings: {
        offlineAfterSeconds: env.GATEWAY_OFFLINE_AFTER_SECONDS,
        heartbeatIntervalSeconds: env.GATEWAY_HEARTBEAT_INTERVAL_SECONDS,
        retentionHours: env.HEARTBEAT_RETENTION_HOURS,
      },
    }),
    agents: new AgentService({ database, events, bus, credentials, clock, logger }),
    teams: new TeamService({ database, clock }),
    dialIn: new DialInService(runtime, env.DIAL_IN_FOLLOWER_GRACE_MS),
  };
}
