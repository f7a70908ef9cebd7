/**
 * Why a relay (chat messages, agent notices) could not deliver to an agent now, and how a GatewayLink
 * failure maps onto it: `hold` ones are retried until the relay's hold deadline, `unreachable` ones
 * also take the gateway's agents OFFLINE.
 */
import { isGatewayLinkError } from '@mc/gateway-link';

export type UndeliveredCode = 'AGENT_UNAVAILABLE' | 'GATEWAY_OFFLINE' | 'AGENT_ERROR';

export class Undeliverable extends Error {
  readonly code: UndeliveredCode;
  readonly hold: boolean;
  /** The gateway could not be reached at all (its agents go OFFLINE). */
  readonly unreachable: boolean;
  constructor(code: UndeliveredCode, message: string, hold: boolean, unreachable = false) {
    super(message);
    this.code = code;
    this.hold = hold;
    this.unreachable = unreachable;
  }
}

/** A gateway call's failure as a delivery outcome (an `Undeliverable` passes through). */
export function undeliverable(error: unknown): Undeliverable {
  if (error instanceof Undeliverable) return error;
  if (isGatewayLinkError(error, 'NOT_FOUND')) {
    return new Undeliverable('AGENT_UNAVAILABLE', 'the agent does not exist on its gateway', false);
  }
  if (isGatewayLinkError(error, 'GATEWAY_ERROR')) return new Undeliverable('AGENT_ERROR', error.message, false);
  if (isGatewayLinkError(error, 'CONNECT_FAILED')) {
    return new Undeliverable('GATEWAY_OFFLINE', error.message, true, true);
  }
  return new Undeliverable('GATEWAY_OFFLINE', error instanceof Error ? error.message : String(error), true);
}
