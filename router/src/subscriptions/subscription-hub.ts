/**
 * The router's subscriptions: identical subscriptions (same document, operation, variables and
 * identity scope) share one upstream stream and one completion per event; each subscriber gets
 * its own bounded buffer. The scope includes the caller's network address, which the upstream's
 * signed identity carries (claim `ip`) like every other path, so subgraphs see who is following.
 * Subscribers of one principal from one address still share. A subscription that resumes from a cursor shares only until its stream's
 * first event (`resume.ts`). The router keeps no events: they come from the subgraphs' streams (which
 * fan out between subgraph instances through Redis), so any router instance can serve any client.
 */
import { randomUUID } from 'node:crypto';
import type { Authenticated } from '../auth/authenticator.ts';
import type { PlanExecutor } from '../plan-executor.ts';
import type { SubscriptionPlan } from '../planner.ts';
import type { NextOutput } from './next-frames.ts';
import { replaysOnOpen } from './resume.ts';
import { scopeKey, stableStringify } from './scope.ts';
import { SharedStream } from './shared-stream.ts';
import { Subscriber } from './subscriber.ts';
import type { UpstreamPool } from './upstream.ts';

export interface SubscribeRequest {
  plan: SubscriptionPlan;
  /** The document text as sent (with the operation name, the sharing key). */
  text: string;
  operationName: string | undefined;
  /** Coerced variable values. */
  variables: Record<string, unknown>;
  auth: Authenticated;
  /** The caller's network address (`client-address.ts`), signed into the upstream's identity. */
  clientAddress: string | undefined;
}

export interface SubscriptionHubOptions {
  upstreams: UpstreamPool;
  executor: PlanExecutor;
  sign: (auth: Authenticated, clientAddress: string | undefined) => Promise<string>;
  /** Results a subscriber may have waiting in its socket before it is ended as too slow. */
  maxBuffered: number;
}

export class SubscriptionHub {
  private readonly options: SubscriptionHubOptions;
  private readonly streams = new Map<string, SharedStream>();

  constructor(options: SubscriptionHubOptions) {
    this.options = options;
  }

  /** Shared streams and their subscribers (for tests and metrics). */
  stats(): { streams: number; subscribers: number; upstreamSockets: number } {
    let subscribers = 0;
    for (const stream of this.streams.values()) subscribers += stream.size;
    return { streams: this.streams.size, subscribers, upstreamSockets: this.options.upstreams.sockets };
  }

  /** Adds a subscriber whose results go to `output` (its client's socket). */
  subscribe(request: SubscribeRequest, output: NextOutput): Subscriber {
    const scope = `${scopeKey(request.auth.identity)}\n${request.clientAddress ?? ''}`;
    const key = stableStringify([request.text, request.operationName ?? null, request.variables, scope]);
    let stream = this.streams.get(key);
    if (!stream?.joinable) {
      stream = this.createStream(key, scope, request);
      this.streams.set(key, stream);
    }
    const subscriber = new Subscriber(this.options.maxBuffered, output);
    subscriber.onEnd(stream.add(subscriber.listener));
    return subscriber;
  }

  private createStream(key: string, scope: string, request: SubscribeRequest): SharedStream {
    const { plan, variables, auth, clientAddress } = request;
    const primary = plan.primary;
    const upstreamVariables = Object.fromEntries(
      (primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]),
    );
    const stream: SharedStream = new SharedStream({
      open: (sink) =>
        this.options.upstreams.open(
          {
            service: primary.serviceName,
            scope,
            identity: auth.identity,
            credentialExpiresAt: auth.credentialExpiresAt,
            clientAddress,
            query: primary.operation,
            operationName: primary.operationName,
            variables: upstreamVariables,
          },
          sink,
        ),
      complete: async (event) =>
        this.options.executor.execute(plan, event, variables, {
          requestId: randomUUID(),
          signedIdentity: await this.options.sign(auth, clientAddress),
        }),
      onClosed: () => {
        if (this.streams.get(key) === stream) this.streams.delete(key);
      },
      replays: replaysOnOpen(plan.operationContext.operation, plan.operationContext.fragments, variables),
    });
    return stream;
  }
}
