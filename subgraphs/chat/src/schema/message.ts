/** `ChatMessage`, its connection, and the send / post mutations. */
import type { Connection } from '@mc/kit';
import { builder } from '../builder.ts';
import type { MessageRow } from '../db/message-store.ts';

export const MessageAuthorEnum = builder.enumType('ChatMessageAuthor', {
  values: ['H5_USER', 'AGENT'] as const,
});

export const MessageStatusEnum = builder.enumType('ChatMessageStatus', {
  values: {
    PENDING: { description: 'Stored; waiting for the agent to come back (delivered then, or FAILED after a timeout)' },
    SENT: { description: 'Stored and relayed to the agent (or, for an agent’s message, delivered)' },
    FAILED: { description: 'Could not be delivered; `error` says why' },
  } as const,
});

export const ChatMessageRef = builder.objectRef<MessageRow>('ChatMessage').implement({
  description: 'A message of a chat session, stored before it was acknowledged',
  fields: (t) => ({
    id: t.exposeID('id'),
    sessionId: t.exposeID('sessionId'),
    sequence: t.exposeInt('sequence', { description: 'Position in the session stream (increasing, per session)' }),
    author: t.field({ type: MessageAuthorEnum, resolve: (message) => message.author }),
    authorId: t.exposeID('authorId', { description: 'The H5 user or agent who wrote it' }),
    clientMessageId: t.exposeString('clientMessageId', { nullable: true }),
    runId: t.exposeString('runId', { nullable: true, description: 'The agent run that produced a reply' }),
    text: t.exposeString('text'),
    status: t.field({ type: MessageStatusEnum, resolve: (message) => message.status }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why a FAILED message failed: `AGENT_UNAVAILABLE`, `GATEWAY_OFFLINE`, …',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const ChatMessageEdge = builder.objectRef<{ cursor: string; node: MessageRow }>('ChatMessageEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ChatMessageRef, resolve: (edge) => edge.node }),
  }),
});

export const ChatMessageConnection = builder.objectRef<Connection<MessageRow>>('ChatMessageConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ChatMessageEdge], resolve: (page) => page.edges }),
    nodes: t.field({ type: [ChatMessageRef], resolve: (page) => page.nodes }),
    pageInfo: t.field({ type: 'PageInfo', resolve: (page) => page.pageInfo }),
  }),
});

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    sessionId: t.id(),
    clientMessageId: t.string({
      description: 'Chosen by the client once per message (≤ 100 characters); a retry with it returns the original',
    }),
    text: t.string(),
  }),
});

const PostAgentMessageInput = builder.inputType('PostAgentMessageInput', {
  fields: (t) => ({
    sessionId: t.id(),
    text: t.string(),
    clientMessageId: t.string({ required: false, description: 'Makes retries idempotent' }),
  }),
});

builder.mutationFields((t) => ({
  sendMessage: t.field({
    type: ChatMessageRef,
    description:
      'Sends a message in your session (H5 users): stored with the next sequence number, then relayed to the agent — or kept PENDING while the agent is offline',
    authScopes: { h5: true },
    errors: {},
    args: { input: t.arg({ type: SendMessageInput }) },
    resolve: (_root, args, context) => context.services.messages.send(context.identity, args.input),
  }),
  postAgentMessage: t.field({
    type: ChatMessageRef,
    description: 'An agent answers in one of its sessions (agent tokens)',
    authScopes: { agent: true },
    errors: {},
    args: { input: t.arg({ type: PostAgentMessageInput }) },
    resolve: (_root, args, context) => context.services.messages.postAgentMessage(context.identity, args.input),
  }),
}));
