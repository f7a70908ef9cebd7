/**
 * Live chat: one graphql-ws connection for the app, the open conversation's timeline and the outbox.
 *
 * Reconnects are ours, not graphql-ws's (`retryAttempts: 0`): after a drop we wait with backoff (or
 * for the browser to come back online) and subscribe again with `after:` the last durable sequence we
 * hold, so the server replays exactly what we missed. Sends go through the outbox (persisted first,
 * sent when connected, each with its client message id), so a message typed offline goes out once.
 */
import { type Client, createClient } from 'graphql-ws';
import { computed, ref, shallowRef } from 'vue';
import {
  CHAT_EVENTS,
  MY_ASSIGNMENTS,
  OPEN_SESSION,
  SEND_MESSAGE,
  SESSION_HEAD,
  SESSION_HISTORY,
  SET_TYPING,
} from '../components/chat/chat-documents.ts';
import { ApiError, NetworkError, socketUrl } from '../graphql/client.ts';
import type { ChatEventsSubscription, MyChatAssignmentsQuery } from '../graphql/generated/graphql.ts';
import { backoffDelay } from '../lib/backoff.ts';
import { once, streamStep } from '../lib/chat-stream.ts';
import { Outbox, type SendOutcome } from '../lib/outbox.ts';
import { appendDelta, mergeMessages, type TimelineMessage, timelineItems } from '../lib/timeline.ts';
import { accessToken, authed } from './session.ts';

export type ConnectionState = 'idle' | 'connected' | 'reconnecting' | 'offline';
export type Assignment = MyChatAssignmentsQuery['myChatAssignments'][number];
type ChatEvent = ChatEventsSubscription['chatEvents'];

const connection = ref<ConnectionState>(navigator.onLine ? 'idle' : 'offline');
const assignments = ref<Assignment[]>([]);
const assignmentsError = ref<string | null>(null);

const sessionId = ref<string | null>(null);
/** The session last opened with the wanted agent (remembered), to show its outbox while offline. */
const knownSessionId = ref<string | null>(null);
const SESSIONS_KEY = 'mc.h5.sessions';
const rememberedSessions = (): Record<string, string> => {
  try {
    return JSON.parse(localStorage.getItem(SESSIONS_KEY) ?? '{}');
  } catch {
    return {};
  }
};
const agent = ref<{ id: string; name: string; online: boolean } | null>(null);
const messages = shallowRef<TimelineMessage[]>([]);
const streaming = shallowRef<ReturnType<typeof appendDelta> | null>(null);
const agentTyping = ref(false);
const chatError = ref<string | null>(null);
/** Scroll-back: the cursor of the oldest page loaded, while there are older messages. */
const olderCursor = ref<string | null>(null);

const outbox = new Outbox(localStorage);
const outboxVersion = ref(0);

let client: Client | null = null;
let unsubscribe: (() => void) | null = null;
/** The last durable event (sequence) of the open session we hold: resume point. */
let after = 0;
let attempt = 0;
let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
let typingTimer: ReturnType<typeof setTimeout> | null = null;
let typingSentAt = 0;
/** The agent whose chat is on screen, kept when opening failed (offline) to open it once back. */
let wantedAgentId: string | null = null;

function ensureClient(): Client {
  client ??= createClient({
    url: socketUrl(location),
    lazy: true,
    retryAttempts: 0,
    connectionParams: () => ({ authorization: `Bearer ${accessToken() ?? ''}` }),
    on: {
      connected: () => {
        connection.value = 'connected';
        attempt = 0;
        void flushOutbox();
      },
    },
  });
  return client;
}

function dropClient() {
  unsubscribe?.();
  unsubscribe = null;
  const old = client;
  client = null;
  void old?.dispose();
}

function handle(event: ChatEvent) {
  if (event.sequence != null && event.sequence <= after) return;
  if (event.sequence != null) after = event.sequence;
  if (event.message) {
    messages.value = mergeMessages(messages.value, [event.message as TimelineMessage]);
    if (event.message.clientMessageId) {
      const queued = outbox.entries().some((entry) => entry.clientMessageId === event.message?.clientMessageId);
      if (queued) {
        outbox.remove(event.message.clientMessageId);
        outboxVersion.value++;
      }
    }
    if (event.message.author === 'AGENT') agentTyping.value = false;
  }
  if (event.delta) {
    streaming.value = appendDelta(streaming.value, event.delta);
    agentTyping.value = false;
  }
  if (event.typing && event.typing.author === 'AGENT') {
    agentTyping.value = event.typing.typing;
    if (typingTimer) clearTimeout(typingTimer);
    if (event.typing.typing) typingTimer = setTimeout(() => (agentTyping.value = false), 8_000);
  }
  if (event.presence && agent.value) agent.value = { ...agent.value, online: event.presence.online };
}

