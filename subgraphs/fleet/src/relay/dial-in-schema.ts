/**
 * Dial-in over GraphQL: a registered gateway (or its bridge) follows `gatewayInbox` over graphql-ws and
 * answers each request with `gatewayAnswer`; its chat events go up with `gatewayEvents` (a batch, in
 * order) or `gatewayEvent` (one) (`dial-in.ts`).
 */
import { builder } from '../builder.ts';
import type { InboxItem } from './dial-in.ts';

const GatewayRequestRef = builder.objectRef<InboxItem>('GatewayInboxRequest').implement({
  description: 'A request Mission Control asks a dial-in gateway to run (a GatewayLink operation)',
  fields: (t) => ({
    sequence: t.int({ description: 'Position in the inbox: resume with `after`', resolve: (item) => item.sequence }),
    id: t.id({ description: 'Name it in `gatewayAnswer`', resolve: (item) => item.request.id }),
    operation: t.string({
      description: '`hello`, `health`, `createAgent`, `sendChat`, … (see @mc/gateway-link DIAL_IN_OPERATIONS)',
      resolve: (item) => item.request.operation,
    }),
    arguments: t.string({
      description: 'The arguments, a JSON array',
      resolve: (item) => JSON.stringify(item.request.args),
    }),
    deadline: t.field({
      type: 'DateTime',
      description: 'Nobody waits for the answer after this',
      resolve: (item) => new Date(item.request.deadline),
    }),
  }),
});

const GatewayAnswerErrorInput = builder.inputType('GatewayAnswerErrorInput', {
  fields: (t) => ({
    code: t.string({ description: 'A GatewayLink error code: TIMEOUT, NOT_FOUND, GATEWAY_ERROR, …' }),
    message: t.string(),
    gatewayCode: t.string({ required: false }),
    retryable: t.boolean(),
    retryAfterMs: t.int({ required: false }),
  }),
});

const GatewayAnswerInput = builder.inputType('GatewayAnswerInput', {
  fields: (t) => ({
    requestId: t.id(),
    result: t.string({ required: false, description: 'The result as JSON (absent with `error`)' }),
    error: t.field({ type: GatewayAnswerErrorInput, required: false }),
  }),
});

builder.subscriptionFields((t) => ({
  gatewayInbox: t.field({
    type: GatewayRequestRef,
    description: 'Requests for the calling gateway after `after` (default: from now on), then live (gateways only)',
    authScopes: { gateway: true },
    args: { after: t.arg.int({ required: false }) },
    subscribe: (_root, args, context) =>
      context.services.dialIn.follow(context.identity, args.after, context.clientAddress),
    resolve: (item) => item,
  }),
}));

builder.mutationFields((t) => ({
  gatewayAnswer: t.boolean({
    description: 'The calling gateway answers one of its inbox requests',
    authScopes: { gateway: true },
    args: { input: t.arg({ type: GatewayAnswerInput }) },
    resolve: (_root, args, context) =>
      context.services.dialIn.answer(context.identity, {
        requestId: String(args.input.requestId),
        result: args.input.result,
        error: args.input.error
          ? {
              code: args.input.error.code as never,
              message: args.input.error.message,
              gatewayCode: args.input.error.gatewayCode ?? null,
              retryable: args.input.error.retryable,
              retryAfterMs: args.input.error.retryAfterMs ?? null,
            }
          : null,
      }),
  }),
  gatewayEvent: t.boolean({
    description: 'The calling gateway reports one of its events (a GatewayLink event as JSON: `chat.delta`, …)',
    authScopes: { gateway: true },
    args: { event: t.arg.string() },
    resolve: (_root, args, context) => context.services.dialIn.event(context.identity, args.event),
  }),
  gatewayEvents: t.boolean({
    description:
      'The calling gateway reports several of its events at once, in the order it saw them (each a GatewayLink event as JSON; at most 200, 1,000,000 characters together). All or nothing: a malformed event refuses the batch (BAD_USER_INPUT naming `events.<index>`)',
    authScopes: { gateway: true },
    args: { events: t.arg.stringList() },
    resolve: (_root, args, context) => context.services.dialIn.events(context.identity, args.events),
  }),
}));
