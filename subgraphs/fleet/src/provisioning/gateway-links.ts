/**
 * The GatewayLink to a gateway, whatever its transport: a gateway with a URL is dialed out to (the
 * pooled, tracked dial-out links), a registered gateway without one is reached through its inbox
 * (`DialInLink` over `DialInService`). Provisioning, removal, imports, the probe and the chat relay all
 * take their links here, so none of them knows which transport a gateway uses.
 */
import { DialInLink, type GatewayLink, type GatewayLinkConfig, type GatewayLinkFactory } from '@mc/gateway-link';
import type { Database, SecretBox, SubgraphRuntime } from '@mc/kit';
import type { GatewayRow } from '../db/gateway-store.ts';
import type { DialInService } from '../relay/dial-in.ts';
import { linkConfigFor } from './link-config.ts';

/** A registered gateway without a URL: only reachable through its inbox. */
export const isDialIn = (gateway: Pick<GatewayRow, 'url' | 'registeredAt' | 'credentialId'>) =>
  !gateway.url && (gateway.registeredAt !== null || gateway.credentialId !== null);

export interface OpenLinkOptions {
  requestTimeoutMs: number;
  /** Dial-out only: the reconnect policy (false: one attempt). */
  reconnect?: GatewayLinkConfig['reconnect'];
}

export class GatewayLinks {
  private readonly db: Database;
  private readonly secrets: SecretBox;
  private readonly factory: GatewayLinkFactory;
  private readonly inboxes: DialInService;

  constructor(
    runtime: Pick<SubgraphRuntime, 'database' | 'secrets'>,
    factory: GatewayLinkFactory,
    inboxes: DialInService,
  ) {
    this.db = runtime.database.db;
    this.secrets = runtime.secrets;
    this.factory = factory;
    this.inboxes = inboxes;
  }

  /** A link to the gateway; throws `NoDialOutError` for a gateway that has no URL and never registered. */
  async open(gateway: GatewayRow, options: OpenLinkOptions): Promise<GatewayLink> {
    if (isDialIn(gateway)) return this.dialIn(gateway.id, options.requestTimeoutMs);
    const config = await linkConfigFor(this.db, this.secrets, gateway, { requestTimeoutMs: options.requestTimeoutMs });
    return this.factory.link(options.reconnect === undefined ? config : { ...config, reconnect: options.reconnect });
  }

  /** The dial-in link to a registered gateway (its inbox). */
  dialIn(gatewayId: string, requestTimeoutMs: number): GatewayLink {
    return new DialInLink(this.inboxes.transport(gatewayId), { requestTimeoutMs });
  }

  /** What a link to this gateway is made from: callers that keep a link make a new one when it changes. */
  static keyOf(gateway: GatewayRow): string {
    if (isDialIn(gateway)) return 'dial-in';
    return [
      gateway.url,
      gateway.tokenSealed,
      gateway.deviceTokenSealed,
      gateway.deviceIdentitySealed,
      gateway.pairingMode,
      gateway.allowSelfSignedTls,
    ].join('|');
  }

  closeAll(): Promise<void> {
    return this.factory.closeAll();
  }
}