function subscribe() {
  const id = sessionId.value;
  if (!id || unsubscribe) return;
  if (!navigator.onLine) {
    connection.value = 'offline';
    return;
  }
  if (connection.value !== 'connected') connection.value = attempt === 0 ? 'idle' : 'reconnecting';
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe = null;
    if (sessionId.value === id) scheduleReconnect();
  };
  /** The server ended the stream with a reason: no blind reconnect. */
  const settle = () => {
    ended = true;
    unsubscribe?.();
    unsubscribe = null;
  };
  unsubscribe = ensureClient().subscribe<ChatEventsSubscription>(
    { query: CHAT_EVENTS.toString(), variables: { sessionId: id, after } },
    {
      next: (result) => {
        const step = streamStep(result);
        if (step.kind === 'event') return handle(step.event);
        settle();
        if (step.kind === 'resync') void resync(id);
        else chatError.value = step.code;
      },
      error: () => {
        dropClient();
        end();
      },
      complete: end,
    },
  );
}

function scheduleReconnect() {
  if (reconnectTimer) clearTimeout(reconnectTimer);
  if (!navigator.onLine) {
    connection.value = 'offline';
    return;
  }
  connection.value = 'reconnecting';
  reconnectTimer = setTimeout(
    () => {
      reconnectTimer = null;
      subscribe();
    },
    backoffDelay(attempt++, { baseMs: 500, maxMs: 15_000 }),
  );
}

window.addEventListener('offline', () => {
  connection.value = 'offline';
  if (reconnectTimer) clearTimeout(reconnectTimer);
  dropClient();
});
window.addEventListener('online', () => {
  attempt = 0;
  connection.value = 'reconnecting';
  if (!sessionId.value && wantedAgentId) void openChat(wantedAgentId);
  else subscribe();
  void flushOutbox();
});

async function sendEntry(entry: { sessionId: string; clientMessageId: string; text: string }): Promise<SendOutcome> {
  try {
    const { sendMessage } = await authed(SEND_MESSAGE, {
      input: { sessionId: entry.sessionId, clientMessageId: entry.clientMessageId, text: entry.text },
    });
    if (sendMessage.__typename === 'ChatMessage') {
      if (sendMessage.sessionId === sessionId.value) {
        messages.value = mergeMessages(messages.value, [sendMessage as TimelineMessage]);
      }
      return { kind: 'sent' };
    }
    if (sendMessage.__typename === 'DomainError') {
      if (sendMessage.code === 'RATE_LIMITED') {
        return { kind: 'retry-later', afterMs: (sendMessage.retryAfterSeconds ?? 5) * 1000 };
      }
      return { kind: 'refused', code: sendMessage.code };
    }
    return { kind: 'refused', code: 'UNKNOWN' };
  } catch (error) {
    if (error instanceof ApiError) return { kind: 'refused', code: error.code };
    return { kind: 'network' };
  }
}

let flushRetry: ReturnType<typeof setTimeout> | null = null;

async function flushOutbox() {
  if (!navigator.onLine || !accessToken()) return;
  const result = await outbox.flush(sendEntry);
  outboxVersion.value++;
  if (result.waiting > 0 && !flushRetry) {
    flushRetry = setTimeout(
      () => {
        flushRetry = null;
        void flushOutbox();
      },
      result.retryAfterMs ?? backoffDelay(attempt, { baseMs: 2_000, maxMs: 30_000 }),
    );
  }
}

export async function loadAssignments() {
  try {
    assignments.value = (await authed(MY_ASSIGNMENTS, {})).myChatAssignments;
    assignmentsError.value = null;
  } catch (error) {
    assignmentsError.value = error instanceof NetworkError ? 'NETWORK' : ((error as ApiError).code ?? 'UNKNOWN');
  }
}

export async function openChat(agentId: string) {
  closeChat();
  wantedAgentId = agentId;
  knownSessionId.value = rememberedSessions()[agentId] ?? null;
  const known = assignments.value.find((assignment) => assignment.agentId === agentId);
  if (known?.agent) agent.value = { id: agentId, name: known.agent.name, online: known.agent.online };
  try {
    const { openChatSession } = await authed(OPEN_SESSION, { agentId });
    if (openChatSession.__typename !== 'ChatSession') {
      chatError.value = openChatSession.__typename === 'DomainError' ? openChatSession.code : 'UNKNOWN';
      return;
    }
    if (openChatSession.agent) agent.value = { ...openChatSession.agent };
    const id = openChatSession.id;
    const loaded = await loadHead(id);
    sessionId.value = id;
    localStorage.setItem(SESSIONS_KEY, JSON.stringify({ ...rememberedSessions(), [agentId]: id }));
    showHead(loaded);
    outboxVersion.value++;
    subscribe();
    void flushOutbox();
  } catch (error) {
    chatError.value = error instanceof NetworkError ? 'NETWORK' : ((error as ApiError).code ?? 'UNKNOWN');
    if (error instanceof NetworkError) connection.value = navigator.onLine ? 'reconnecting' : 'offline';
  }
}

