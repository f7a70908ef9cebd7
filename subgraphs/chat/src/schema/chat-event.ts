/** `ChatEvent` and the `chatEvents` subscription (resumable by sequence). */
import { DomainError } from '@mc/kit';
import { builder } from '../builder.ts';
import type { ChatEvent, Presence, ReplyDelta, Typing } from '../events.ts';
import { assignmentNotFound } from '../services/errors.ts';
import { type ChatStreamItem, isStreamEnd } from '../services/stream-service.ts';
import { ChatMessageRef, MessageAuthorEnum } from './message.ts';

const ChatEventTypeEnum = builder.enumType('ChatEventType', {
  values: {
    MESSAGE_CREATED: { description: 'A stored message (has a sequence)' },
    MESSAGE_UPDATED: { description: 'A stored message changed status, e.g. PENDING → SENT or FAILED (has a sequence)' },
    REPLY_DELTA: {
      description: 'Part of an agent reply being streamed (live only; the final reply follows as a message)',
    },
    TYPING: { description: 'The other side is typing or stopped (live only)' },
    PRESENCE: { description: 'The agent went online or offline; also sent first on every subscription (live only)' },
  } as const,
});

const ReplyDeltaRef = builder.objectRef<ReplyDelta>('ChatReplyDelta').implement({
  fields: (t) => ({
    runId: t.exposeString('runId'),
    text: t.exposeString('text'),
    sequence: t.exposeInt('sequence', { nullable: true, description: 'Order of the part within the run' }),
  }),
});

const TypingRef = builder.objectRef<Typing>('ChatTyping').implement({
  fields: (t) => ({
    author: t.field({ type: MessageAuthorEnum, resolve: (typing) => typing.author }),
    authorId: t.exposeID('authorId'),
    typing: t.exposeBoolean('typing'),
  }),
});

const PresenceRef = builder.objectRef<Presence>('ChatPresence').implement({
  fields: (t) => ({
    agentId: t.exposeID('agentId'),
    online: t.exposeBoolean('online'),
    status: t.exposeString('status'),
  }),
});

const ChatEventRef = builder.objectRef<ChatEvent>('ChatEvent').implement({
  description: 'Something that happened in a chat session',
  fields: (t) => ({
    type: t.field({ type: ChatEventTypeEnum, resolve: (event) => event.type }),
    sessionId: t.exposeID('sessionId'),
    sequence: t.exposeInt('sequence', {
      nullable: true,
      description: 'Stream position of a durable event: resume with `after:` the last one received',
    }),
    message: t.field({ type: ChatMessageRef, nullable: true, resolve: (event) => event.message }),
    delta: t.field({ type: ReplyDeltaRef, nullable: true, resolve: (event) => event.delta }),
    typing: t.field({ type: TypingRef, nullable: true, resolve: (event) => event.typing }),
    presence: t.field({ type: PresenceRef, nullable: true, resolve: (event) => event.presence }),
  }),
});

builder.subscriptionFields((t) => ({
  chatEvents: t.field({
    type: ChatEventRef,
    description:
      'A session’s events. With `after` (the last sequence you have), every stored event since is replayed first — no gap, no duplicate — then live ones follow. H5 users: their own sessions while assigned to the agent; agents: theirs; admins: their organization’s. Ends with a RESYNC_REQUIRED error when you fell too far behind (reload the history and subscribe again from its head), and for an H5 user with ASSIGNMENT_NOT_FOUND once unassigned',
    authScopes: { authenticated: true },
    args: {
      sessionId: t.arg.id(),
      after: t.arg.int({ required: false }),
    },
    subscribe: (_root, args, context) => context.services.streams.open(context.identity, args.sessionId, args.after),
    resolve: (item: ChatStreamItem) => {
      if (!isStreamEnd(item)) return item;
      if (item.type === 'ACCESS_REVOKED') throw assignmentNotFound();
      throw new DomainError(
        'RESYNC_REQUIRED',
        `Events after sequence ${item.after} can no longer be delivered: reload the history and subscribe again`,
      );
    },
  }),
}));
