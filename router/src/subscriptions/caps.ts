/**
 * Subscription caps: at most `perConnection` live subscriptions on one socket and `perIdentity` for
 * one principal across this router instance's sockets. A reservation is taken before the stream
 * starts and released exactly once when it ends.
 */
export interface CapLimits {
  perConnection: number;
  perIdentity: number;
}

export interface ConnectionCount {
  subscriptions: number;
}

export type Reservation = { ok: true; release: () => void } | { ok: false; reason: 'connection' | 'identity' };

export class SubscriptionCaps {
  private readonly limits: CapLimits;
  private readonly perPrincipal = new Map<string, number>();

  constructor(limits: CapLimits) {
    this.limits = limits;
  }

  /** Live subscriptions of a principal on this instance. */
  count(principal: string): number {
    return this.perPrincipal.get(principal) ?? 0;
  }

  reserve(connection: ConnectionCount, principal: string | null): Reservation {
    if (connection.subscriptions >= this.limits.perConnection) return { ok: false, reason: 'connection' };
    if (principal !== null && this.count(principal) >= this.limits.perIdentity)
      return { ok: false, reason: 'identity' };
    connection.subscriptions += 1;
    if (principal !== null) this.perPrincipal.set(principal, this.count(principal) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        connection.subscriptions -= 1;
        if (principal === null) return;
        const left = this.count(principal) - 1;
        if (left > 0) this.perPrincipal.set(principal, left);
        else this.perPrincipal.delete(principal);
      },
    };
  }
}