/** The head first, then the newest page: anything newer than the head is replayed by the subscription. */
async function loadHead(id: string) {
  const head = await authed(SESSION_HEAD, { id });
  const history = await authed(SESSION_HISTORY, { id, before: null });
  return { after: head.chatSession.lastSequence, page: history.chatSession.messages };
}

/** Shows a freshly loaded head in place of the timeline (each message once, older pages on demand). */
function showHead(loaded: Awaited<ReturnType<typeof loadHead>>) {
  after = loaded.after;
  messages.value = mergeMessages([], loaded.page.nodes as TimelineMessage[]);
  streaming.value = null;
  olderCursor.value = loaded.page.pageInfo.hasNextPage ? (loaded.page.pageInfo.endCursor ?? null) : null;
}

/** RESYNC_REQUIRED: the server could not keep up with us; reload the session and follow it from its head. */
const resync = once(async (id: string) => {
  try {
    const loaded = await loadHead(id);
    if (sessionId.value !== id) return;
    showHead(loaded);
    subscribe();
  } catch (error) {
    if (sessionId.value !== id) return;
    if (error instanceof NetworkError) scheduleReconnect();
    else chatError.value = (error as ApiError).code ?? 'UNKNOWN';
  }
});

/** Loads the page of messages before the oldest one shown. */
export async function loadOlder() {
  const id = sessionId.value;
  const before = olderCursor.value;
  if (!id || !before) return;
  try {
    const history = await authed(SESSION_HISTORY, { id, before });
    if (sessionId.value !== id) return;
    messages.value = mergeMessages(messages.value, history.chatSession.messages.nodes as TimelineMessage[]);
    const page = history.chatSession.messages.pageInfo;
    olderCursor.value = page.hasNextPage ? (page.endCursor ?? null) : null;
  } catch (error) {
    chatError.value = error instanceof NetworkError ? 'NETWORK' : ((error as ApiError).code ?? 'UNKNOWN');
  }
}

/** The chat screen was left. */
export function leaveChat() {
  wantedAgentId = null;
  closeChat();
}

function closeChat() {
  sessionId.value = null;
  olderCursor.value = null;
  knownSessionId.value = null;
  agent.value = null;
  messages.value = [];
  streaming.value = null;
  agentTyping.value = false;
  chatError.value = null;
  after = 0;
  attempt = 0;
  if (reconnectTimer) clearTimeout(reconnectTimer);
  unsubscribe?.();
  unsubscribe = null;
}

/** Explicit sign-out: the queued messages and remembered sessions go too. */
export function forgetDevice() {
  outbox.clear();
  localStorage.removeItem(SESSIONS_KEY);
  outboxVersion.value++;
}

/** Ends the connection and the open chat (sign-out, or the session expired: the outbox is kept for then). */
export function disconnect() {
  closeChat();
  wantedAgentId = null;
  dropClient();
  assignments.value = [];
  connection.value = navigator.onLine ? 'idle' : 'offline';
}

export function sendText(text: string) {
  const id = sessionId.value ?? knownSessionId.value;
  const trimmed = text.trim();
  if (!id || !trimmed) return;
  outbox.add(id, trimmed);
  outboxVersion.value++;
  void flushOutbox();
}

/** Tells the agent the user is typing, at most every 3 s. */
export function userTyping() {
  const id = sessionId.value;
  if (!id || connection.value !== 'connected' || Date.now() - typingSentAt < 3_000) return;
  typingSentAt = Date.now();
  void authed(SET_TYPING, { sessionId: id, typing: true }).catch(() => {});
}

export function useChat() {
  return {
    connection: computed(() => connection.value),
    assignments: computed(() => assignments.value),
    assignmentsError: computed(() => assignmentsError.value),
    agent: computed(() => agent.value),
    agentTyping: computed(() => agentTyping.value),
    chatError: computed(() => chatError.value),
    hasOlder: computed(() => olderCursor.value !== null),
    items: computed(() => {
      void outboxVersion.value;
      const id = sessionId.value ?? knownSessionId.value;
      const queued = id ? outbox.entries(id) : [];
      return timelineItems(messages.value, queued, streaming.value);
    }),
  };
}
